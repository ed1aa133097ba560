/**
 * CloudTrail: the trails each region sees (shadow trails included, so organization and multi-Region trails homed
 * elsewhere are visible), and, once per trail and from its home region, its status and selectors.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type {
  CollectionErrorRecord,
  Evidence,
  InsightSelector,
  Trail,
  TrailDescription,
  TrailEventSelectors,
  TrailStatus,
  UnknownRecord,
} from '../snapshot/types.js';
import {plain, type AccountContext} from './context.js';
import {InvalidResponseError} from './errors.js';

export interface RegionTrails {
  /** ARNs of the trails `DescribeTrails` returned in the region. */
  trailArns: Evidence<string[]>;
  /** Their descriptions (empty when the call failed). */
  descriptions: TrailDescription[];
}

/** The account id in an ARN (`arn:partition:service:region:account:…`). */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^[0-9]{12}$/.test(account) ? account : undefined;
}

/** The region in an ARN. */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/** DescribeTrails in one region, shadow trails included. */
export async function describeTrails(c: AccountContext, region: string): Promise<RegionTrails> {
  const client = c.clients.get(CloudTrailClient, region);
  const descriptions: TrailDescription[] = [];
  c.serviceStart(region, 'cloudtrail');
  const trailArns = await c.evidence(region, 'cloudtrail:DescribeTrails', async ({send}) => {
    const out = await send((o) => client.send(new DescribeTrailsCommand({includeShadowTrails: true}), o));
    const trails = (out.trailList ?? []).map((t) => plain(t) as TrailDescription);
    const broken = trails.find((t) => !t.TrailARN || !t.Name || !t.HomeRegion || !accountOfArn(t.TrailARN));
    if (broken) throw new InvalidResponseError('DescribeTrails returned a trail without name, home region or ARN', 'cloudtrail:DescribeTrails');
    descriptions.push(...trails);
    return [...new Set(trails.map((t) => t.TrailARN))].sort();
  });
  return {trailArns, descriptions};
}

/** For a trail owned by another account, the failures that mean "not readable from here", which make it `unknown`. */
function foreignTrailUnknown(arn: string, ownerAccountId: string, accountId: string) {
  return (error: CollectionErrorRecord): UnknownRecord | undefined => {
    if (ownerAccountId === accountId) return undefined;
    // Throttling, timeouts and broken responses are our collection's failures, not the owner's business.
    if (error.kind !== 'AccessDenied' && error.kind !== 'ServiceError') return undefined;
    return {
      reason: `trail ${arn} belongs to account ${ownerAccountId}; read its status and selectors there (${error.code ?? error.kind})`,
      ownerAccountId,
    };
  };
}

/** One trail with its status, event selectors and Insights selectors, read from its home region by ARN. */
export async function trailDetails(c: AccountContext, description: TrailDescription): Promise<Trail> {
  const arn = description.TrailARN;
  const home = description.HomeRegion;
  const ownerAccountId = accountOfArn(arn) ?? c.accountId;
  const client = c.clients.get(CloudTrailClient, home);
  const unknown = foreignTrailUnknown(arn, ownerAccountId, c.accountId);
  c.serviceStart(home, 'cloudtrail');

  const [status, eventSelectors, insightSelectors] = await Promise.all([
    c.evidence(
      home,
      'cloudtrail:GetTrailStatus',
      async ({send}) => {
        const out = await send((o) => client.send(new GetTrailStatusCommand({Name: arn}), o));
        return plain(out) as TrailStatus;
      },
      {unknown},
    ),
    c.evidence(
      home,
      'cloudtrail:GetEventSelectors',
      async ({send}) => {
        const out = await send((o) => client.send(new GetEventSelectorsCommand({TrailName: arn}), o));
        // A trail has basic or advanced selectors; keep whichever AWS returned, as it returned it.
        const selectors: TrailEventSelectors = {};
        if (out.EventSelectors) selectors.EventSelectors = plain(out.EventSelectors) as TrailEventSelectors['EventSelectors'];
        if (out.AdvancedEventSelectors) {
          selectors.AdvancedEventSelectors = plain(out.AdvancedEventSelectors) as TrailEventSelectors['AdvancedEventSelectors'];
        }
        return selectors;
      },
      {unknown},
    ),
    c.evidence(
      home,
      'cloudtrail:GetInsightSelectors',
      async ({send}) => {
        const out = await send((o) => client.send(new GetInsightSelectorsCommand({TrailName: arn}), o));
        return (plain(out.InsightSelectors ?? []) as InsightSelector[]).map((s) => {
          const selector: InsightSelector = {};
          if (s.InsightType !== undefined) selector.InsightType = s.InsightType;
          if (s.EventCategories !== undefined) selector.EventCategories = s.EventCategories;
          return selector;
        });
      },
      {notConfigured: [] as InsightSelector[], unknown},
    ),
  ]);
  return {arn, ownerAccountId, description, status, eventSelectors, insightSelectors};
}

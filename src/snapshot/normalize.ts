/**
 * The normalizer: derives, from a validated snapshot, the facts that rules read. Every join lives here or in the
 * service's facts module under `facts/` (which trails cover a region, which bucket record belongs to a trail, which
 * account a trail is judged in), so that a policy is a selector plus a condition and never re-implements a join.
 *
 * One facts module per service, named as its collector in `src/collect/`: a reader follows one service from the AWS
 * calls (`src/collect/cloudtrail.ts`) to the facts policies see (`facts/cloudtrail.ts`). This file builds the
 * organization-wide indexes, asks each module for an account's subjects, and runs the cross-account joins.
 *
 * A derived fact whose evidence is missing carries the `Missing` marker itself, so the evaluator can answer `error`
 * or `unknown` instead of `pass`; a list fact part of which could not be read (the trails of a region DescribeTrails
 * failed in) holds the marker as an item, standing for any number of items — never an empty or shortened list.
 * test/evaluate/missing-evidence.test.ts walks every rule over every piece of evidence made missing to hold this.
 */
import {isMissing, valueOf} from './evidence.js';
import {managementEventCopies, preferTrail, trailFacts, trailSubjects, unlistedTrailRegions, type ManagementEventCopies, type TrailFacts} from './facts/cloudtrail.js';
import {apiStageSubjects, type ApiStageFacts} from './facts/apigateway.js';
import {eventDataStoreSubjects, type EventDataStoreFacts} from './facts/cloudtrail-lake.js';
import {isEnabledRegion, mapEvidence, notCollectedMarker, type SnapshotIndexes} from './facts/common.js';
import {configAggregatorFacts, configFacts, configGlobalRegions, linkOrganizationAggregators, organizationAggregatorEntries, type ConfigRegionFacts} from './facts/config.js';
import {detectiveFacts} from './facts/detective.js';
import {loadBalancerSubjects, type LoadBalancerFacts} from './facts/elb.js';
import {eksClusterSubjects, type EksClusterFacts} from './facts/eks.js';
import {administratorView, detectorFacts, linkGuardDutyAdministrators, type AdministratorDetector, type DetectorFacts} from './facts/guardduty.js';
import {logGroupSubjects, type LogGroupFacts, type TrailLogGroupFacts} from './facts/logs.js';
import {flowLogSubjects, vpcSubjects, type FlowLogFacts, type VpcFacts} from './facts/vpc.js';
import {webAclSubjects, type WebAclFacts} from './facts/wafv2.js';
import {bucketSubjects, evidenceScore, holdsBucket, pabFacts, type BucketFacts, type PublicAccessBlockFacts} from './facts/s3.js';
import {linkSecurityHubAdministrators, securityHubFacts, usesCentralConfiguration, type SecurityHubRegionFacts} from './facts/securityhub.js';
import {addCloudTrailLakeSources, securityLakeCoverage} from './facts/securitylake.js';
import type {AccountSnapshot, Evidence, Missing, PublicAccessBlock, RegionSnapshot, Snapshot, Trail, TrailBucket} from './types.js';

export type {TrailFacts} from './facts/cloudtrail.js';
export type {ConfigRegionFacts} from './facts/config.js';
export type {DetectorFacts} from './facts/guardduty.js';
export type {ApiStageFacts} from './facts/apigateway.js';
export type {EventDataStoreFacts} from './facts/cloudtrail-lake.js';
export type {EksClusterFacts} from './facts/eks.js';
export type {SecurityHubRegionFacts} from './facts/securityhub.js';
export {CWL_STORAGE_USD_PER_GB_MONTH, type LogGroupFacts, type TrailLogGroupFacts} from './facts/logs.js';
export {policyAllowsEveryone, type BucketFacts, type LifecycleRuleFacts, type PublicAccessBlockFacts} from './facts/s3.js';
export type {LoadBalancerFacts} from './facts/elb.js';
export type {FlowLogFacts, VpcFacts} from './facts/vpc.js';
export type {WebAclFacts} from './facts/wafv2.js';

/** A thing a rule is evaluated on: where it is, what it is called, and its facts. */
export interface Subject<F = Record<string, unknown>> {
  accountId: string;
  /** A region name, or `global` for account-wide subjects. */
  region: string;
  /** An ARN where AWS has one, otherwise a stable id (`account/123…`, `123…/eu-west-1`). */
  resource: string;
  resourceType: string;
  facts: F;
}

/** The named selectors (`given`) policies choose their subjects with. */
export interface NormalizedSnapshot {
  accounts: Subject<AccountFacts>[];
  regions: Subject<RegionFacts>[];
  trails: Subject<TrailFacts>[];
  trailBuckets: Subject<BucketFacts>[];
  logGroups: Subject<LogGroupFacts>[];
  trailLogGroups: Subject<TrailLogGroupFacts>[];
  /** VPCs of every enabled region, with flow-log coverage and Resolver query logging. */
  vpcs: Subject<VpcFacts>[];
  /** Flow logs of every enabled region, with the class of the log group they deliver to. */
  flowLogs: Subject<FlowLogFacts>[];
  /** Load balancers (Application, Network, Gateway, Classic) of every enabled region. */
  loadBalancers: Subject<LoadBalancerFacts>[];
  /** WAF web ACLs (REGIONAL in each region, CLOUDFRONT in us-east-1). */
  webAcls: Subject<WebAclFacts>[];
  eksClusters: Subject<EksClusterFacts>[];
  /** API Gateway stages: REST (v1), HTTP and WebSocket (v2). */
  apiStages: Subject<ApiStageFacts>[];
  /** CloudTrail Lake event data stores. */
  eventDataStores: Subject<EventDataStoreFacts>[];
  /** Accounts that could not be audited at all: every rule reports `error` for them. */
  failedAccounts: {accountId: string; error: Missing}[];
  /** When the evidence was collected: time-based facts are relative to this, never to "now". */
  collectedAt: string;
}

export type SelectorName = Exclude<keyof NormalizedSnapshot, 'failedAccounts' | 'collectedAt'>;

/**
 * The facts of one subject of each selector: what `given` selects and `then` reads. Published, generated from these
 * types, as schema/facts.schema.json, against which every policy's fact names are checked when it is loaded.
 */
export type FactsBySelector = {[S in SelectorName]: NormalizedSnapshot[S][number]['facts']};
export const SELECTOR_NAMES: SelectorName[] = [
  'accounts',
  'regions',
  'trails',
  'trailBuckets',
  'logGroups',
  'trailLogGroups',
  'vpcs',
  'flowLogs',
  'loadBalancers',
  'webAcls',
  'eksClusters',
  'apiStages',
  'eventDataStores',
];

export interface AccountFacts {
  accountId: string;
  alias: string | null;
  inOrganization: Evidence<boolean>;
  isManagementAccount: Evidence<boolean>;
  organizationId: string | null;
  enabledRegions: string[];
  /** Every trail the account is covered by (its own and organization trails), each with its facts. */
  trails: (TrailFacts | Missing)[];
  /**
   * The organization trails among `trails`. When the organization itself could not be read, its marker is one more
   * item, so that "no organization trail" is never judged without knowing whether the account is in one.
   */
  organizationTrails: (TrailFacts | Missing)[];
  publicAccessBlock: Evidence<PublicAccessBlockFacts | null>;
  /**
   * For each bucket the account's own trails deliver to: whether the bucket lives in another account (with the
   * marker of each region whose trails could not be listed, since their buckets are unknown).
   */
  trailBucketPlacement: ({bucket: string; centralized: Evidence<boolean>} | Missing)[];
  guardDutyDetectors: (DetectorFacts | Missing)[];
  configAggregators: ({name: string; organizationWide: boolean; allRegions: boolean} | Missing)[];
  /**
   * The Config aggregators of every audited account of the same organization (the account's own when standalone), so
   * an aggregator in a delegated administrator account is seen from the management account.
   */
  organizationConfigAggregators: ({accountId: string; name: string; organizationWide: boolean; allRegions: boolean} | Missing)[];
  /** Regions whose Config recorder includes global resource types, and the marker of each region not read. */
  configGlobalTypesRegions: (string | Missing)[];
  /**
   * The Security Lake data lakes (`<lake account>/<region>`) that collect this account's CloudTrail management events,
   * its own or an audited delegated administrator's; a marker for each region whose lake could not be read, and an
   * `unknown` one for an organization member with no lake in sight.
   */
  securityLakeCloudTrail: (string | Missing)[];
}

export interface RegionFacts {
  region: string;
  optInStatus: string;
  /** Trails that record events in this region: multi-Region trails, and single-Region trails homed here. */
  trails: (TrailFacts | Missing)[];
  /** The logging trails that record each management event here, by category and event source. */
  managementEventCopies: ManagementEventCopies;
  guardDuty: Evidence<DetectorFacts[]>;
  detective: Evidence<{graphCount: number; memberOf: Evidence<number>}>;
  config: Evidence<ConfigRegionFacts>;
  securityHub: SecurityHubRegionFacts;
}

// ---- the whole snapshot, or one account at a time ---------------------------------------------------------------

/** Derives every selector's subjects from a validated snapshot. Pure: the same snapshot gives the same result. */
export function normalize(snapshot: Snapshot): NormalizedSnapshot {
  const index = new OrganizationIndex();
  for (const account of snapshot.accounts) index.add(account);
  const out = emptyNormalized(snapshot.collection.finishedAt);
  for (const account of snapshot.accounts) normalizeAccountInto(account, index, snapshot.collection.finishedAt, out);
  return out;
}

/** A normalized snapshot with no subject yet. */
export function emptyNormalized(collectedAt: string): NormalizedSnapshot {
  return {
    accounts: [],
    regions: [],
    trails: [],
    trailBuckets: [],
    logGroups: [],
    trailLogGroups: [],
    vpcs: [],
    flowLogs: [],
    loadBalancers: [],
    webAcls: [],
    eksClusters: [],
    apiStages: [],
    eventDataStores: [],
    failedAccounts: [],
    collectedAt,
  };
}

/**
 * What the cross-account joins need to know about the whole organization, gathered in one pass over its accounts
 * before any of them is normalized: the owner's record of each trail and trail bucket, each account's public access
 * block, the GuardDuty detectors and Security Hub configuration of possible administrators, the Config aggregators per
 * organization and the Security Lake sources. It holds a few small records per account, never an account itself, so an
 * organization of 10,000 accounts can be normalized one account at a time (`normalizeAccount`) against it — and
 * `normalize` of a whole snapshot is the same thing done for every account.
 */
export class OrganizationIndex {
  private readonly audited = new Set<string>();
  private readonly trailIndex = new Map<string, Trail>();
  private readonly bucketIndex = new Map<string, TrailBucket>();
  private readonly pabIndex = new Map<string, Evidence<PublicAccessBlock | null>>();
  private readonly recordedBy = new Map<string, Set<string>>();
  private readonly lakeSources = new Map<string, string[]>();
  /** `account|region` → that region's detectors as a member sees its administrator's (enabled regions of audited accounts). */
  private readonly detectors = new Map<string, Evidence<AdministratorDetector[]>>();
  private readonly centralSecurityHub = new Set<string>();
  private readonly aggregatorsByOrganization = new Map<string, AccountFacts['organizationConfigAggregators']>();
  private trailsByBucket?: Map<string, Trail[]>;

  /** Takes in one account of the organization (every account must be added before any is normalized). */
  add(account: AccountSnapshot): void {
    if (this.trailsByBucket) throw new Error('OrganizationIndex: an account was added after normalization began');
    const id = account.accountId;
    // `null` is evidence ("not configured"), only an absent field is "not collected": so `=== undefined`, not `??`.
    this.pabIndex.set(id, account.s3PublicAccessBlock === undefined ? notCollectedMarker('account public access block') : account.s3PublicAccessBlock);
    for (const trail of account.trails) {
      const known = this.trailIndex.get(trail.arn);
      if (!known || preferTrail(trail, known, id)) this.trailIndex.set(trail.arn, trail);
    }
    for (const bucket of account.trailBuckets) {
      const known = this.bucketIndex.get(bucket.name);
      if (!known || evidenceScore(bucket) > evidenceScore(known)) this.bucketIndex.set(bucket.name, bucket);
      if (holdsBucket(bucket, id)) this.recordedBy.set(bucket.name, (this.recordedBy.get(bucket.name) ?? new Set()).add(id));
    }
    addCloudTrailLakeSources(account, this.lakeSources);
    if (account.error) return;
    this.audited.add(id);
    const enabledRegions = account.regions.filter(isEnabledRegion);
    for (const region of enabledRegions) this.detectors.set(`${id}|${region.name}`, administratorView(regionDetectors(region)));
    if (usesCentralConfiguration(enabledRegions.map(securityHubFacts))) this.centralSecurityHub.add(id);
    const orgId = valueOf(account.organization)?.id;
    if (orgId) {
      const list = this.aggregatorsByOrganization.get(orgId) ?? [];
      list.push(...organizationAggregatorEntries(id, configAggregatorFacts(enabledRegions)));
      this.aggregatorsByOrganization.set(orgId, list);
    }
  }

  /** The indexes one account is normalized with (built once, when the first account is normalized). */
  indexesAt(collectedAt: string): SnapshotIndexes {
    // Every trail in the organization that delivers to a bucket, so a bucket is judged with all the trails that use it.
    if (!this.trailsByBucket) {
      this.trailsByBucket = new Map();
      for (const trail of this.trailIndex.values()) {
        const name = trail.description.S3BucketName;
        if (name) this.trailsByBucket.set(name, [...(this.trailsByBucket.get(name) ?? []), trail]);
      }
    }
    const {audited, trailIndex, bucketIndex, pabIndex, recordedBy, trailsByBucket, lakeSources} = this;
    return {audited, trailIndex, bucketIndex, pabIndex, recordedBy, trailsByBucket, collectedAt, lakeSources};
  }

  /** Runs the cross-account joins on one account's subjects. */
  link(out: NormalizedSnapshot, from: number): void {
    const regions = out.regions.slice(from);
    linkGuardDutyAdministrators(regions, (accountId, region) => this.detectors.get(`${accountId}|${region}`));
    linkSecurityHubAdministrators(regions, this.centralSecurityHub);
    const account = out.accounts[out.accounts.length - 1];
    if (account) linkOrganizationAggregators(account.facts, this.aggregatorsByOrganization);
  }
}

/** The facts of one account of an organization, joined with the others through the index. */
export function normalizeAccount(account: AccountSnapshot, index: OrganizationIndex, snapshotCollectedAt: string): NormalizedSnapshot {
  const out = emptyNormalized(snapshotCollectedAt);
  normalizeAccountInto(account, index, snapshotCollectedAt, out);
  return out;
}

function normalizeAccountInto(account: AccountSnapshot, index: OrganizationIndex, snapshotCollectedAt: string, out: NormalizedSnapshot): void {
  if (account.error) {
    out.failedAccounts.push({accountId: account.accountId, error: {error: account.error}});
    return;
  }
  // An account's own collection time: a merged snapshot's finishedAt is the merge's, not the collection's.
  const from = out.regions.length;
  appendAccount(account, index.indexesAt(account.collectedAt ?? snapshotCollectedAt), out);
  index.link(out, from);
}

/** A region's GuardDuty detectors as facts, or the marker of why they are not known. */
function regionDetectors(region: RegionSnapshot): Evidence<DetectorFacts[]> {
  return region.error ? {error: region.error} : detectorFacts(region.name, region.guardDuty?.detectors ?? notCollectedMarker('GuardDuty'));
}

/** Appends one account's subjects to every selector. */
function appendAccount(account: AccountSnapshot, ix: SnapshotIndexes, out: NormalizedSnapshot): void {
  const id = account.accountId;
  const org = account.organization;
  const orgInfo = valueOf(org);
  const enabledRegions = account.regions.filter(isEnabledRegion);

  // Trails this account sees, in the owner's authoritative version.
  const trails = account.trails.map((t) => trailFacts(ix.trailIndex.get(t.arn) ?? t, id, ix.collectedAt, ix.bucketIndex));
  // A region whose trails could not be listed may hide trails: every list of the account's trails carries its marker.
  const unlisted = unlistedTrailRegions(enabledRegions);
  const trailsMissing = unlisted.map((u) => u.missing);
  out.trails.push(...trailSubjects(id, trails, unlisted, enabledRegions.length, ix));

  const buckets = bucketSubjects(account, trails, trailsMissing, ix);
  out.trailBuckets.push(...buckets.subjects);

  const logs = logGroupSubjects(account, enabledRegions, trails, trailsMissing, ix);
  out.logGroups.push(...logs.logGroups);
  out.trailLogGroups.push(...logs.trailLogGroups);

  // Regions: the trails that cover each, and the region-scoped services.
  const detectorsByRegion = new Map<string, Evidence<DetectorFacts[]>>();
  const globalTypesRegions = configGlobalRegions(enabledRegions);
  for (const region of enabledRegions) {
    out.vpcs.push(...vpcSubjects(id, region));
    out.flowLogs.push(...flowLogSubjects(id, region));
    out.loadBalancers.push(...loadBalancerSubjects(id, region));
    out.webAcls.push(...webAclSubjects(id, region));
    const covering: (TrailFacts | Missing)[] = trails.filter((t) => t.isMultiRegion || t.homeRegion === region.name);
    const ownList = region.error ? {error: region.error} : region.trailArns;
    if (ownList === undefined || isMissing(ownList)) covering.push(ownList ?? notCollectedMarker('DescribeTrails'));
    const guardDuty = regionDetectors(region);
    detectorsByRegion.set(region.name, guardDuty);
    out.regions.push({
      accountId: id,
      region: region.name,
      resource: `${id}/${region.name}`,
      resourceType: 'AWS::Region',
      facts: {
        region: region.name,
        optInStatus: region.optInStatus,
        trails: covering,
        managementEventCopies: managementEventCopies(covering),
        guardDuty,
        detective: region.error ? {error: region.error} : detectiveFacts(region),
        config: region.error ? {error: region.error} : configFacts(region, globalTypesRegions),
        securityHub: securityHubFacts(region),
      },
    });
    out.eksClusters.push(...eksClusterSubjects(id, region));
    out.apiStages.push(...apiStageSubjects(id, region));
    out.eventDataStores.push(...eventDataStoreSubjects(id, region, [...trails, ...trailsMissing]));
  }

  const detectors: (DetectorFacts | Missing)[] = [];
  for (const evidence of detectorsByRegion.values()) {
    if (isMissing(evidence)) detectors.push(evidence);
    else detectors.push(...evidence);
  }
  const accountPab = account.s3PublicAccessBlock === undefined ? notCollectedMarker('S3 account public access block') : account.s3PublicAccessBlock;
  out.accounts.push({
    accountId: id,
    region: 'global',
    resource: `account/${id}`,
    resourceType: 'AWS::::Account',
    facts: {
      accountId: id,
      alias: valueOf(account.alias) ?? null,
      inOrganization: mapEvidence(org, (o) => o !== null),
      isManagementAccount: mapEvidence(org, (o) => o?.managementAccountId === id),
      organizationId: orgInfo?.id ?? null,
      enabledRegions: enabledRegions.map((r) => r.name),
      trails: [...trails, ...trailsMissing],
      organizationTrails: [
        ...trails.filter((t) => t.isOrganizationTrail),
        ...trailsMissing,
        ...[mapEvidence(org, (o) => o !== null)].filter(isMissing),
      ],
      publicAccessBlock: mapEvidence(accountPab, pabFacts),
      trailBucketPlacement: buckets.placement,
      guardDutyDetectors: detectors,
      configAggregators: configAggregatorFacts(enabledRegions),
      configGlobalTypesRegions: globalTypesRegions,
      // Filled by linkOrganizationAggregators from the organization index.
      organizationConfigAggregators: [],
      securityLakeCloudTrail: securityLakeCoverage(account, ix.lakeSources.get(id), orgInfo !== undefined && orgInfo !== null),
    },
  });
}

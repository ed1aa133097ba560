/**
 * AWS WAF (v2) of a region: the web ACLs of scope REGIONAL (and, in us-east-1, whose endpoint serves it, of scope
 * CLOUDFRONT), and the logging configurations of each scope, read with one batch listing per log scope instead of one
 * GetLoggingConfiguration per web ACL.
 */
import {
  ListLoggingConfigurationsCommand,
  ListWebACLsCommand,
  LogScope,
  Scope,
  WAFV2Client,
  type ListLoggingConfigurationsCommandOutput,
  type ListWebACLsCommandOutput,
} from '@aws-sdk/client-wafv2';
import {isMissing, isUnavailable} from '../snapshot/evidence.js';
import type {ServiceUnavailable, WafLoggingConfiguration, WafScopeEvidence, Wafv2Evidence, WebAclSummary} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

/** The region whose endpoint serves scope CLOUDFRONT. */
export const CLOUDFRONT_REGION = 'us-east-1';
/** WAF's largest page. */
const PAGE_SIZE = 100;
/**
 * Every owner of a logging configuration: the customer's own (the default), Security Lake's and CloudWatch telemetry
 * rules'. A web ACL logged through any of them is logged; listing only the default would call it unlogged.
 */
const LOG_SCOPES = Object.values(LogScope);

const WEB_ACL_FIELDS = ['Name', 'Id', 'ARN'] as const;
const LOGGING_FIELDS = ['ResourceArn', 'LogDestinationConfigs', 'ManagedByFirewallManager', 'LogType', 'LogScope'] as const;

/** The pages of a WAF listing, which pages with `NextMarker` and has no SDK paginator. */
async function* markerPages<P extends {NextMarker?: string}>(
  fetch: (NextMarker: string | undefined) => Promise<P>,
  items: (page: P) => unknown[] | undefined,
): AsyncGenerator<P> {
  let marker: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await fetch(marker);
    yield page;
    marker = page.NextMarker;
    // WAF may hand out a marker with an empty last page; a marker seen before would loop forever.
    if (!marker || !items(page)?.length || seen.has(marker)) return;
    seen.add(marker);
  }
}

async function readScope(c: AccountContext, client: WAFV2Client, region: string, scope: Scope): Promise<WafScopeEvidence | ServiceUnavailable> {
  const webAcls = await c.evidence(
    region,
    'wafv2:ListWebACLs',
    async ({allPages}) => {
      const all = await allPages(
        markerPages(
          (NextMarker): Promise<ListWebACLsCommandOutput> => client.send(new ListWebACLsCommand({Scope: scope, Limit: PAGE_SIZE, NextMarker}), c.sendOptions),
          (p) => p.WebACLs,
        ),
        (p) => p.WebACLs,
      );
      return all.filter((a) => a.ARN).map((a) => pick(a, WEB_ACL_FIELDS) as WebAclSummary);
    },
    {unavailable: true},
  );
  if (isUnavailable(webAcls)) return webAcls;
  // No web ACL in the scope: no logging configuration can matter, so none is read.
  if (!isMissing(webAcls) && webAcls.length === 0) return {webAcls, loggingConfigurations: []};
  const loggingConfigurations = await c.evidence(region, 'wafv2:ListLoggingConfigurations', async ({allPages}) => {
    const perLogScope = await Promise.all(
      LOG_SCOPES.map((logScope) =>
        allPages(
          markerPages(
            (NextMarker): Promise<ListLoggingConfigurationsCommandOutput> =>
              client.send(new ListLoggingConfigurationsCommand({Scope: scope, LogScope: logScope, Limit: PAGE_SIZE, NextMarker}), c.sendOptions),
            (p) => p.LoggingConfigurations,
          ),
          (p) => p.LoggingConfigurations,
        ),
      ),
    );
    return perLogScope.flat().filter((l) => l.ResourceArn).map((l) => pick(l, LOGGING_FIELDS) as WafLoggingConfiguration);
  });
  return {webAcls, loggingConfigurations};
}

/** The WAF evidence of one region, or `{unavailable}` when AWS WAF is not offered there. */
export async function collectWafv2(c: AccountContext, region: string): Promise<Wafv2Evidence | ServiceUnavailable> {
  const client = c.clients.get(WAFV2Client, region);
  c.serviceStart(region, 'wafv2');
  const [regional, cloudFront] = await Promise.all([
    readScope(c, client, region, Scope.REGIONAL),
    region === CLOUDFRONT_REGION ? readScope(c, client, region, Scope.CLOUDFRONT) : undefined,
  ]);
  if (isUnavailable(regional)) return regional;
  return {regional, ...(cloudFront && !isUnavailable(cloudFront) ? {cloudFront} : {})};
}

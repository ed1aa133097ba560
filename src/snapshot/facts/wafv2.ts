/**
 * AWS WAF facts (fed by src/collect/wafv2.ts): one subject per web ACL (scope REGIONAL in each region, CLOUDFRONT in
 * us-east-1), with whether a logging configuration of any owner (the customer, Security Lake, a CloudWatch telemetry
 * rule) sends its traffic somewhere.
 */
import {isMissing, isUnavailable} from '../evidence.js';
import type {Subject} from '../normalize.js';
import type {Evidence, Missing, RegionSnapshot, WafScopeEvidence} from '../types.js';
import {notCollectedMarker} from './common.js';

export interface WebAclFacts {
  name: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
  /** A logging configuration names a destination for the web ACL. */
  logging: Evidence<boolean>;
  /** Who manages the logging configuration (`CUSTOMER`, `SECURITY_LAKE`, …), when there is one. */
  logScopes: string[];
}

function scopeSubjects(accountId: string, region: string, scope: WebAclFacts['scope'], evidence: WafScopeEvidence | Missing): Subject<WebAclFacts>[] {
  const acls = isMissing(evidence) ? evidence : evidence.webAcls;
  if (isMissing(acls)) {
    return [
      {
        accountId,
        region,
        resource: `arn:aws:wafv2:${region}:${accountId}:${scope === 'CLOUDFRONT' ? 'global' : 'regional'}/webacl/*`,
        resourceType: 'AWS::WAFv2::WebACL',
        facts: {name: '(not listed)', scope, logging: acls, logScopes: []},
      },
    ];
  }
  const configs = (evidence as WafScopeEvidence).loggingConfigurations;
  return acls.map((acl) => {
    const mine = isMissing(configs) ? [] : configs.filter((c) => c.ResourceArn === acl.ARN && (c.LogDestinationConfigs?.length ?? 0) > 0);
    return {
      accountId,
      region,
      resource: acl.ARN,
      resourceType: 'AWS::WAFv2::WebACL',
      facts: {
        name: acl.Name ?? acl.ARN.split('/')[2] ?? acl.ARN,
        scope,
        // Without the logging listing, only a configuration seen could decide; none was seen.
        logging: isMissing(configs) ? configs : mine.length > 0,
        logScopes: [...new Set(mine.map((c) => c.LogScope ?? 'CUSTOMER'))],
      },
    };
  });
}

/** The web ACL subjects of one region (none where WAF is not offered). */
export function webAclSubjects(accountId: string, region: RegionSnapshot): Subject<WebAclFacts>[] {
  const group = region.error ? {error: region.error} : (region.wafv2 ?? notCollectedMarker('WAF web ACLs'));
  if (isUnavailable(group)) return [];
  if (isMissing(group)) {
    return [...scopeSubjects(accountId, region.name, 'REGIONAL', group), ...(region.name === 'us-east-1' ? scopeSubjects(accountId, region.name, 'CLOUDFRONT', group) : [])];
  }
  return [
    ...scopeSubjects(accountId, region.name, 'REGIONAL', group.regional),
    // us-east-1 serves scope CLOUDFRONT: a snapshot of it without that scope has not read it.
    ...(group.cloudFront
      ? scopeSubjects(accountId, region.name, 'CLOUDFRONT', group.cloudFront)
      : region.name === 'us-east-1'
        ? scopeSubjects(accountId, region.name, 'CLOUDFRONT', notCollectedMarker('WAF web ACLs of scope CLOUDFRONT'))
        : []),
  ];
}

/**
 * Elastic Load Balancing facts (fed by src/collect/elb.ts): one subject per load balancer, v2 (application, network,
 * gateway) and Classic alike, with whether it writes access logs.
 */
import {isMissing, isUnavailable} from '../evidence.js';
import type {Subject} from '../normalize.js';
import type {ClassicLoadBalancer, Evidence, LoadBalancerV2, Missing, RegionSnapshot} from '../types.js';
import {mapEvidence, notCollectedMarker} from './common.js';

export interface LoadBalancerFacts {
  name: string;
  /** `application`, `network`, `gateway` or `classic`. */
  type: string;
  scheme: string;
  /** Access logs are on (`access_logs.s3.enabled` = "true"; Classic: `AccessLog.Enabled`). */
  accessLogs: Evidence<boolean>;
  /** The bucket the access logs go to, when they are on. */
  accessLogBucket: Evidence<string | null>;
}

function attribute(attributes: {Key?: string; Value?: string}[], key: string): string | undefined {
  return attributes.find((a) => a.Key === key)?.Value;
}

function v2Facts(lb: LoadBalancerV2): LoadBalancerFacts {
  return {
    name: lb.LoadBalancerName ?? lb.LoadBalancerArn.split('/')[2] ?? lb.LoadBalancerArn,
    type: lb.Type ?? 'application',
    scheme: lb.Scheme ?? '',
    accessLogs: mapEvidence(lb.attributes, (a) => attribute(a, 'access_logs.s3.enabled') === 'true'),
    accessLogBucket: mapEvidence(lb.attributes, (a) => (attribute(a, 'access_logs.s3.enabled') === 'true' ? (attribute(a, 'access_logs.s3.bucket') ?? null) : null)),
  };
}

function classicFacts(lb: ClassicLoadBalancer): LoadBalancerFacts {
  return {
    name: lb.LoadBalancerName,
    type: 'classic',
    scheme: lb.Scheme ?? '',
    accessLogs: mapEvidence(lb.attributes, (a) => a.AccessLog?.Enabled === true),
    accessLogBucket: mapEvidence(lb.attributes, (a) => (a.AccessLog?.Enabled === true ? (a.AccessLog.S3BucketName ?? null) : null)),
  };
}

/** A subject standing for the load balancers of a listing that could not be read. */
function unlisted(accountId: string, region: string, type: string, marker: Missing): Subject<LoadBalancerFacts> {
  return {
    accountId,
    region,
    resource: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${type === 'classic' ? '' : `${type}/`}*`,
    resourceType: type === 'classic' ? 'AWS::ElasticLoadBalancing::LoadBalancer' : 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    facts: {name: '(not listed)', type, scheme: '', accessLogs: marker, accessLogBucket: marker},
  };
}

/** The load balancer subjects of one region (none where Elastic Load Balancing is not offered). */
export function loadBalancerSubjects(accountId: string, region: RegionSnapshot): Subject<LoadBalancerFacts>[] {
  const group = region.error ? {error: region.error} : (region.loadBalancers ?? notCollectedMarker('load balancers'));
  if (isUnavailable(group)) return [];
  const v2 = isMissing(group) ? group : group.v2;
  const classic = isMissing(group) ? group : group.classic;
  const out: Subject<LoadBalancerFacts>[] = [];
  if (isMissing(v2)) out.push(unlisted(accountId, region.name, 'v2', v2));
  else {
    for (const lb of v2) {
      out.push({accountId, region: region.name, resource: lb.LoadBalancerArn, resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', facts: v2Facts(lb)});
    }
  }
  if (isMissing(classic)) out.push(unlisted(accountId, region.name, 'classic', classic));
  else {
    for (const lb of classic) {
      out.push({
        accountId,
        region: region.name,
        resource: `arn:aws:elasticloadbalancing:${region.name}:${accountId}:loadbalancer/${lb.LoadBalancerName}`,
        resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer',
        facts: classicFacts(lb),
      });
    }
  }
  return out;
}

/**
 * Elastic Load Balancing of a region: every Application, Network and Gateway Load Balancer (ELB v2 API) and every
 * Classic Load Balancer, each with its attributes. Both APIs read attributes one load balancer per call (neither has a
 * batch form), so this is one call per load balancer after the listings.
 */
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers as paginateDescribeClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancerAttributesCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {isMissing, isUnavailable} from '../snapshot/evidence.js';
import type {ClassicLoadBalancer, Evidence, LoadBalancerEvidence, LoadBalancerV2, ServiceUnavailable} from '../snapshot/types.js';
import {plain, pick, type AccountContext} from './context.js';

const V2_FIELDS = ['LoadBalancerArn', 'LoadBalancerName', 'Type', 'Scheme', 'VpcId', 'State'] as const;
const CLASSIC_FIELDS = ['LoadBalancerName', 'DNSName', 'Scheme', 'VPCId'] as const;

/** The largest page of both DescribeLoadBalancers APIs. */
const PAGE_SIZE = 400;

/** The listed load balancers with their attributes; one deleted in between (attributes `null`) is dropped. */
async function withAttributes<L extends object, A>(
  listed: Evidence<L[]>,
  read: (lb: L) => Promise<Evidence<A | null>>,
): Promise<Evidence<(L & {attributes: Evidence<A>})[]>> {
  if (isMissing(listed)) return listed;
  const described = await Promise.all(listed.map(async (lb) => ({...lb, attributes: await read(lb)})));
  return described.filter((lb) => lb.attributes !== null) as (L & {attributes: Evidence<A>})[];
}

/** The load balancer evidence of one region, or `{unavailable}` when Elastic Load Balancing is not offered there. */
export async function collectLoadBalancers(c: AccountContext, region: string): Promise<LoadBalancerEvidence | ServiceUnavailable> {
  const v2Client = c.clients.get(ElasticLoadBalancingV2Client, region);
  const classicClient = c.clients.get(ElasticLoadBalancingClient, region);
  c.serviceStart(region, 'elasticloadbalancing');
  const [v2Listed, classicListed] = await Promise.all([
    c.evidence(
      region,
      'elbv2:DescribeLoadBalancers',
      async ({allPages}) => {
        const all = await allPages(paginateDescribeLoadBalancers({client: v2Client, pageSize: PAGE_SIZE}, {}, c.sendOptions), (p) => p.LoadBalancers);
        return all.filter((lb) => lb.LoadBalancerArn).map((lb) => pick(lb, V2_FIELDS) as Omit<LoadBalancerV2, 'attributes'>);
      },
      {unavailable: true},
    ),
    c.evidence(
      region,
      'elb:DescribeLoadBalancers',
      async ({allPages}) => {
        const all = await allPages(
          paginateDescribeClassicLoadBalancers({client: classicClient, pageSize: PAGE_SIZE}, {}, c.sendOptions),
          (p) => p.LoadBalancerDescriptions,
        );
        return all.filter((lb) => lb.LoadBalancerName).map((lb) => pick(lb, CLASSIC_FIELDS) as Omit<ClassicLoadBalancer, 'attributes'>);
      },
      {unavailable: true},
    ),
  ]);
  if (isUnavailable(v2Listed)) return v2Listed;
  if (isUnavailable(classicListed)) return classicListed;

  const [v2, classic] = await Promise.all([
    withAttributes(v2Listed, (lb) =>
      c.evidence(
        region,
        'elbv2:DescribeLoadBalancerAttributes',
        async ({send}) => {
          const out = await send((o) => v2Client.send(new DescribeLoadBalancerAttributesCommand({LoadBalancerArn: lb.LoadBalancerArn}), o));
          return (out.Attributes ?? []).map((a) => pick(a, ['Key', 'Value']) as {Key?: string; Value?: string});
        },
        {notConfigured: null},
      ),
    ),
    withAttributes(classicListed, (lb) =>
      c.evidence(
        region,
        'elb:DescribeLoadBalancerAttributes',
        async ({send}) => {
          const out = await send((o) => classicClient.send(new DescribeClassicAttributesCommand({LoadBalancerName: lb.LoadBalancerName}), o));
          return (plain(out.LoadBalancerAttributes ?? {}) ?? {}) as ClassicLoadBalancer['attributes'] & object;
        },
        {notConfigured: null},
      ),
    ),
  ]);
  return {v2: v2 as Evidence<LoadBalancerV2[]>, classic: classic as Evidence<ClassicLoadBalancer[]>};
}

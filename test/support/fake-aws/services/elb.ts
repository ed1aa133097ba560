/**
 * Elastic Load Balancing in the Query protocol: both API versions share the signing name and endpoint and are told
 * apart by `Version` — 2015-12-01 (v2: DescribeLoadBalancers → `LoadBalancers/member`, DescribeLoadBalancerAttributes →
 * `Attributes/member/{Key,Value}`) and 2012-06-01 (Classic: `LoadBalancerDescriptions/member`,
 * `LoadBalancerAttributes/AccessLog/…`). Both page with `Marker`/`NextMarker` and `PageSize` (1–400).
 */
import {regionOf, type FakeRequest, type Route} from '../context.js';
import {paginate} from '../paging.js';
import {AwsError, ELB_XMLNS, el, queryReply, unknownOperation, type FakeResponse} from '../wire.js';
import {formOf, listParam, queryRoute} from './query.js';

const V2 = '2015-12-01';
const CLASSIC = '2012-06-01';

/** Routes an Elastic Load Balancing request (v2 or Classic, by its `Version`). */
export function routeElb(req: FakeRequest): Route {
  const form = formOf(req);
  const version = form.get('Version') ?? '';
  const action = form.get('Action') ?? '';
  const known = version === V2 || version === CLASSIC;
  if (!known || (action !== 'DescribeLoadBalancers' && action !== 'DescribeLoadBalancerAttributes')) throw unknownOperation(req.service, action);
  const prefix = version === V2 ? 'elbv2' : 'elb';
  return queryRoute(req, prefix, (name): FakeResponse => {
    const region = regionOf(req);
    const accountId = req.caller.account.accountId;
    const reply = (xml: string) => queryReply('elasticloadbalancing', name, xml, ELB_XMLNS[version]);
    const notFound = (what: string) => new AwsError(400, 'LoadBalancerNotFound', `One or more load balancers not found: ${what}`);
    const page = <T>(items: T[]) =>
      paginate(items, {
        scope: `${prefix}:${name}/${req.region}`,
        token: form.get('Marker'),
        maxResults: form.has('PageSize') ? Number(form.get('PageSize')) : undefined,
        defaultSize: 400,
        maxSize: 400,
        forcedSize: req.forcedPageSize(`${prefix}:${name}`),
        invalid: (message) => new AwsError(400, 'ValidationError', message),
      });
    if (version === V2) {
      const lbs = (region.loadBalancers ?? []).map((lb) => ({
        lb,
        arn: `arn:aws:elasticloadbalancing:${req.region}:${accountId}:loadbalancer/${lb.type === 'application' ? 'app' : lb.type === 'network' ? 'net' : 'gwy'}/${lb.name}/${Buffer.from(lb.name).toString('hex').padEnd(16, '0').slice(0, 16)}`,
      }));
      if (name === 'DescribeLoadBalancers') {
        const {items, nextToken} = page(lbs);
        const xml = items
          .map(
            ({lb, arn}) =>
              `<member>${el('LoadBalancerArn', arn)}${el('Scheme', lb.scheme)}${el('LoadBalancerName', lb.name)}${el('VpcId', lb.vpcId)}` +
              `${el('CanonicalHostedZoneId', 'Z2P70J7EXAMPLE')}${el('CreatedTime', lb.createdTime)}<AvailabilityZones/>` +
              `${lb.type === 'gateway' ? '' : el('DNSName', `${lb.name}-1234567890.${req.region}.elb.amazonaws.com`)}` +
              `<State>${el('Code', 'active')}</State>${el('Type', lb.type)}${el('IpAddressType', 'ipv4')}</member>`,
          )
          .join('');
        return reply(`<LoadBalancers>${xml}</LoadBalancers>${el('NextMarker', nextToken)}`);
      }
      const arn = form.get('LoadBalancerArn') ?? '';
      const found = lbs.find((l) => l.arn === arn);
      if (!found) throw notFound(`'${arn}'`);
      const logs = found.lb.accessLogs;
      // GWLBs have no access_logs.* attributes at all; ALB and NLB always list them.
      const attributes: [string, string][] =
        found.lb.type === 'gateway'
          ? [['deletion_protection.enabled', 'false'], ['load_balancing.cross_zone.enabled', 'false']]
          : [
              ['access_logs.s3.enabled', String(logs !== null)],
              ['access_logs.s3.bucket', logs?.bucket ?? ''],
              ['access_logs.s3.prefix', logs?.prefix ?? ''],
              ['deletion_protection.enabled', 'false'],
            ];
      return reply(`<Attributes>${attributes.map(([k, v]) => `<member>${el('Key', k)}${el('Value', v)}</member>`).join('')}</Attributes>`);
    }
    const classic = region.classicLoadBalancers ?? [];
    if (name === 'DescribeLoadBalancers') {
      const names = listParam(form, 'LoadBalancerNames\\.member');
      const selected = names.length ? classic.filter((lb) => names.includes(lb.name)) : classic;
      const {items, nextToken} = page(selected);
      const xml = items
        .map(
          (lb) =>
            `<member>${el('LoadBalancerName', lb.name)}${el('DNSName', `${lb.name}-1234567890.${req.region}.elb.amazonaws.com`)}` +
            `${el('CanonicalHostedZoneNameID', 'Z3DZXE0EXAMPLE')}<ListenerDescriptions/>${el('Scheme', lb.scheme)}${el('VPCId', lb.vpcId)}` +
            `${el('CreatedTime', lb.createdTime)}<Instances/><SecurityGroups/></member>`,
        )
        .join('');
      return reply(`<LoadBalancerDescriptions>${xml}</LoadBalancerDescriptions>${el('NextMarker', nextToken)}`);
    }
    const lbName = form.get('LoadBalancerName') ?? '';
    const found = classic.find((lb) => lb.name === lbName);
    if (!found) throw new AwsError(400, 'LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${lbName}'`);
    const log = found.accessLog;
    return reply(
      `<LoadBalancerAttributes><AccessLog>${el('Enabled', log !== null)}${el('S3BucketName', log?.bucket)}${el('S3BucketPrefix', log?.prefix)}` +
        `${el('EmitInterval', log?.emitInterval)}</AccessLog><ConnectionSettings>${el('IdleTimeout', 60)}</ConnectionSettings>` +
        `<CrossZoneLoadBalancing>${el('Enabled', true)}</CrossZoneLoadBalancing><ConnectionDraining>${el('Enabled', false)}${el('Timeout', 300)}</ConnectionDraining>` +
        `</LoadBalancerAttributes>`,
    );
  });
}

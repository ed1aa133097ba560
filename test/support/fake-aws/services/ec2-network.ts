/**
 * EC2's VPC reads in EC2's Query dialect: DescribeVpcs (`vpcSet`), DescribeNetworkInterfaces (`networkInterfaceSet`),
 * DescribeFlowLogs (`flowLogSet`) and DescribeSubnets (`subnetSet`), each a list of `<item>` with lower-camel members
 * and a `nextToken`, paged by `MaxResults` (5–1000) as the EC2 API reference documents.
 */
import {regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeVpc} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, ec2Reply, el, type FakeResponse} from '../wire.js';
import {listParam, queryRoute} from './query.js';

export const EC2_NETWORK_ACTIONS = new Set(['DescribeVpcs', 'DescribeNetworkInterfaces', 'DescribeFlowLogs', 'DescribeSubnets']);

/** The `Filter.N.Name` → values of an EC2 request. */
function filtersOf(form: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (let i = 1; form.has(`Filter.${i}.Name`); i++) filters.set(form.get(`Filter.${i}.Name`)!, listParam(form, `Filter\\.${i}\\.Value`));
  return filters;
}

/** Keeps the items whose field matches each filter this fake knows; an unknown filter is EC2's InvalidParameterValue. */
function filtered<T>(items: T[], filters: Map<string, string[]>, fields: Record<string, (item: T) => string>): T[] {
  let out = items;
  for (const [name, values] of filters) {
    const field = fields[name];
    if (!field) throw new AwsError(400, 'InvalidParameterValue', `The filter '${name}' is invalid`);
    out = out.filter((item) => values.includes(field(item)));
  }
  return out;
}

/** Routes one of EC2's VPC reads. */
export function routeEc2Network(req: FakeRequest): Route {
  return queryRoute(req, 'ec2', (name, form): FakeResponse => {
    const region = regionOf(req);
    const accountId = req.caller.account.accountId;
    const vpcs = region.vpcs ?? [];
    const filters = filtersOf(form);
    const page = <T>(items: T[]) =>
      paginate(items, {
        scope: `ec2:${name}/${req.region}/${[...filters].join(';')}`,
        token: form.get('NextToken'),
        maxResults: form.has('MaxResults') ? Number(form.get('MaxResults')) : undefined,
        defaultSize: 1000,
        maxSize: 1000,
        forcedSize: req.forcedPageSize(`ec2:${name}`),
        invalid: (message) => new AwsError(400, 'InvalidParameterValue', message),
      });
    const ownerOf = (vpc: FakeVpc) => vpc.ownerId ?? accountId;
    switch (name) {
      case 'DescribeVpcs': {
        const {items, nextToken} = page(filtered(vpcs, filters, {'vpc-id': (v) => v.vpcId, 'is-default': (v) => String(v.isDefault)}));
        const xml = items
          .map(
            (v) =>
              `<item>${el('vpcId', v.vpcId)}${el('ownerId', ownerOf(v))}${el('state', 'available')}${el('cidrBlock', v.cidrBlock)}` +
              `<cidrBlockAssociationSet><item>${el('cidrBlock', v.cidrBlock)}${el('associationId', `vpc-cidr-assoc-${v.vpcId.slice(4)}`)}` +
              `<cidrBlockState>${el('state', 'associated')}</cidrBlockState></item></cidrBlockAssociationSet>` +
              `${el('dhcpOptionsId', 'dopt-19edf471')}${el('instanceTenancy', 'default')}${el('isDefault', v.isDefault)}</item>`,
          )
          .join('');
        return ec2Reply(name, `<vpcSet>${xml}</vpcSet>${el('nextToken', nextToken)}`);
      }
      case 'DescribeNetworkInterfaces': {
        const all = vpcs.flatMap((v) =>
          Array.from({length: v.networkInterfaces}, (_, i) => ({vpc: v, id: `eni-${v.vpcId.slice(4)}${String(i).padStart(4, '0')}`, subnet: v.subnets[i % Math.max(1, v.subnets.length)]})),
        );
        const {items, nextToken} = page(filtered(all, filters, {'vpc-id': (n) => n.vpc.vpcId}));
        const xml = items
          .map(
            (n) =>
              `<item>${el('networkInterfaceId', n.id)}${el('subnetId', n.subnet?.subnetId)}${el('vpcId', n.vpc.vpcId)}` +
              `${el('availabilityZone', n.subnet?.availabilityZone)}${el('ownerId', accountId)}${el('requesterManaged', false)}` +
              `${el('status', 'in-use')}${el('privateIpAddress', '10.0.0.10')}${el('interfaceType', 'interface')}</item>`,
          )
          .join('');
        return ec2Reply(name, `<networkInterfaceSet>${xml}</networkInterfaceSet>${el('nextToken', nextToken)}`);
      }
      case 'DescribeFlowLogs': {
        const {items, nextToken} = page(filtered(region.flowLogs ?? [], filters, {'resource-id': (f) => f.resourceId, 'traffic-type': (f) => f.trafficType}));
        const xml = items
          .map(
            (f) =>
              `<item>${el('creationTime', f.creationTime)}${el('deliverLogsStatus', f.deliverLogsStatus ?? 'SUCCESS')}${el('flowLogId', f.flowLogId)}` +
              `${el('flowLogStatus', 'ACTIVE')}${f.logDestinationType === 'cloud-watch-logs' ? el('logGroupName', f.logDestination.split(':log-group:')[1]) : ''}` +
              `${el('resourceId', f.resourceId)}${el('trafficType', f.trafficType)}${el('logDestinationType', f.logDestinationType)}` +
              `${el('logDestination', f.logDestination)}${el('logFormat', '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}')}` +
              `<tagSet/>${el('maxAggregationInterval', f.maxAggregationInterval ?? 600)}</item>`,
          )
          .join('');
        return ec2Reply(name, `<flowLogSet>${xml}</flowLogSet>${el('nextToken', nextToken)}`);
      }
      default: {
        const subnets = vpcs.flatMap((v) => v.subnets.map((s) => ({...s, vpc: v})));
        const {items, nextToken} = page(filtered(subnets, filters, {'vpc-id': (s) => s.vpc.vpcId, 'subnet-id': (s) => s.subnetId}));
        const xml = items
          .map(
            (s) =>
              `<item>${el('subnetId', s.subnetId)}${el('subnetArn', `arn:aws:ec2:${req.region}:${ownerOf(s.vpc)}:subnet/${s.subnetId}`)}` +
              `${el('state', 'available')}${el('ownerId', ownerOf(s.vpc))}${el('vpcId', s.vpc.vpcId)}${el('cidrBlock', s.vpc.cidrBlock)}` +
              `${el('availableIpAddressCount', 251)}${el('availabilityZone', s.availabilityZone)}${el('defaultForAz', s.vpc.isDefault)}` +
              `${el('mapPublicIpOnLaunch', false)}</item>`,
          )
          .join('');
        return ec2Reply(name, `<subnetSet>${xml}</subnetSet>${el('nextToken', nextToken)}`);
      }
    }
  });
}

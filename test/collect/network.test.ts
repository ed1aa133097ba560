import {beforeEach, describe, expect, it} from '@jest/globals';
import 'aws-sdk-client-mock-jest';
import {DescribeFlowLogsCommand, DescribeNetworkInterfacesCommand, DescribeSubnetsCommand} from '@aws-sdk/client-ec2';
import {DescribeLoadBalancerAttributesCommand} from '@aws-sdk/client-elastic-load-balancing-v2';
import {ListLoggingConfigurationsCommand, ListWebACLsCommand} from '@aws-sdk/client-wafv2';
import {collectSnapshot} from '../../src/collect/collect.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {
  LoadBalancerEvidence,
  RegionSnapshot,
  ResolverQueryLoggingEvidence,
  Vpc,
  VpcEvidence,
  Wafv2Evidence,
} from '../../src/snapshot/types.js';
import {ACCOUNT, awsError, configuredWorld, installWorld, mocks, testFactory, type World} from './mock-aws.js';
import {emptyNetwork, networkMocks} from './mock-network.js';

let world: World;

beforeEach(() => {
  world = installWorld(configuredWorld());
});

async function collect(regions = ['eu-west-1', 'us-east-1']) {
  const {clients} = testFactory();
  const snapshot = await collectSnapshot({clients, regions});
  // Whatever was collected must be a valid snapshot.
  validateSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected snapshot');
  const account = snapshot.accounts[0]!;
  const region = (name: string) => account.regions.find((r) => r.name === name)!;
  return {snapshot, account, region};
}

const vpcOf = (r: RegionSnapshot) => r.vpc as VpcEvidence;
const vpcById = (r: RegionSnapshot, id: string) => (vpcOf(r).vpcs as Vpc[]).find((v) => v.VpcId === id)!;
const dnsFailure = (host: string) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {code: 'ENOTFOUND'});

describe('VPCs and flow logs', () => {
  it('GIVEN three VPCs WHEN collected THEN each carries its interface count and only the subnet-logged one its subnets', async () => {
    const {region} = await collect(['eu-west-1']);
    const r = region('eu-west-1');

    expect(vpcById(r, 'vpc-0a1')).toEqual({VpcId: 'vpc-0a1', OwnerId: ACCOUNT, IsDefault: false, CidrBlock: '10.0.0.0/16', State: 'available', networkInterfaceCount: 3});
    expect(vpcById(r, 'vpc-0def').networkInterfaceCount).toBe(0);
    // vpc-0a1 has a VPC-level log and vpc-0def is unused: neither needs its subnets.
    expect(vpcById(r, 'vpc-0a1').subnets).toBeUndefined();
    expect(vpcById(r, 'vpc-0def').subnets).toBeUndefined();
    expect(vpcById(r, 'vpc-0b2').subnets).toEqual([
      {SubnetId: 'subnet-0b2a', VpcId: 'vpc-0b2', AvailabilityZone: 'eu-west-1a', OwnerId: ACCOUNT},
      {SubnetId: 'subnet-0b2b', VpcId: 'vpc-0b2', AvailabilityZone: 'eu-west-1b', OwnerId: ACCOUNT},
    ]);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeSubnetsCommand, 1);
    expect(mocks.ec2).toHaveReceivedCommandWith(DescribeSubnetsCommand, {Filters: [{Name: 'vpc-id', Values: ['vpc-0b2']}]});
    expect(vpcOf(r).flowLogs).toContainEqual(
      expect.objectContaining({FlowLogId: 'fl-0a1', ResourceId: 'vpc-0a1', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', CreationTime: '2025-01-01T00:00:00.000Z'}),
    );
  });

  it('GIVEN many interfaces on small pages WHEN collected THEN they are counted by VPC with one call per page', async () => {
    world.pageSize = 2;
    world.network['eu-west-1']!.interfaces = {'vpc-0a1': 5, 'vpc-0b2': 1};
    const {region} = await collect(['eu-west-1']);

    expect(vpcById(region('eu-west-1'), 'vpc-0a1').networkInterfaceCount).toBe(5);
    expect(vpcById(region('eu-west-1'), 'vpc-0b2').networkInterfaceCount).toBe(1);
    // 6 interfaces, 2 a page: 3 calls for the region, however many VPCs there are.
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeNetworkInterfacesCommand, 3);
  });

  it('GIVEN no subnet-level flow log in the region WHEN collected THEN no subnet is read', async () => {
    world.network['eu-west-1']!.flowLogs = [];
    const {region} = await collect(['eu-west-1']);

    expect(mocks.ec2).not.toHaveReceivedCommand(DescribeSubnetsCommand);
    expect(vpcById(region('eu-west-1'), 'vpc-0b2').subnets).toBeUndefined();
    expect(vpcOf(region('eu-west-1')).flowLogs).toEqual([]);
  });

  it('GIVEN interfaces cannot be listed WHEN collected THEN every VPC records the error as its count, and the rest is kept', async () => {
    world.network['eu-west-1']!.interfaces = awsError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.');
    const {region} = await collect(['eu-west-1']);
    const r = region('eu-west-1');

    for (const id of ['vpc-0a1', 'vpc-0b2', 'vpc-0def']) {
      expect(vpcById(r, id).networkInterfaceCount).toEqual({
        error: expect.objectContaining({kind: 'AccessDenied', code: 'UnauthorizedOperation', operation: 'ec2:DescribeNetworkInterfaces'}),
      });
    }
    // A VPC whose use is unknown still gets its subnets read: it may be in use.
    expect(vpcById(r, 'vpc-0def').subnets).toEqual([]);
    expect(Array.isArray(vpcOf(r).flowLogs)).toBe(true);
  });

  it('GIVEN flow logs cannot be read WHEN collected THEN the error is recorded and no subnet is read', async () => {
    world.network['eu-west-1']!.flowLogs = awsError('UnauthorizedOperation', 403);
    const {region} = await collect(['eu-west-1']);

    expect(vpcOf(region('eu-west-1')).flowLogs).toEqual({error: expect.objectContaining({kind: 'AccessDenied', operation: 'ec2:DescribeFlowLogs'})});
    expect(mocks.ec2).not.toHaveReceivedCommand(DescribeSubnetsCommand);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 1);
  });
});

describe('Route 53 Resolver query logging', () => {
  it('GIVEN a VPC associated with a configuration shared by another account WHEN collected THEN the association and the shared config are kept', async () => {
    const {region} = await collect(['eu-west-1']);
    const resolver = region('eu-west-1').resolverQueryLogging as ResolverQueryLoggingEvidence;

    expect(resolver.associations).toContainEqual({Id: 'rqlca-2', ResolverQueryLogConfigId: 'rqlc-shared', ResourceId: 'vpc-0b2', Status: 'ACTIVE', Error: 'NONE'});
    expect(resolver.configs).toContainEqual(expect.objectContaining({Id: 'rqlc-shared', OwnerId: '999999999999', ShareStatus: 'SHARED_WITH_ME'}));
  });

  it('GIVEN the associations cannot be listed WHEN collected THEN they are an error and the configs are kept', async () => {
    world.network['eu-west-1']!.queryLogAssociations = awsError('AccessDeniedException', 400, 'not authorized');
    const {region} = await collect(['eu-west-1']);
    const resolver = region('eu-west-1').resolverQueryLogging as ResolverQueryLoggingEvidence;

    expect(resolver.associations).toEqual({error: expect.objectContaining({kind: 'AccessDenied', operation: 'route53resolver:ListResolverQueryLogConfigAssociations'})});
    expect(Array.isArray(resolver.configs)).toBe(true);
  });
});

describe('load balancers', () => {
  it('GIVEN an ALB, an NLB and a classic ELB WHEN collected THEN each is kept with its attributes, read once per load balancer', async () => {
    const {region} = await collect(['eu-west-1']);
    const lbs = region('eu-west-1').loadBalancers as LoadBalancerEvidence;

    expect(lbs.v2).toHaveLength(2);
    expect(lbs.v2).toContainEqual(
      expect.objectContaining({LoadBalancerName: 'web', Type: 'application', State: {Code: 'active'}, attributes: expect.arrayContaining([{Key: 'access_logs.s3.enabled', Value: 'true'}])}),
    );
    expect(lbs.classic).toEqual([
      {
        LoadBalancerName: 'legacy',
        DNSName: 'legacy.example',
        Scheme: 'internet-facing',
        VPCId: 'vpc-0a1',
        attributes: {AccessLog: {Enabled: true, S3BucketName: `elb-logs-${ACCOUNT}`, EmitInterval: 60, S3BucketPrefix: 'classic'}, CrossZoneLoadBalancing: {Enabled: true}},
      },
    ]);
    expect(networkMocks.elbv2).toHaveReceivedCommandTimes(DescribeLoadBalancerAttributesCommand, 2);
  });

  it('GIVEN a load balancer deleted between the listing and its attributes WHEN collected THEN it is dropped, not an error', async () => {
    const net = world.network['eu-west-1']!;
    const nlb = (net.loadBalancers as {LoadBalancerArn: string}[])[1]!.LoadBalancerArn;
    delete net.loadBalancerAttributes[nlb];
    net.classicAttributes = {};
    const {region, snapshot} = await collect(['eu-west-1']);
    const lbs = region('eu-west-1').loadBalancers as LoadBalancerEvidence;

    expect((lbs.v2 as {LoadBalancerName?: string}[]).map((lb) => lb.LoadBalancerName)).toEqual(['web']);
    expect(lbs.classic).toEqual([]);
    expect(snapshot.collection.errors).toBe(0);
  });

  it('GIVEN attributes that cannot be read WHEN collected THEN the load balancer is kept with the error', async () => {
    const net = world.network['eu-west-1']!;
    const alb = (net.loadBalancers as {LoadBalancerArn: string}[])[0]!.LoadBalancerArn;
    net.loadBalancerAttributes[alb] = awsError('AccessDenied', 403, 'not authorized to perform: elasticloadbalancing:DescribeLoadBalancerAttributes');
    const {region} = await collect(['eu-west-1']);
    const lbs = region('eu-west-1').loadBalancers as LoadBalancerEvidence;

    expect(lbs.v2).toContainEqual(
      expect.objectContaining({LoadBalancerName: 'web', attributes: {error: expect.objectContaining({kind: 'AccessDenied', operation: 'elbv2:DescribeLoadBalancerAttributes'})}}),
    );
  });
});

describe('WAF', () => {
  it('GIVEN web ACLs in both scopes WHEN collected THEN CLOUDFRONT is read only in us-east-1, and logging through Security Lake is found', async () => {
    const {region} = await collect();
    const east = region('us-east-1').wafv2 as Wafv2Evidence;
    const eu = region('eu-west-1').wafv2 as Wafv2Evidence;

    expect(eu.cloudFront).toBeUndefined();
    expect(eu.regional.webAcls).toEqual([{Name: 'api', Id: 'a1b2', ARN: expect.stringContaining(':regional/webacl/api/')}]);
    expect(east.cloudFront?.loggingConfigurations).toEqual([expect.objectContaining({LogScope: 'SECURITY_LAKE', ResourceArn: expect.stringContaining('/webacl/cdn/')})]);
    expect(networkMocks.wafv2).toHaveReceivedCommandTimes(ListWebACLsCommand, 3);
    expect(networkMocks.wafv2).toHaveReceivedCommandWith(ListWebACLsCommand, {Scope: 'CLOUDFRONT'});
    // One listing per log scope and per scope: 3 per scope, never one call per web ACL.
    expect(networkMocks.wafv2).toHaveReceivedCommandTimes(ListLoggingConfigurationsCommand, 9);
  });

  it('GIVEN no web ACL WHEN collected THEN no logging configuration is listed', async () => {
    world.network['eu-west-1'] = {...emptyNetwork()};
    const {region} = await collect(['eu-west-1']);

    expect(region('eu-west-1').wafv2).toEqual({regional: {webAcls: [], loggingConfigurations: []}});
    expect(networkMocks.wafv2).not.toHaveReceivedCommand(ListLoggingConfigurationsCommand);
  });

  it('GIVEN WAF has no endpoint in a region whose other endpoints answer WHEN collected THEN WAF is unavailable there, not an error', async () => {
    world.network['eu-west-1']!.waf.REGIONAL.webAcls = dnsFailure('wafv2.eu-west-1.amazonaws.com');
    const {region, snapshot} = await collect(['eu-west-1']);

    expect(region('eu-west-1').wafv2).toEqual({unavailable: {reason: 'wafv2 has no endpoint in this region', code: 'ENOTFOUND'}});
    expect(snapshot.collection.errors).toBe(0);
    // The other services of the region are read as usual.
    expect(Array.isArray((region('eu-west-1').loadBalancers as LoadBalancerEvidence).v2)).toBe(true);
  });

  it('GIVEN a SubscriptionRequiredException WHEN collected THEN the service is unavailable', async () => {
    world.network['eu-west-1']!.queryLogConfigs = awsError('SubscriptionRequiredException', 400, 'The AWS Access Key Id needs a subscription for the service');
    const {region} = await collect(['eu-west-1']);

    expect(region('eu-west-1').resolverQueryLogging).toEqual({
      unavailable: {reason: 'the account is not subscribed to the service in this region', code: 'SubscriptionRequiredException'},
    });
  });
});

// The network collectors over HTTP: the real SDK clients for EC2 (EC2 Query/XML), ELB v2 and Classic (Query/XML),
// Route 53 Resolver and WAF v2 (JSON 1.1) against the wire-format fake, pages, errors and all.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals';
import {createClientFactory} from '../../src/collect/clients.js';
import {collectSnapshot} from '../../src/collect/collect.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {LoadBalancerEvidence, RegionSnapshot, ResolverQueryLoggingEvidence, Snapshot, Vpc, VpcEvidence, Wafv2Evidence} from '../../src/snapshot/types.js';
import {neglectedAccount, startFakeAws, wellConfiguredAccount, type FakeAccount, type FakeAws} from '../support/fake-aws/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const WELL = '111122223333';
const NEGLECTED = '444455556666';

let aws: FakeAws;

beforeAll(async () => {
  const well: FakeAccount = wellConfiguredAccount({accountId: WELL});
  // A CLOUDFRONT web ACL (served by us-east-1 only), logged through Security Lake.
  well.regions
    .find((r) => r.name === 'us-east-1')!
    .webAcls!.push({name: 'cdn', id: 'c0ffee00-1111-2222-3333-444455556666', scope: 'CLOUDFRONT', logging: {destinations: ['arn:aws:s3:::aws-security-data-lake-us-east-1'], logScope: 'SECURITY_LAKE'}});
  // 7 network interfaces and 3 load balancers on pages of 2.
  const eu = well.regions.find((r) => r.name === 'eu-west-1')!;
  eu.vpcs![0]!.networkInterfaces = 7;
  eu.loadBalancers!.push(
    {name: 'nlb', type: 'network', scheme: 'internal', vpcId: eu.vpcs![0]!.vpcId, accessLogs: null, createdTime: '2024-02-01T10:00:00.000Z'},
    {name: 'gwlb', type: 'gateway', scheme: 'internal', vpcId: eu.vpcs![0]!.vpcId, accessLogs: null, createdTime: '2024-02-01T10:00:00.000Z'},
  );
  aws = await startFakeAws(
    {accounts: [well, neglectedAccount({accountId: NEGLECTED})]},
    {pageSizes: {'ec2:DescribeNetworkInterfaces': 2, 'elbv2:DescribeLoadBalancers': 2, 'route53resolver:ListResolverQueryLogConfigAssociations': 1, 'wafv2:ListWebACLs': 1}},
  );
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.setFaults([]);
  aws.resetCalls();
});

async function collect(accountId: string, regions = ['eu-west-1', 'us-east-1']): Promise<{snapshot: Snapshot; region: (name: string) => RegionSnapshot}> {
  const credentials = aws.credentialsFor(accountId);
  const clients = createClientFactory({endpointUrl: aws.endpoint, credentials: async () => credentials, maxAttempts: 2, requestTimeoutMs: 5000});
  const snapshot = validateSnapshot(JSON.parse(JSON.stringify(await collectSnapshot({clients, regions}))), `snapshot of ${accountId}`);
  return {snapshot, region: (name) => snapshot.accounts[0]!.regions.find((r) => r.name === name)!};
}

describe('network evidence over the wire', () => {
  it('GIVEN a well-configured account WHEN collected THEN VPCs, interface counts, flow logs and the subnets that matter are read from EC2 XML', async () => {
    const {region, snapshot} = await collect(WELL);
    const vpc = region('eu-west-1').vpc as VpcEvidence;
    const vpcs = vpc.vpcs as Vpc[];

    expect(snapshot.collection.errors).toBe(0);
    expect(aws.problems()).toEqual([]);
    expect(vpcs.map((v) => [v.IsDefault, v.networkInterfaceCount, (v.subnets as unknown[] | undefined)?.length])).toEqual([
      [false, 7, undefined],
      [false, 2, 2],
      [true, 0, undefined],
    ]);
    expect(vpcs[0]).toMatchObject({OwnerId: WELL, CidrBlock: '10.0.0.0/16', State: 'available'});
    expect(vpc.flowLogs).toContainEqual(
      expect.objectContaining({ResourceId: vpcs[0]!.VpcId, FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT', LogDestinationType: 's3', CreationTime: '2024-02-01T10:00:00.000Z', MaxAggregationInterval: 600}),
    );
    // 7 + 2 interfaces on pages of 2: 5 calls per region, not one per VPC.
    expect(aws.callLog().filter((c) => c.operation === 'ec2:DescribeNetworkInterfaces' && c.region === 'eu-west-1')).toHaveLength(5);
    expect(aws.callLog().filter((c) => c.operation === 'ec2:DescribeSubnets' && c.region === 'eu-west-1')).toHaveLength(1);
  });

  it('GIVEN Resolver query logging, load balancers and web ACLs WHEN collected THEN JSON 1.1 and Query/XML answers are read, pages included', async () => {
    const {region} = await collect(WELL);
    const resolver = region('eu-west-1').resolverQueryLogging as ResolverQueryLoggingEvidence;
    const lbs = region('eu-west-1').loadBalancers as LoadBalancerEvidence;
    const east = region('us-east-1').wafv2 as Wafv2Evidence;

    expect(resolver.associations).toHaveLength(2);
    expect(resolver.associations).toContainEqual(expect.objectContaining({ResolverQueryLogConfigId: 'rqlc-sharedbyorg0001', Status: 'ACTIVE', Error: 'NONE'}));
    expect((lbs.v2 as {Type?: string}[]).map((lb) => lb.Type)).toEqual(['application', 'network', 'gateway']);
    expect(lbs.v2).toContainEqual(expect.objectContaining({LoadBalancerName: 'web', State: {Code: 'active'}, attributes: expect.arrayContaining([{Key: 'access_logs.s3.enabled', Value: 'true'}])}));
    expect(lbs.v2).toContainEqual(expect.objectContaining({LoadBalancerName: 'nlb', attributes: expect.arrayContaining([{Key: 'access_logs.s3.enabled', Value: 'false'}])}));
    expect(lbs.classic).toEqual([
      expect.objectContaining({LoadBalancerName: 'legacy', attributes: expect.objectContaining({AccessLog: {Enabled: true, S3BucketName: `elb-logs-${WELL}`, S3BucketPrefix: 'legacy', EmitInterval: 60}})}),
    ]);
    expect(east.regional.loggingConfigurations).toEqual([expect.objectContaining({LogScope: 'CUSTOMER', LogType: 'WAF_LOGS'})]);
    expect(east.cloudFront?.webAcls).toEqual([expect.objectContaining({Name: 'cdn', ARN: expect.stringContaining(':global/webacl/cdn/')})]);
    expect(east.cloudFront?.loggingConfigurations).toEqual([expect.objectContaining({LogScope: 'SECURITY_LAKE'})]);
    // Attributes one load balancer per call (no batch API exists): 3 v2 + 1 classic in eu-west-1.
    const calls = aws.callLog().filter((c) => c.region === 'eu-west-1');
    expect(calls.filter((c) => c.operation === 'elbv2:DescribeLoadBalancerAttributes')).toHaveLength(3);
    expect(calls.filter((c) => c.operation === 'elb:DescribeLoadBalancerAttributes')).toHaveLength(1);
    expect(calls.filter((c) => c.operation === 'elbv2:DescribeLoadBalancers')).toHaveLength(2);
    expect(aws.callLog().filter((c) => c.operation === 'wafv2:ListWebACLs' && c.params.includes('CLOUDFRONT')).map((c) => c.region)).toEqual(['us-east-1']);
  });

  it('GIVEN EC2 denies DescribeFlowLogs and ELB throttles for good WHEN collected THEN both are recorded as errors in the EC2 and Query error formats', async () => {
    aws.setFaults([
      {operation: 'ec2:DescribeFlowLogs', kind: 'AccessDenied', region: 'eu-west-1'},
      {operation: 'elbv2:DescribeLoadBalancers', kind: 'Throttling', region: 'eu-west-1', times: 100},
    ]);
    const {region} = await collect(WELL, ['eu-west-1']);

    expect((region('eu-west-1').vpc as VpcEvidence).flowLogs).toEqual({
      error: expect.objectContaining({kind: 'AccessDenied', code: 'UnauthorizedOperation', operation: 'ec2:DescribeFlowLogs', httpStatus: 403}),
    });
    expect((region('eu-west-1').loadBalancers as LoadBalancerEvidence).v2).toEqual({
      error: expect.objectContaining({kind: 'Throttled', code: 'Throttling', operation: 'elbv2:DescribeLoadBalancers'}),
    });
    expect(Array.isArray((region('eu-west-1').loadBalancers as LoadBalancerEvidence).classic)).toBe(true);
  });

  it('GIVEN WAF answers an HTML error page WHEN collected THEN the evidence is an InvalidResponse error, not a value', async () => {
    aws.setFaults([{operation: 'wafv2:ListWebACLs', kind: 'Html', region: 'eu-west-1'}]);
    const {region} = await collect(WELL, ['eu-west-1']);

    expect((region('eu-west-1').wafv2 as Wafv2Evidence).regional.webAcls).toEqual({error: expect.objectContaining({kind: 'InvalidResponse', operation: 'wafv2:ListWebACLs'})});
  });

  it('GIVEN the neglected account WHEN collected THEN its in-use default VPC has no flow log and no association, its ALB logs nothing', async () => {
    const {region} = await collect(NEGLECTED, ['us-east-1']);
    const r = region('us-east-1');

    expect((r.vpc as VpcEvidence).vpcs).toEqual([expect.objectContaining({IsDefault: true, networkInterfaceCount: 3})]);
    expect((r.vpc as VpcEvidence).flowLogs).toEqual([]);
    expect((r.resolverQueryLogging as ResolverQueryLoggingEvidence).associations).toEqual([]);
    expect((r.loadBalancers as LoadBalancerEvidence).v2).toEqual([expect.objectContaining({attributes: expect.arrayContaining([{Key: 'access_logs.s3.enabled', Value: 'false'}])})]);
    expect((r.wafv2 as Wafv2Evidence).regional.loggingConfigurations).toEqual([]);
  });
});

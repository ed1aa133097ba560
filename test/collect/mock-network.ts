/**
 * The network part of the collector tests' fake account (VPCs, flow logs, Resolver query logging, load balancers,
 * WAF), kept apart from `mock-aws.ts` so that each service's world is edited in one place. `mock-aws.ts` puts a
 * `network` entry per region in its `World` and calls `installNetwork` from `installWorld`.
 */
import {
  type EC2ClientResolvedConfig,
  type ServiceInputTypes as Ec2Input,
  type ServiceOutputTypes as Ec2Output,
  DescribeFlowLogsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type FlowLog as SdkFlowLog,
  type Subnet as SdkSubnet,
  type Vpc as SdkVpc,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerAttributes as ClassicAttributes,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer as SdkLoadBalancer,
  type LoadBalancerAttribute,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ListResolverQueryLogConfigAssociationsCommand,
  ListResolverQueryLogConfigsCommand,
  Route53ResolverClient,
  type ResolverQueryLogConfig,
  type ResolverQueryLogConfigAssociation,
} from '@aws-sdk/client-route53resolver';
import {ListLoggingConfigurationsCommand, ListWebACLsCommand, WAFV2Client, type LoggingConfiguration, type WebACLSummary} from '@aws-sdk/client-wafv2';
import {mockClient, type AwsStub} from 'aws-sdk-client-mock';

export const networkMocks = {
  // The Route 53 Resolver client is built on another copy of @smithy/types than aws-sdk-client-mock's: only the types
  // differ, so the client and its commands are passed untyped.
  route53resolver: mockClient(Route53ResolverClient as never) as AwsStub<object, {$metadata: object}, object>,
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  elb: mockClient(ElasticLoadBalancingClient),
  wafv2: mockClient(WAFV2Client),
};

type Answer<T> = T | Error;

export interface FakeWafScope {
  webAcls: Answer<WebACLSummary[]>;
  /** By log scope (`CUSTOMER`, `SECURITY_LAKE`, `CLOUDWATCH_TELEMETRY_RULE_MANAGED`); absent: none. */
  logging: Record<string, Answer<LoggingConfiguration[]>>;
}

/** What one region holds of the network services. */
export interface FakeNetwork {
  vpcs: Answer<SdkVpc[]>;
  /** Network interfaces, by VPC id (only counts matter to the collector). */
  interfaces: Answer<Record<string, number>>;
  flowLogs: Answer<SdkFlowLog[]>;
  subnets: Answer<SdkSubnet[]>;
  queryLogConfigs: Answer<ResolverQueryLogConfig[]>;
  queryLogAssociations: Answer<ResolverQueryLogConfigAssociation[]>;
  loadBalancers: Answer<SdkLoadBalancer[]>;
  /** `DescribeLoadBalancerAttributes` (v2) by load balancer ARN; absent: `LoadBalancerNotFound`. */
  loadBalancerAttributes: Record<string, Answer<LoadBalancerAttribute[]>>;
  classicLoadBalancers: Answer<LoadBalancerDescription[]>;
  /** Classic `DescribeLoadBalancerAttributes` by name; absent: `LoadBalancerNotFound`. */
  classicAttributes: Record<string, Answer<ClassicAttributes>>;
  waf: {REGIONAL: FakeWafScope; CLOUDFRONT?: FakeWafScope};
}

export interface NetworkWorld {
  pageSize: number;
  network: Record<string, FakeNetwork>;
}

export const NETWORK_ACCOUNT = '111111111111';

/** An ELB/WAF-style error (name = AWS error code). */
function awsError(code: string, httpStatus = 400, message = `${code} (test)`): Error {
  return Object.assign(new Error(message), {name: code, $fault: 'client', $metadata: {httpStatusCode: httpStatus}});
}

/**
 * A region with everything logged: an in-use VPC with a VPC-level flow log (ALL to CloudWatch Logs), an in-use VPC
 * logged subnet by subnet (REJECT to S3), an unused default VPC, DNS query logging on both in-use VPCs (one through a
 * configuration shared by another account), an ALB, an NLB and a classic ELB with access logs, and a logged web ACL.
 */
export function configuredNetwork(region: string, account = NETWORK_ACCOUNT): FakeNetwork {
  const arnBase = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer`;
  const alb = `${arnBase}/app/web/50dc6c495c0c9188`;
  const nlb = `${arnBase}/net/ingest/73e2d6bc24d8a067`;
  const acl = (scope: string, name: string) => `arn:aws:wafv2:${region}:${account}:${scope}/webacl/${name}/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`;
  const logged = {
    s3: [{Key: 'access_logs.s3.enabled', Value: 'true'}, {Key: 'access_logs.s3.bucket', Value: `elb-logs-${account}`}, {Key: 'access_logs.s3.prefix', Value: ''}],
  };
  return {
    vpcs: [
      {VpcId: 'vpc-0a1', OwnerId: account, IsDefault: false, CidrBlock: '10.0.0.0/16', State: 'available', InstanceTenancy: 'default'},
      {VpcId: 'vpc-0b2', OwnerId: account, IsDefault: false, CidrBlock: '10.1.0.0/16', State: 'available'},
      {VpcId: 'vpc-0def', OwnerId: account, IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available'},
    ],
    interfaces: {'vpc-0a1': 3, 'vpc-0b2': 2},
    flowLogs: [
      {
        FlowLogId: 'fl-0a1',
        ResourceId: 'vpc-0a1',
        FlowLogStatus: 'ACTIVE',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: 'vpc-flow-logs',
        LogDestination: `arn:aws:logs:${region}:${account}:log-group:vpc-flow-logs`,
        DeliverLogsStatus: 'SUCCESS',
        DeliverLogsPermissionArn: `arn:aws:iam::${account}:role/flow-logs`,
        MaxAggregationInterval: 600,
        CreationTime: new Date('2025-01-01T00:00:00.000Z'),
      },
      {FlowLogId: 'fl-0b2a', ResourceId: 'subnet-0b2a', FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::flow-logs-${account}`},
      {FlowLogId: 'fl-0b2b', ResourceId: 'subnet-0b2b', FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::flow-logs-${account}`},
    ],
    subnets: [
      {SubnetId: 'subnet-0a1a', VpcId: 'vpc-0a1', AvailabilityZone: `${region}a`, OwnerId: account},
      {SubnetId: 'subnet-0b2a', VpcId: 'vpc-0b2', AvailabilityZone: `${region}a`, OwnerId: account},
      {SubnetId: 'subnet-0b2b', VpcId: 'vpc-0b2', AvailabilityZone: `${region}b`, OwnerId: account},
    ],
    queryLogConfigs: [
      {Id: 'rqlc-own', OwnerId: account, Status: 'CREATED', ShareStatus: 'NOT_SHARED', AssociationCount: 1, Name: 'dns', DestinationArn: `arn:aws:s3:::dns-logs-${account}`},
      {Id: 'rqlc-shared', OwnerId: '999999999999', Status: 'CREATED', ShareStatus: 'SHARED_WITH_ME', AssociationCount: 7, Name: 'org-dns'},
    ],
    queryLogAssociations: [
      {Id: 'rqlca-1', ResolverQueryLogConfigId: 'rqlc-own', ResourceId: 'vpc-0a1', Status: 'ACTIVE', Error: 'NONE', ErrorMessage: ''},
      {Id: 'rqlca-2', ResolverQueryLogConfigId: 'rqlc-shared', ResourceId: 'vpc-0b2', Status: 'ACTIVE', Error: 'NONE'},
    ],
    loadBalancers: [
      {LoadBalancerArn: alb, LoadBalancerName: 'web', Type: 'application', Scheme: 'internet-facing', VpcId: 'vpc-0a1', State: {Code: 'active'}, DNSName: 'web.example'},
      {LoadBalancerArn: nlb, LoadBalancerName: 'ingest', Type: 'network', Scheme: 'internal', VpcId: 'vpc-0a1', State: {Code: 'active'}},
    ],
    loadBalancerAttributes: {
      [alb]: [...logged.s3, {Key: 'deletion_protection.enabled', Value: 'true'}],
      [nlb]: logged.s3,
    },
    classicLoadBalancers: [{LoadBalancerName: 'legacy', DNSName: 'legacy.example', Scheme: 'internet-facing', VPCId: 'vpc-0a1'}],
    classicAttributes: {
      legacy: {AccessLog: {Enabled: true, S3BucketName: `elb-logs-${account}`, EmitInterval: 60, S3BucketPrefix: 'classic'}, CrossZoneLoadBalancing: {Enabled: true}},
    },
    waf: {
      REGIONAL: {
        webAcls: [{Name: 'api', Id: 'a1b2', ARN: acl('regional', 'api'), LockToken: 'token'}],
        logging: {CUSTOMER: [{ResourceArn: acl('regional', 'api'), LogDestinationConfigs: [`arn:aws:s3:::aws-waf-logs-${account}`], LogType: 'WAF_LOGS', LogScope: 'CUSTOMER'}]},
      },
      ...(region === 'us-east-1'
        ? {
            CLOUDFRONT: {
              webAcls: [{Name: 'cdn', Id: 'c3d4', ARN: `arn:aws:wafv2:us-east-1:${account}:global/webacl/cdn/c3d4`}],
              logging: {SECURITY_LAKE: [{ResourceArn: `arn:aws:wafv2:us-east-1:${account}:global/webacl/cdn/c3d4`, LogDestinationConfigs: ['arn:aws:s3:::aws-security-data-lake'], LogScope: 'SECURITY_LAKE'}]},
            },
          }
        : {}),
    },
  };
}

/** A region with none of the network services in use. */
export function emptyNetwork(): FakeNetwork {
  return {
    vpcs: [],
    interfaces: {},
    flowLogs: [],
    subnets: [],
    queryLogConfigs: [],
    queryLogAssociations: [],
    loadBalancers: [],
    loadBalancerAttributes: {},
    classicLoadBalancers: [],
    classicAttributes: {},
    waf: {REGIONAL: {webAcls: [], logging: {}}, CLOUDFRONT: {webAcls: [], logging: {}}},
  };
}

function answer<T>(value: Answer<T> | undefined, what: string): T {
  if (value === undefined) throw awsError('ResourceNotFoundException', 400, `test world has no ${what}`);
  if (value instanceof Error) throw value;
  return value;
}

function page<T>(items: T[], token: unknown, size: number): {items: T[]; next?: string} {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return {items: items.slice(start, end), ...(end < items.length ? {next: String(end)} : {})};
}

type Input = Record<string, unknown>;
type ClientLike = {config: {region: () => Promise<string>}};
const regionOf = async (getClient: () => unknown) => (getClient() as ClientLike).config.region();
/** The `vpc-id` filter values of an EC2 request, when it has one. */
const vpcIdFilter = (input: Input) => (input.Filters as {Name?: string; Values?: string[]}[] | undefined)?.find((f) => f.Name === 'vpc-id')?.Values;

/** Points the network mocks (and the EC2 mock's network commands) at `world`. */
export function installNetwork(world: NetworkWorld, ec2: AwsStub<Ec2Input, Ec2Output, EC2ClientResolvedConfig>): void {
  for (const mock of Object.values(networkMocks)) mock.reset();
  const net = async (getClient: () => unknown) => {
    const region = await regionOf(getClient);
    return answer(world.network[region], `network of ${region}`);
  };
  const size = (input: Input, key: string) => Math.min(world.pageSize, Number(input[key] ?? 1000));

  ec2.on(DescribeVpcsCommand).callsFake(async (input: Input, g) => {
    const p = page(answer((await net(g)).vpcs, 'vpcs'), input.NextToken, size(input, 'MaxResults'));
    return {Vpcs: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(async (input: Input, g) => {
    const counts = answer((await net(g)).interfaces, 'interfaces');
    const all = Object.entries(counts).flatMap(([VpcId, n]) =>
      Array.from({length: n}, (_, i) => ({NetworkInterfaceId: `eni-${VpcId}-${i}`, VpcId, SubnetId: 'subnet-x', Status: 'in-use', PrivateIpAddress: '10.0.0.1'})),
    );
    const p = page(all, input.NextToken, size(input, 'MaxResults'));
    return {NetworkInterfaces: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  ec2.on(DescribeFlowLogsCommand).callsFake(async (input: Input, g) => {
    const p = page(answer((await net(g)).flowLogs, 'flow logs'), input.NextToken, size(input, 'MaxResults'));
    return {FlowLogs: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  ec2.on(DescribeSubnetsCommand).callsFake(async (input: Input, g) => {
    const ids = vpcIdFilter(input);
    const all = answer((await net(g)).subnets, 'subnets').filter((s) => !ids || ids.includes(s.VpcId ?? ''));
    const p = page(all, input.NextToken, size(input, 'MaxResults'));
    return {Subnets: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });

  const {route53resolver, elbv2, elb, wafv2} = networkMocks;
  route53resolver.on(ListResolverQueryLogConfigsCommand as never).callsFake(async (input: Input, g) => {
    const p = page(answer((await net(g)).queryLogConfigs, 'query log configs'), input.NextToken, size(input, 'MaxResults'));
    return {ResolverQueryLogConfigs: p.items, TotalCount: p.items.length, ...(p.next ? {NextToken: p.next} : {})};
  });
  route53resolver.on(ListResolverQueryLogConfigAssociationsCommand as never).callsFake(async (input: Input, g) => {
    const p = page(answer((await net(g)).queryLogAssociations, 'query log associations'), input.NextToken, size(input, 'MaxResults'));
    return {ResolverQueryLogConfigAssociations: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });

  elbv2.on(DescribeLoadBalancersCommand).callsFake(async (input: Input, g) => {
    const p = page(answer((await net(g)).loadBalancers, 'load balancers'), input.Marker, size(input, 'PageSize'));
    return {LoadBalancers: p.items, ...(p.next ? {NextMarker: p.next} : {})};
  });
  elbv2.on(DescribeLoadBalancerAttributesCommand).callsFake(async (input: Input, g) => {
    const arn = String(input.LoadBalancerArn);
    const found = (await net(g)).loadBalancerAttributes[arn];
    if (!found) throw awsError('LoadBalancerNotFoundException', 400, `Load balancer '${arn}' not found`);
    return {Attributes: answer(found, 'attributes')};
  });
  elb.on(DescribeClassicLoadBalancersCommand).callsFake(async (input: Input, g) => {
    const p = page(answer((await net(g)).classicLoadBalancers, 'classic load balancers'), input.Marker, size(input, 'PageSize'));
    return {LoadBalancerDescriptions: p.items, ...(p.next ? {NextMarker: p.next} : {})};
  });
  elb.on(DescribeClassicAttributesCommand).callsFake(async (input: Input, g) => {
    const name = String(input.LoadBalancerName);
    const found = (await net(g)).classicAttributes[name];
    if (!found) throw awsError('AccessPointNotFoundException', 400, `There is no ACTIVE Load Balancer named '${name}'`);
    return {LoadBalancerAttributes: answer(found, 'classic attributes')};
  });

  const wafScope = async (input: Input, g: () => unknown) => {
    const scope = String(input.Scope) as 'REGIONAL' | 'CLOUDFRONT';
    const region = await regionOf(g);
    if (scope === 'CLOUDFRONT' && region !== 'us-east-1') {
      throw awsError('WAFInvalidParameterException', 400, 'Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: CLOUDFRONT');
    }
    return answer((await net(g)).waf[scope], `waf ${scope}`);
  };
  wafv2.on(ListWebACLsCommand).callsFake(async (input: Input, g) => {
    const p = page(answer((await wafScope(input, g)).webAcls, 'web ACLs'), input.NextMarker, size(input, 'Limit'));
    return {WebACLs: p.items, ...(p.next ? {NextMarker: p.next} : {})};
  });
  wafv2.on(ListLoggingConfigurationsCommand).callsFake(async (input: Input, g) => {
    const logScope = String(input.LogScope ?? 'CUSTOMER');
    const p = page(answer((await wafScope(input, g)).logging[logScope] ?? [], 'logging configurations'), input.NextMarker, size(input, 'Limit'));
    return {LoggingConfigurations: p.items, ...(p.next ? {NextMarker: p.next} : {})};
  });
}

/** Resets the network mocks. */
export function resetNetworkMocks(): void {
  for (const mock of Object.values(networkMocks)) mock.reset();
}

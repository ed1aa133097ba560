/**
 * The network and service log evidence of the synthetic organization (`syntheticAccounts(…, {serviceLogs: true})`),
 * shaped as the collectors write it, in proportions an organization of workload accounts has:
 * - a default VPC in every region (untouched: no network interface, except in one account-region in eight) and 0–3
 *   more VPCs in the account's home regions, most with flow logs — to the log archive's S3 bucket, to a CloudWatch
 *   Logs group of the account (Standard or Infrequent Access class), a few on every subnet instead of the VPC, a few
 *   REJECT only, some VPCs without any;
 * - Route 53 Resolver query logging: the log archive shares one configuration per region (RAM) and four accounts in ten
 *   associate their VPCs with it, an association now and then in ACTION_NEEDED;
 * - 0–3 Application, Network or Gateway Load Balancers next to the VPCs (six in ten write access logs), a Classic Load
 *   Balancer in one account in twenty; a regional web ACL in front of some of them and a CloudFront web ACL in one
 *   account in ten, most logged;
 * - EKS clusters in one account in ten, with varied control-plane logging (audit and authenticator, API only, none);
 * - REST and HTTP APIs in one account in seven, half their stages with access logs;
 * - Security Hub enabled in nine regions in ten, centrally configured from the management account;
 * - Security Lake in the log-archive account (three regions), collecting CloudTrail, VPC flow, Route 53 and Security
 *   Hub sources for every account of the organization, a few with fewer sources;
 * - CloudTrail Lake in one account in thirty (an event data store, with or without a customer key, some duplicating
 *   the organization trail's management events), none elsewhere.
 * Every region answers every service (these 17 regions offer them all), so nothing here is `error`: the deliberate
 * unreadable regions stay the base generator's (log groups denied in 2 % of regions). Draws come from a generator per
 * account, so the base organization (trails, log groups, Config, GuardDuty) is unchanged by this evidence.
 */
import {isSubnetFlowLog, recordsRejectedTraffic} from '../src/snapshot/network.js';
import type {
  ApiGatewayEvidence,
  ClassicLoadBalancer,
  CloudTrailLakeEvidence,
  EksCluster,
  FlowLog,
  LoadBalancerV2,
  LogGroup,
  LogSource,
  RegionSnapshot,
  ResolverQueryLogConfig,
  ResolverQueryLogConfigAssociation,
  SecurityHubEvidence,
  SecurityLakeEvidence,
  Subnet,
  Vpc,
  WafScopeEvidence,
} from '../src/snapshot/types.js';

/** What the service evidence of one account depends on. */
export interface ServiceLogAccount {
  accountId: string;
  /** The account's position in the organization (0: management, 1: log archive). */
  index: number;
  /** Every account id of the organization (Security Lake collects for all of them). */
  organizationAccountIds: () => string[];
  managementAccountId: string;
  logArchiveAccountId: string;
  /** The regions the account works in (its VPCs, load balancers, clusters and APIs are there). */
  homeRegions: Set<string>;
  /** The regions of the snapshot. */
  regions: string[];
  random: () => number;
}

/** The regions where the log archive runs Security Lake (those of them the snapshot has). */
const SECURITY_LAKE_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'cis-aws-foundations-benchmark/v/1.4.0';
const CREATED = '2025-06-02T08:00:00.000Z';

/** A deterministic hex string for an id (FNV-1a, stretched): the same name gives the same id in every run. */
function hexId(name: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

const pickOne = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * Adds the network and service evidence to each region of one account (and the log groups its flow logs deliver to).
 * Returns a function to call once per region, in region order.
 */
export function serviceLogEvidence(account: ServiceLogAccount): (region: RegionSnapshot) => void {
  const {accountId, random} = account;
  const isArchive = account.accountId === account.logArchiveAccountId;
  const isManagement = account.accountId === account.managementAccountId;
  // Account-wide habits, drawn once.
  const flowLogHabit = random(); // how diligent the account is with flow logs
  const usesOrgResolverLogging = random() < 0.4;
  const hasEks = random() < 0.1;
  const hasApis = random() < 0.15;
  const hasClassicLb = random() < 0.05;
  const hasCloudFrontAcl = random() < 0.1;
  const hasLakeStore = random() < 1 / 30;
  const firstHome = account.regions.find((r) => account.homeRegions.has(r));

  return (region) => {
    const r = region.name;
    const home = account.homeRegions.has(r);
    const extraLogGroups: LogGroup[] = [];

    // ---- VPCs and flow logs
    const vpcs: Vpc[] = [
      {
        VpcId: `vpc-${hexId(`${accountId}/${r}/default`, 17)}`,
        OwnerId: accountId,
        IsDefault: true,
        CidrBlock: '172.31.0.0/16',
        State: 'available',
        // Untouched default VPCs are the rule; now and then something was launched into one.
        networkInterfaceCount: random() < 0.125 ? 1 + Math.floor(random() * 6) : 0,
      },
    ];
    const customCount = home ? Math.floor(random() * 4) : 0;
    for (let v = 0; v < customCount; v++) {
      vpcs.push({
        VpcId: `vpc-${hexId(`${accountId}/${r}/vpc${v}`, 17)}`,
        OwnerId: accountId,
        IsDefault: false,
        CidrBlock: `10.${(account.index * 4 + v) % 256}.0.0/16`,
        State: 'available',
        networkInterfaceCount: 3 + Math.floor(200 * random() ** 2),
      });
    }
    const flowLogs: FlowLog[] = [];
    const subnetsOf = new Map<string, Subnet[]>();
    for (const vpc of vpcs) {
      const inUse = (vpc.networkInterfaceCount as number) > 0;
      // Diligent accounts log nearly every VPC in use; default VPCs are logged less often.
      const logged = inUse && random() < (vpc.IsDefault ? 0.5 : 0.6 + 0.38 * flowLogHabit);
      const subnetCount = vpc.IsDefault ? 3 : 2 + Math.floor(random() * 5);
      const subnets: Subnet[] = Array.from({length: subnetCount}, (_, s) => ({
        SubnetId: `subnet-${hexId(`${vpc.VpcId}/${s}`, 17)}`,
        VpcId: vpc.VpcId,
        AvailabilityZone: `${r}${'abcdef'[s % 3]}`,
        OwnerId: accountId,
      }));
      subnetsOf.set(vpc.VpcId, subnets);
      if (!logged) continue;
      const trafficType = random() < 0.6 ? 'ALL' : 'REJECT';
      const toLogs = random() < 0.35;
      const onSubnets = !vpc.IsDefault && random() < 0.08;
      const targets = onSubnets ? subnets.map((s) => s.SubnetId) : [vpc.VpcId];
      const groupName = `/aws/vpc/flowlogs/${vpc.VpcId}`;
      for (const resourceId of targets) {
        flowLogs.push({
          FlowLogId: `fl-${hexId(`${resourceId}/flow`, 17)}`,
          ResourceId: resourceId,
          FlowLogStatus: 'ACTIVE',
          TrafficType: trafficType,
          DeliverLogsStatus: random() < 0.97 ? 'SUCCESS' : 'FAILED',
          MaxAggregationInterval: random() < 0.7 ? 600 : 60,
          CreationTime: CREATED,
          ...(toLogs
            ? {
                LogDestinationType: 'cloud-watch-logs',
                LogDestination: `arn:aws:logs:${r}:${accountId}:log-group:${groupName}`,
                LogGroupName: groupName,
              }
            : {LogDestinationType: 's3', LogDestination: `arn:aws:s3:::org-flow-logs-${account.logArchiveAccountId}/${accountId}/`}),
        });
      }
      if (toLogs) {
        extraLogGroups.push({
          logGroupName: groupName,
          arn: `arn:aws:logs:${r}:${accountId}:log-group:${groupName}:*`,
          ...(random() < 0.8 ? {retentionInDays: pickOne(random, [14, 30, 90, 365])} : {}),
          storedBytes: Math.floor(random() * 2e11),
          creationTime: 1717315200000,
          logGroupClass: random() < 0.25 ? 'INFREQUENT_ACCESS' : 'STANDARD',
        });
      }
    }
    // As the collector does: subnets are listed only where a subnet-level flow log could decide an uncovered VPC in use.
    if (flowLogs.some(isSubnetFlowLog)) {
      const covered = new Set(flowLogs.filter(recordsRejectedTraffic).map((f) => f.ResourceId));
      for (const vpc of vpcs) {
        if (!covered.has(vpc.VpcId) && vpc.networkInterfaceCount !== 0) vpc.subnets = subnetsOf.get(vpc.VpcId)!;
      }
    }

    // ---- Route 53 Resolver query logging: the log archive's configuration, shared with the organization
    const sharedConfig: ResolverQueryLogConfig = {
      Id: `rqlc-${hexId(`${account.logArchiveAccountId}/${r}/dns`, 16)}`,
      OwnerId: account.logArchiveAccountId,
      Status: 'CREATED',
      ShareStatus: isArchive ? 'SHARED_BY_ME' : 'SHARED_WITH_ME',
      AssociationCount: 0,
      Arn: `arn:aws:route53resolver:${r}:${account.logArchiveAccountId}:resolver-query-log-config/rqlc-${hexId(`${account.logArchiveAccountId}/${r}/dns`, 16)}`,
      Name: 'org-dns-queries',
      DestinationArn: `arn:aws:s3:::org-dns-logs-${account.logArchiveAccountId}`,
    };
    const associations: ResolverQueryLogConfigAssociation[] = [];
    if (usesOrgResolverLogging || isArchive) {
      for (const vpc of vpcs.filter((v) => !v.IsDefault)) {
        const broken = random() < 0.03;
        associations.push({
          Id: `rqlca-${hexId(`${vpc.VpcId}/dns`, 16)}`,
          ResolverQueryLogConfigId: sharedConfig.Id,
          ResourceId: vpc.VpcId,
          Status: broken ? 'ACTION_NEEDED' : 'ACTIVE',
          Error: broken ? 'ACCESS_DENIED' : 'NONE',
          ...(broken ? {ErrorMessage: 'The destination cannot be written to'} : {}),
        });
      }
    }
    sharedConfig.AssociationCount = associations.length;

    // ---- Load balancers and WAF, next to the account's own VPCs
    const v2: LoadBalancerV2[] = [];
    const classic: ClassicLoadBalancer[] = [];
    const regionalAcls: WafScopeEvidence = {webAcls: [], loggingConfigurations: []};
    const workloadVpcs = vpcs.filter((v) => !v.IsDefault);
    if (workloadVpcs.length) {
      const count = Math.floor(random() * 4);
      for (let b = 0; b < count; b++) {
        const kind = random();
        const type = kind < 0.7 ? 'application' : kind < 0.95 ? 'network' : 'gateway';
        const name = `${pickOne(random, ['web', 'api', 'internal', 'ingest', 'grpc'])}-${b}`;
        const short = type === 'application' ? 'app' : type === 'network' ? 'net' : 'gwy';
        const logs = type !== 'gateway' && random() < 0.6;
        v2.push({
          LoadBalancerArn: `arn:aws:elasticloadbalancing:${r}:${accountId}:loadbalancer/${short}/${name}/${hexId(`${accountId}/${r}/${name}`, 16)}`,
          LoadBalancerName: name,
          Type: type,
          Scheme: random() < 0.6 ? 'internet-facing' : 'internal',
          VpcId: pickOne(random, workloadVpcs).VpcId,
          State: {Code: 'active'},
          attributes:
            type === 'gateway'
              ? [{Key: 'deletion_protection.enabled', Value: 'false'}, {Key: 'load_balancing.cross_zone.enabled', Value: 'false'}]
              : [
                  {Key: 'access_logs.s3.enabled', Value: String(logs)},
                  {Key: 'access_logs.s3.bucket', Value: logs ? `org-elb-logs-${account.logArchiveAccountId}` : ''},
                  {Key: 'access_logs.s3.prefix', Value: logs ? accountId : ''},
                  {Key: 'deletion_protection.enabled', Value: String(random() < 0.5)},
                ],
        });
      }
      if (hasClassicLb && r === firstHome) {
        const logs = random() < 0.3;
        classic.push({
          LoadBalancerName: 'legacy-web',
          DNSName: `legacy-web-${hexId(`${accountId}/clb`, 9)}.${r}.elb.amazonaws.com`,
          Scheme: 'internet-facing',
          VPCId: workloadVpcs[0]!.VpcId,
          attributes: {
            AccessLog: logs ? {Enabled: true, S3BucketName: `org-elb-logs-${account.logArchiveAccountId}`, S3BucketPrefix: accountId, EmitInterval: 60} : {Enabled: false},
            CrossZoneLoadBalancing: {Enabled: true},
            ConnectionDraining: {Enabled: true, Timeout: 300},
          },
        });
      }
      // A web ACL in front of the public Application Load Balancers, now and then.
      if (v2.some((lb) => lb.Type === 'application' && lb.Scheme === 'internet-facing') && random() < 0.5) {
        const id = hexId(`${accountId}/${r}/acl`, 32);
        const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
        const arn = `arn:aws:wafv2:${r}:${accountId}:regional/webacl/public-alb/${uuid}`;
        regionalAcls.webAcls = [{Name: 'public-alb', Id: uuid, ARN: arn}];
        if (random() < 0.65) regionalAcls.loggingConfigurations = [wafLogging(arn, account.logArchiveAccountId, random)];
      }
    }
    const wafv2: RegionSnapshot['wafv2'] = {regional: regionalAcls};
    if (r === 'us-east-1') {
      const cloudFront: WafScopeEvidence = {webAcls: [], loggingConfigurations: []};
      if (hasCloudFrontAcl) {
        const id = hexId(`${accountId}/cloudfront-acl`, 32);
        const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
        const arn = `arn:aws:wafv2:us-east-1:${accountId}:global/webacl/cdn/${uuid}`;
        cloudFront.webAcls = [{Name: 'cdn', Id: uuid, ARN: arn}];
        if (random() < 0.7) cloudFront.loggingConfigurations = [wafLogging(arn, account.logArchiveAccountId, random)];
      }
      wafv2.cloudFront = cloudFront;
    }

    // ---- EKS
    const clusters: EksCluster[] = [];
    if (hasEks && home) {
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) {
        const name = `${pickOne(random, ['platform', 'batch', 'payments', 'ml', 'edge'])}-${k}`;
        clusters.push({
          name,
          cluster: {
            name,
            arn: `arn:aws:eks:${r}:${accountId}:cluster/${name}`,
            status: 'ACTIVE',
            version: pickOne(random, ['1.29', '1.30', '1.31', '1.32']),
            platformVersion: `eks.${1 + Math.floor(random() * 12)}`,
            createdAt: CREATED,
            logging: {clusterLogging: eksLogging(random)},
          },
        });
      }
    }

    // ---- API Gateway
    const apiGateway: ApiGatewayEvidence = {restApis: [], apisV2: []};
    if (hasApis && r === firstHome) {
      const restCount = 1 + Math.floor(random() * 2);
      const restApis = [];
      for (let a = 0; a < restCount; a++) {
        const id = hexId(`${accountId}/${r}/rest${a}`, 10);
        const name = pickOne(random, ['orders', 'billing', 'partners', 'catalog']);
        const stageNames = ['prod', 'staging', 'dev'].slice(0, 1 + Math.floor(random() * 3));
        restApis.push({
          id,
          name,
          createdDate: CREATED,
          stages: stageNames.map((stageName) => ({
            stageName,
            deploymentId: hexId(`${id}/${stageName}`, 6),
            ...(random() < 0.5
              ? {accessLogSettings: {destinationArn: `arn:aws:logs:${r}:${accountId}:log-group:/apigw/${name}-${stageName}`, format: '$context.requestId $context.identity.sourceIp $context.status'}}
              : {}),
            methodSettings: {'*/*': {loggingLevel: random() < 0.5 ? 'ERROR' : 'OFF', dataTraceEnabled: false, metricsEnabled: true}},
            tracingEnabled: random() < 0.3,
            createdDate: CREATED,
          })),
        });
      }
      const httpCount = Math.floor(random() * 3);
      const apisV2 = [];
      for (let a = 0; a < httpCount; a++) {
        const id = hexId(`${accountId}/${r}/http${a}`, 10);
        apisV2.push({
          ApiId: id,
          Name: `webhooks-${a}`,
          ProtocolType: random() < 0.85 ? 'HTTP' : 'WEBSOCKET',
          CreatedDate: CREATED,
          stages: [
            {
              StageName: '$default',
              ...(random() < 0.5 ? {AccessLogSettings: {DestinationArn: `arn:aws:logs:${r}:${accountId}:log-group:/apigw/webhooks-${a}`, Format: '$context.requestId'}} : {}),
              AutoDeploy: true,
              CreatedDate: CREATED,
            },
          ],
        });
      }
      apiGateway.restApis = restApis;
      apiGateway.apisV2 = apisV2;
    }

    // ---- Security Hub, configured centrally from the management account
    const securityHub: SecurityHubEvidence =
      random() < 0.9
        ? {
            hub: {HubArn: `arn:aws:securityhub:${r}:${accountId}:hub/default`, SubscribedAt: '2025-02-03T10:00:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL'},
            enabledStandards: [FSBP, ...(random() < 0.15 ? [CIS] : [])].map((standard) => ({
              StandardsSubscriptionArn: `arn:aws:securityhub:${r}:${accountId}:subscription/${standard}`,
              StandardsArn: `arn:aws:securityhub:${r}::standards/${standard}`,
              StandardsStatus: 'READY',
            })),
            administrator: isManagement ? null : {AccountId: account.managementAccountId, MemberStatus: 'Enabled'},
            organizationConfiguration: isManagement
              ? {AutoEnable: false, AutoEnableStandards: 'NONE', OrganizationConfiguration: {ConfigurationType: 'CENTRAL', Status: 'ENABLED'}}
              : null,
          }
        : {hub: null};

    // ---- Security Lake, in the log archive only
    const securityLake: SecurityLakeEvidence = {dataLakes: []};
    if (isArchive && SECURITY_LAKE_REGIONS.includes(r)) {
      securityLake.dataLakes = [
        {
          dataLakeArn: `arn:aws:securitylake:${r}:${accountId}:data-lake/default`,
          region: r,
          s3BucketArn: `arn:aws:s3:::aws-security-data-lake-${r}-${hexId(`${accountId}/${r}/lake`, 30)}`,
          createStatus: 'COMPLETED',
          encryptionConfiguration: {kmsKeyId: 'S3_MANAGED_KEY'},
        },
      ];
      securityLake.logSources = account.organizationAccountIds().map((member, m): LogSource => ({
        account: member,
        region: r,
        // A few accounts were added before all sources were switched on.
        sources: (m % 17 === 5 ? ['CLOUD_TRAIL_MGMT', 'SH_FINDINGS'] : ['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'ROUTE53', 'SH_FINDINGS']).map((sourceName) => ({
          awsLogSource: {sourceName, sourceVersion: '2.0'},
        })),
      }));
    }

    // ---- CloudTrail Lake: rare
    const cloudTrailLake: CloudTrailLakeEvidence = {eventDataStores: []};
    if (hasLakeStore && r === firstHome) {
      const arn = `arn:aws:cloudtrail:${r}:${accountId}:eventdatastore/${hexId(`${accountId}/eds`, 8)}-${hexId(`${accountId}/eds2`, 4)}`;
      const management = random() < 0.6;
      const withKey = random() < 0.5;
      cloudTrailLake.eventDataStores = [
        {
          EventDataStoreArn: arn,
          Name: management ? 'investigations' : 's3-object-access',
          details: {
            EventDataStoreArn: arn,
            Name: management ? 'investigations' : 's3-object-access',
            Status: random() < 0.9 ? 'ENABLED' : 'STOPPED_INGESTION',
            AdvancedEventSelectors: management
              ? [{Name: 'Management events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]}]
              : [{Name: 'S3 data events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}]}],
            MultiRegionEnabled: true,
            OrganizationEnabled: false,
            BillingMode: 'EXTENDABLE_RETENTION_PRICING',
            RetentionPeriod: 366,
            TerminationProtectionEnabled: true,
            CreatedTimestamp: CREATED,
            ...(withKey ? {KmsKeyId: `arn:aws:kms:${r}:${accountId}:key/${hexId(`${accountId}/lake-key`, 8)}-1c2d-4e3f-9a0b-${hexId(`${accountId}/lake-key2`, 12)}`} : {}),
          },
        },
      ];
    }

    Object.assign(region, {
      eks: {clusters},
      apiGateway,
      securityHub,
      securityLake,
      cloudTrailLake,
      vpc: {vpcs, flowLogs},
      resolverQueryLogging: {configs: usesOrgResolverLogging || isArchive ? [sharedConfig] : [], associations},
      loadBalancers: {v2, classic},
      wafv2,
    } satisfies Partial<RegionSnapshot>);
    if (Array.isArray(region.logGroups)) region.logGroups.push(...extraLogGroups);
  };
}

/** A web ACL's logging configuration: to the log archive's S3 bucket, or a CloudWatch Logs group of the account. */
function wafLogging(resourceArn: string, archive: string, random: () => number) {
  const region = resourceArn.split(':')[3]!;
  const account = resourceArn.split(':')[4]!;
  return {
    ResourceArn: resourceArn,
    LogDestinationConfigs: [random() < 0.7 ? `arn:aws:s3:::aws-waf-logs-${archive}` : `arn:aws:logs:${region}:${account}:log-group:aws-waf-logs-${account}`],
    ManagedByFirewallManager: false,
    LogType: 'WAF_LOGS',
    LogScope: 'CUSTOMER',
  };
}

/** An EKS cluster's control-plane logging, as DescribeCluster groups it (enabled types, then disabled ones). */
function eksLogging(random: () => number): {types: string[]; enabled: boolean}[] {
  const all = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
  const kind = random();
  const enabled = kind < 0.5 ? ['api', 'audit', 'authenticator'] : kind < 0.65 ? all : kind < 0.8 ? ['api'] : kind < 0.85 ? ['audit'] : [];
  const disabled = all.filter((t) => !enabled.includes(t));
  return [...(enabled.length ? [{types: enabled, enabled: true}] : []), ...(disabled.length ? [{types: disabled, enabled: false}] : [])];
}

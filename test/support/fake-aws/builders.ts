/**
 * Ready-made fake AWS models: a well-configured account, a neglected one (nothing configured), and a multi-account
 * organization with a log-archive and a security account. Tests change what they need on the returned objects.
 */
import type {
  FakeAccount,
  FakeAwsModel,
  FakeBucket,
  FakeConfigService,
  FakeDetector,
  FakeDetective,
  FakeLogGroup,
  FakeOrganizationAccount,
  FakeRegion,
  FakeSecurityHub,
  FakeTrail,
} from './model.js';
import {canonicalUserId} from './services/s3.js';

/** The 17 regions every account has without opting in. */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
];

/** Regions an account must opt in to. */
export const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
];

export const HOME_REGION = 'us-east-1';

/** Every region, the opt-in ones enabled only when named. */
export function regionList(optedIn: string[] = []): FakeRegion[] {
  return [
    ...DEFAULT_REGIONS.map((name): FakeRegion => ({name, optInStatus: 'opt-in-not-required'})),
    ...OPT_IN_REGIONS.map((name): FakeRegion => ({name, optInStatus: optedIn.includes(name) ? 'opted-in' : 'not-opted-in'})),
  ];
}

/** The enabled regions of an account. */
export function enabledRegions(account: FakeAccount): FakeRegion[] {
  return account.regions.filter((r) => r.optInStatus !== 'not-opted-in');
}

const iso = (date: Date) => date.toISOString();
const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

/** A 32-hex id, stable for the same seed (GuardDuty detector ids, Detective graph ids). */
function hexId(seed: string): string {
  let h1 = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 32; round++) {
    for (const c of `${seed}/${round}`) h1 = Math.imul(h1 ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h1.toString(16).padStart(8, '0');
  }
  return out.slice(0, 32);
}

/** The bucket policy CloudTrail needs on its bucket: not public (every statement is for the CloudTrail service). */
function cloudTrailBucketPolicy(bucket: string, sourceAccounts: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: {Service: 'cloudtrail.amazonaws.com'},
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: {Service: 'cloudtrail.amazonaws.com'},
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/*`,
        Condition: {StringEquals: {'s3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': sourceAccounts}},
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: {Bool: {'aws:SecureTransport': 'false'}},
      },
    ],
  });
}

const ALL_BLOCKED = {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true};

/** A trail bucket protected as SEC04 asks: Object Lock, versioning, no public access, KMS, lifecycle, access logs. */
export function protectedTrailBucket(ownerAccountId: string, name: string, options: {region?: string; sourceAccounts?: string[]; now?: Date} = {}): FakeBucket {
  return {
    name,
    region: options.region ?? HOME_REGION,
    creationDate: '2024-01-15T09:30:00.000Z',
    objectLock: {mode: 'COMPLIANCE', days: 365},
    versioning: {status: 'Enabled', mfaDelete: 'Disabled'},
    publicAccessBlock: {...ALL_BLOCKED},
    policy: cloudTrailBucketPolicy(name, options.sourceAccounts ?? [ownerAccountId]),
    policyIsPublic: false,
    acl: [{grantee: {type: 'CanonicalUser', id: canonicalUserId(ownerAccountId)}, permission: 'FULL_CONTROL'}],
    encryption: {algorithm: 'aws:kms', kmsKeyId: `arn:aws:kms:${options.region ?? HOME_REGION}:${ownerAccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, bucketKeyEnabled: true},
    lifecycle: [
      {
        ID: 'archive-then-expire-trail-logs',
        Status: 'Enabled',
        FilterPrefix: 'AWSLogs/',
        Transitions: [{Days: 90, StorageClass: 'GLACIER_IR'}],
        ExpirationDays: 2555,
        NoncurrentVersionExpirationDays: 30,
      },
    ],
    logging: {targetBucket: `${name}-access-logs`, targetPrefix: `${name}/`},
  };
}

/** The bucket that receives a trail bucket's server access logs. */
function accessLogBucket(ownerAccountId: string, trailBucket: string, region = HOME_REGION): FakeBucket {
  return {
    ...protectedTrailBucket(ownerAccountId, `${trailBucket}-access-logs`, {region}),
    objectLock: null,
    policy: null,
    lifecycle: [{ID: 'expire', Status: 'Enabled', FilterPrefix: '', ExpirationDays: 365, NoncurrentVersionExpirationDays: 7}],
    acl: [
      {grantee: {type: 'CanonicalUser', id: canonicalUserId(ownerAccountId)}, permission: 'FULL_CONTROL'},
      {grantee: {type: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery'}, permission: 'WRITE'},
    ],
    logging: null,
  };
}

/** A multi-Region trail logging read and write management events, with validation, KMS and CloudWatch delivery. */
export function securityTrail(accountId: string, options: {name?: string; bucket: string; organization?: boolean; now?: Date}): FakeTrail {
  const now = options.now ?? new Date();
  const name = options.name ?? 'management-events';
  return {
    name,
    homeRegion: HOME_REGION,
    s3BucketName: options.bucket,
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: true,
    isOrganizationTrail: options.organization ?? false,
    logFileValidationEnabled: true,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME_REGION}:${accountId}:log-group:aws-cloudtrail-logs-${name}:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/CloudTrailRoleForCloudWatchLogs`,
    kmsKeyId: `arn:aws:kms:${HOME_REGION}:${accountId}:key/8e2a9c1f-4d5b-4f6a-9b3c-2d1e0f9a8b7c`,
    status: {
      isLogging: true,
      startLoggingTime: '2024-01-15T09:31:00.000Z',
      latestDeliveryTime: iso(minutesBefore(now, 7)),
      latestCloudWatchLogsDeliveryTime: iso(minutesBefore(now, 4)),
      latestDigestDeliveryTime: iso(minutesBefore(now, 45)),
    },
    eventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}],
    insightSelectors: [{InsightType: 'ApiCallRateInsight'}],
  };
}

/** The log group a trail delivers to, with the CIS metric filters on it. */
function trailLogGroup(trailName: string, accountId: string): FakeLogGroup {
  const filters = ['UnauthorizedAPICalls', 'ConsoleSignInWithoutMfa', 'RootAccountUsage', 'IAMPolicyChanges', 'CloudTrailChanges'];
  return {
    logGroupName: `aws-cloudtrail-logs-${trailName}`,
    creationTime: '2024-01-15T09:31:00.000Z',
    retentionInDays: 365,
    storedBytes: 12_884_901_888,
    kmsKeyId: `arn:aws:kms:${HOME_REGION}:${accountId}:key/8e2a9c1f-4d5b-4f6a-9b3c-2d1e0f9a8b7c`,
    logGroupClass: 'STANDARD',
    metricFilters: filters.map((metricName) => ({filterName: metricName, filterPattern: '{ $.errorCode = "*UnauthorizedOperation" }', metricName, metricNamespace: 'CISBenchmark'})),
    subscriptionFilters: [],
  };
}

/** AWS Config recording everything; global resource types only in the home region, as AWS recommends. */
export function recordingConfig(accountId: string, region: string, bucket = `config-bucket-${accountId}`): FakeConfigService {
  return {
    recorders: [
      {
        name: 'default',
        roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        allSupported: true,
        includeGlobalResourceTypes: region === HOME_REGION,
        recordingFrequency: 'CONTINUOUS',
        // High-churn network interfaces once a day: continuous recording of them is the usual Config cost surprise.
        recordingModeOverrides: [{description: 'high-churn types daily', resourceTypes: ['AWS::EC2::NetworkInterface'], recordingFrequency: 'DAILY'}],
        recording: true,
        lastStatus: 'SUCCESS',
        lastStartTime: '2024-01-15T09:40:00.000Z',
      },
    ],
    deliveryChannels: [{name: 'default', s3BucketName: bucket, lastStatus: 'SUCCESS'}],
    aggregators: [],
  };
}

/** An enabled GuardDuty detector with S3 Protection and findings export. */
export function enabledDetector(accountId: string, region: string, options: Partial<FakeDetector> = {}): FakeDetector {
  return {
    detectorId: hexId(`${accountId}/${region}/detector`),
    status: 'ENABLED',
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    createdAt: '2024-01-15T09:45:00.000Z',
    updatedAt: '2024-06-01T12:00:00.000Z',
    features: [
      {name: 'CLOUD_TRAIL', status: 'ENABLED'},
      {name: 'DNS_LOGS', status: 'ENABLED'},
      {name: 'FLOW_LOGS', status: 'ENABLED'},
      {name: 'S3_DATA_EVENTS', status: 'ENABLED'},
      {name: 'EKS_AUDIT_LOGS', status: 'DISABLED'},
    ],
    administrator: null,
    publishingDestinations: [{destinationId: hexId(`${accountId}/${region}/destination`).slice(0, 24), destinationType: 'S3', status: 'PUBLISHING'}],
    members: [],
    findings: [],
    ...options,
  };
}

/** A Detective behavior graph this account administers. */
export function detectiveGraph(accountId: string, region: string): FakeDetective {
  return {graphs: [{arn: `arn:aws:detective:${region}:${accountId}:graph:${hexId(`${accountId}/${region}/graph`)}`, createdTime: '2024-02-01T10:00:00.000Z'}], invitations: []};
}

/**
 * A region's network, logged as SEC04 asks: an in-use VPC with a VPC-level flow log (REJECT, to S3), an in-use VPC
 * logged on each of its subnets, the untouched default VPC, DNS query logging on both in-use VPCs (one through a
 * configuration shared by the organization), an ALB and a Classic Load Balancer with access logs, and a logged web ACL.
 */
export function loggedNetwork(accountId: string, region: string): Partial<FakeRegion> {
  const logBucket = `arn:aws:s3:::flow-logs-${accountId}`;
  const app = `vpc-${hexId(`${accountId}/${region}/app`).slice(0, 17)}`;
  const data = `vpc-${hexId(`${accountId}/${region}/data`).slice(0, 17)}`;
  const dataSubnets = ['a', 'b'].map((az) => ({subnetId: `subnet-${hexId(`${data}/${az}`).slice(0, 17)}`, availabilityZone: `${region}${az}`}));
  return {
    vpcs: [
      {vpcId: app, cidrBlock: '10.0.0.0/16', isDefault: false, networkInterfaces: 4, subnets: [{subnetId: `subnet-${hexId(`${app}/a`).slice(0, 17)}`, availabilityZone: `${region}a`}]},
      {vpcId: data, cidrBlock: '10.1.0.0/16', isDefault: false, networkInterfaces: 2, subnets: dataSubnets},
      {vpcId: `vpc-${hexId(`${accountId}/${region}/default`).slice(0, 17)}`, cidrBlock: '172.31.0.0/16', isDefault: true, networkInterfaces: 0, subnets: []},
    ],
    flowLogs: [
      {flowLogId: `fl-${hexId(`${app}/fl`).slice(0, 17)}`, resourceId: app, trafficType: 'REJECT', logDestinationType: 's3', logDestination: logBucket, creationTime: '2024-02-01T10:00:00.000Z'},
      ...dataSubnets.map((s) => ({
        flowLogId: `fl-${hexId(`${s.subnetId}/fl`).slice(0, 17)}`,
        resourceId: s.subnetId,
        trafficType: 'ALL' as const,
        logDestinationType: 's3' as const,
        logDestination: logBucket,
        creationTime: '2024-02-01T10:00:00.000Z',
      })),
    ],
    resolverQueryLogging: {
      configs: [{id: `rqlc-${hexId(`${accountId}/${region}/dns`).slice(0, 16)}`, name: 'dns-queries', ownerId: accountId, shareStatus: 'NOT_SHARED', destinationArn: `arn:aws:s3:::dns-logs-${accountId}`, associationCount: 1}],
      associations: [
        {id: `rqlca-${hexId(`${app}/dns`).slice(0, 16)}`, configId: `rqlc-${hexId(`${accountId}/${region}/dns`).slice(0, 16)}`, vpcId: app, status: 'ACTIVE'},
        // A configuration shared through RAM by the log-archive account: the association is still this account's.
        {id: `rqlca-${hexId(`${data}/dns`).slice(0, 16)}`, configId: 'rqlc-sharedbyorg0001', vpcId: data, status: 'ACTIVE'},
      ],
    },
    loadBalancers: [{name: 'web', type: 'application', scheme: 'internet-facing', vpcId: app, accessLogs: {bucket: `elb-logs-${accountId}`, prefix: 'web'}, createdTime: '2024-02-01T10:00:00.000Z'}],
    classicLoadBalancers: [{name: 'legacy', scheme: 'internet-facing', vpcId: app, accessLog: {bucket: `elb-logs-${accountId}`, prefix: 'legacy', emitInterval: 60}, createdTime: '2019-02-01T10:00:00.000Z'}],
    webAcls: [{name: 'web-acl', id: hexId(`${accountId}/${region}/acl`).slice(0, 36), scope: 'REGIONAL', logging: {destinations: [`arn:aws:s3:::aws-waf-logs-${accountId}`]}}],
  };
}

/** A region's network nobody looked after: the default VPC in use with no flow log and no DNS log, an ALB without access logs, an unlogged web ACL. */
export function neglectedNetwork(accountId: string, region: string): Partial<FakeRegion> {
  const vpc = `vpc-${hexId(`${accountId}/${region}/default`).slice(0, 17)}`;
  return {
    vpcs: [{vpcId: vpc, cidrBlock: '172.31.0.0/16', isDefault: true, networkInterfaces: 3, subnets: [{subnetId: `subnet-${hexId(`${vpc}/a`).slice(0, 17)}`, availabilityZone: `${region}a`}]}],
    flowLogs: [],
    resolverQueryLogging: {configs: [], associations: []},
    loadBalancers: [{name: 'legacy-web', type: 'application', scheme: 'internet-facing', vpcId: vpc, accessLogs: null, createdTime: '2019-05-01T08:00:00.000Z'}],
    webAcls: [{name: 'legacy-acl', id: hexId(`${accountId}/${region}/acl`).slice(0, 36), scope: 'REGIONAL', logging: null}],
  };
}

export interface AccountOptions {
  accountId?: string;
  /** Opt-in regions the account has enabled. */
  optedIn?: string[];
  /** Add a second trail (single-Region, S3 data events for one bucket) with its own bucket. */
  secondTrail?: boolean;
  /** Times (trail delivery) are relative to this (default: now). */
  now?: Date;
}

/** An account configured as SEC04 asks, in every enabled region. */
export function wellConfiguredAccount(options: AccountOptions = {}): FakeAccount {
  const accountId = options.accountId ?? '111122223333';
  const now = options.now ?? new Date();
  const bucket = `trailwise-${accountId}-cloudtrail`;
  const trail = securityTrail(accountId, {bucket, now});
  const trails = [trail];
  const buckets = [protectedTrailBucket(accountId, bucket, {now}), accessLogBucket(accountId, bucket)];
  if (options.secondTrail) {
    const dataBucket = `trailwise-${accountId}-data-events`;
    trails.push({
      ...securityTrail(accountId, {name: 'payments-data-events', bucket: dataBucket, now}),
      homeRegion: 'eu-west-1',
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      cloudWatchLogsLogGroupArn: undefined,
      cloudWatchLogsRoleArn: undefined,
      status: {...trail.status, latestCloudWatchLogsDeliveryTime: undefined},
      eventSelectors: [
        {ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [{Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payments-records/']}], ExcludeManagementEventSources: []},
      ],
      insightSelectors: undefined,
    });
    buckets.push(protectedTrailBucket(accountId, dataBucket, {region: 'eu-west-1', now}), accessLogBucket(accountId, dataBucket, 'eu-west-1'));
  }
  const regions = regionList(options.optedIn).map((region): FakeRegion => {
    if (region.optInStatus === 'not-opted-in') return region;
    const home = region.name === HOME_REGION;
    return {
      ...region,
      logGroups: [
        ...(home ? [trailLogGroup(trail.name, accountId)] : []),
        {logGroupName: '/aws/lambda/orders-api', creationTime: '2024-03-01T08:00:00.000Z', retentionInDays: 30, storedBytes: 52_428_800, logGroupClass: 'STANDARD'},
      ],
      config: recordingConfig(accountId, region.name),
      guardDutyDetectors: [enabledDetector(accountId, region.name)],
      detective: detectiveGraph(accountId, region.name),
      ...serviceLogs(accountId, region.name),
      ...loggedNetwork(accountId, region.name),
    };
  });
  return {accountId, alias: 'example-well-configured', regions, trails, buckets, publicAccessBlock: {...ALL_BLOCKED}};
}

/** Security Hub enabled with the Foundational Security Best Practices standard, managed locally. */
export function securityHubWithStandard(): FakeSecurityHub {
  return {subscribedAt: '2024-01-15T10:00:00.000Z', standards: [{standardsPath: 'aws-foundational-security-best-practices/v/1.0.0', status: 'READY'}]};
}

/** The service-log evidence of a well-kept region: audited EKS cluster, logged API stages, Security Hub, Security Lake, a CMK-encrypted Lake store. */
export function serviceLogs(accountId: string, region: string): Partial<FakeRegion> {
  const home = region === HOME_REGION;
  return {
    securityHub: securityHubWithStandard(),
    ...(region === 'eu-west-1'
      ? {
          eksClusters: [{name: 'payments', version: '1.31', createdAt: '2024-04-01T09:00:00.000Z', enabledLogTypes: ['api', 'audit', 'authenticator']}],
          restApis: [
            {
              id: 'a1b2c3d4e5',
              name: 'orders',
              createdDate: '2024-04-02T09:00:00.000Z',
              stages: [{stageName: 'prod', deploymentId: 'dep123', createdDate: '2024-04-02T09:00:00.000Z', accessLogDestinationArn: `arn:aws:logs:${region}:${accountId}:log-group:/apigw/orders`, variables: {dbPassword: 'not-for-snapshots'}}],
            },
          ],
          apisV2: [
            {
              apiId: 'h77pa1b2c3',
              name: 'webhooks',
              protocolType: 'HTTP',
              createdDate: '2024-04-03T09:00:00.000Z',
              stages: [{stageName: '$default', createdDate: '2024-04-03T09:00:00.000Z', accessLogDestinationArn: `arn:aws:logs:${region}:${accountId}:log-group:/apigw/webhooks`}],
            },
          ],
        }
      : {}),
    ...(home
      ? {
          securityLake: {createStatus: 'COMPLETED', sources: [{account: accountId, sourceNames: ['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'ROUTE53', 'SH_FINDINGS']}]},
          eventDataStores: [
            {
              name: 'investigations',
              id: 'EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE',
              status: 'ENABLED',
              kmsKeyId: `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
              advancedEventSelectors: [{Name: 'S3 data events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}]}],
              multiRegionEnabled: true,
              organizationEnabled: false,
              billingMode: 'EXTENDABLE_RETENTION_PRICING',
              retentionPeriod: 366,
              createdTimestamp: '2024-05-01T09:00:00.000Z',
            },
          ],
        }
      : {}),
  };
}

/** An account nobody set up: no trail, no recorder, no detector, no Block Public Access, one log group kept forever. */
export function neglectedAccount(options: AccountOptions = {}): FakeAccount {
  const accountId = options.accountId ?? '444455556666';
  const regions = regionList(options.optedIn).map((region): FakeRegion =>
    region.name === HOME_REGION
      ? {
          ...region,
          logGroups: [{logGroupName: '/aws/lambda/legacy-report', creationTime: '2019-05-01T08:00:00.000Z', storedBytes: 96_636_764_160, logGroupClass: 'STANDARD'}],
          ...neglectedNetwork(accountId, region.name),
        }
      : region,
  );
  return {accountId, alias: null, regions, trails: [], buckets: [], publicAccessBlock: null};
}

export interface OrganizationOptions {
  /** Member (workload) accounts besides management, log archive and security (default 2). */
  workloadAccounts?: number;
  /** Accounts whose audit role cannot be assumed. */
  unassumable?: string[];
  now?: Date;
}

export const MANAGEMENT_ACCOUNT = '111111111111';
export const LOG_ARCHIVE_ACCOUNT = '222222222222';
export const SECURITY_ACCOUNT = '333333333333';
export const ORGANIZATION_ID = 'o-exampleorg1';

/**
 * An organization as Control Tower lays it out: the management account owns an organization trail writing to a
 * bucket in the log-archive account; the security account is GuardDuty's delegated administrator and runs the
 * Detective graph; workload accounts are GuardDuty and Detective members and see the organization trail.
 */
export function organizationModel(options: OrganizationOptions = {}): FakeAwsModel {
  const now = options.now ?? new Date();
  const workloadIds = Array.from({length: options.workloadAccounts ?? 2}, (_, i) => String(444444440000 + i));
  const allIds = [MANAGEMENT_ACCOUNT, LOG_ARCHIVE_ACCOUNT, SECURITY_ACCOUNT, ...workloadIds];
  const names: Record<string, string> = {[MANAGEMENT_ACCOUNT]: 'management', [LOG_ARCHIVE_ACCOUNT]: 'log-archive', [SECURITY_ACCOUNT]: 'security'};
  const bucket = `org-cloudtrail-${LOG_ARCHIVE_ACCOUNT}`;
  const orgTrail = securityTrail(MANAGEMENT_ACCOUNT, {name: 'org-trail', bucket, organization: true, now});

  const accountOf = (accountId: string): FakeAccount => {
    const regions = regionList().map((region): FakeRegion => {
      if (region.optInStatus === 'not-opted-in') return region;
      const isSecurity = accountId === SECURITY_ACCOUNT;
      const detector = isSecurity
        ? enabledDetector(accountId, region.name, {
            organizationConfiguration: {autoEnable: true, autoEnableOrganizationMembers: 'ALL', memberAccountLimitReached: false},
            members: allIds
              .filter((id) => id !== SECURITY_ACCOUNT)
              .map((id) => ({accountId: id, email: `aws+${names[id] ?? id}@example.com`, relationshipStatus: 'Enabled', invitedAt: '2024-01-16T10:00:00.000Z', updatedAt: '2024-01-16T10:05:00.000Z'})),
            findings: region.name === HOME_REGION ? [{id: hexId('finding/1'), severity: 8, archived: false, type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS'}] : [],
          })
        : enabledDetector(accountId, region.name, {
            administrator: {accountId: SECURITY_ACCOUNT, relationshipStatus: 'Enabled', invitedAt: '2024-01-16T10:00:00.000Z'},
            publishingDestinations: [],
          });
      const graphArn = detectiveGraph(SECURITY_ACCOUNT, region.name).graphs[0].arn;
      return {
        ...region,
        logGroups:
          accountId === MANAGEMENT_ACCOUNT && region.name === HOME_REGION
            ? [trailLogGroup(orgTrail.name, MANAGEMENT_ACCOUNT)]
            : [{logGroupName: '/aws/lambda/app', creationTime: '2024-03-01T08:00:00.000Z', retentionInDays: 90, storedBytes: 10_485_760, logGroupClass: 'STANDARD'}],
        config: {
          ...recordingConfig(accountId, region.name, `aws-controltower-logs-${LOG_ARCHIVE_ACCOUNT}-${HOME_REGION}`),
          aggregators:
            accountId === SECURITY_ACCOUNT && region.name === HOME_REGION
              ? [{name: 'aws-controltower-GuardrailsComplianceAggregator', creationTime: '2024-01-15T10:00:00.000Z', organizationSource: {roleArn: `arn:aws:iam::${SECURITY_ACCOUNT}:role/aws-controltower-ConfigAggregatorRoleForOrganizations`, allAwsRegions: true}}]
              : [],
        },
        guardDutyDetectors: [detector],
        detective: isSecurity
          ? detectiveGraph(accountId, region.name)
          : {
              graphs: [],
              invitations: [{graphArn, administratorId: SECURITY_ACCOUNT, status: 'ENABLED', emailAddress: `aws+${names[accountId] ?? accountId}@example.com`, invitedTime: '2024-02-01T10:05:00.000Z', updatedTime: '2024-02-01T10:10:00.000Z'}],
            },
      };
    });
    return {
      accountId,
      alias: `example-${names[accountId] ?? `workload-${accountId.slice(0, 4)}`}`,
      assumable: !options.unassumable?.includes(accountId),
      regions,
      trails: accountId === MANAGEMENT_ACCOUNT ? [orgTrail] : [],
      buckets:
        accountId === LOG_ARCHIVE_ACCOUNT
          ? [protectedTrailBucket(LOG_ARCHIVE_ACCOUNT, bucket, {sourceAccounts: allIds, now}), accessLogBucket(LOG_ARCHIVE_ACCOUNT, bucket)]
          : [],
      publicAccessBlock: {...ALL_BLOCKED},
    };
  };

  const orgAccounts = allIds.map(
    (id): FakeOrganizationAccount => ({
      id,
      name: names[id] ?? `workload-${id.slice(0, 4)}`,
      email: `aws+${names[id] ?? id}@example.com`,
      status: 'ACTIVE',
      joinedMethod: id === MANAGEMENT_ACCOUNT ? 'INVITED' : 'CREATED',
      joinedTimestamp: '2024-01-15T09:00:00.000Z',
    }),
  );
  return {
    accounts: allIds.map(accountOf),
    organization: {
      id: ORGANIZATION_ID,
      managementAccountId: MANAGEMENT_ACCOUNT,
      featureSet: 'ALL',
      accounts: orgAccounts,
      delegatedAdministrators: [SECURITY_ACCOUNT],
      // The management account stays under the root; Security/Log Archive is a nested OU, as in a landing zone.
      organizationalUnits: [
        {id: 'ou-root-security', name: 'Security', accountIds: [SECURITY_ACCOUNT]},
        {id: 'ou-root-logarchive', name: 'Log Archive', parentId: 'ou-root-security', accountIds: [LOG_ARCHIVE_ACCOUNT]},
        {id: 'ou-root-workloads', name: 'Workloads', accountIds: allIds.filter((id) => ![MANAGEMENT_ACCOUNT, LOG_ARCHIVE_ACCOUNT, SECURITY_ACCOUNT].includes(id))},
      ],
    },
  };
}

/** A model of one standalone account. */
export function singleAccountModel(account: FakeAccount): FakeAwsModel {
  return {accounts: [account]};
}

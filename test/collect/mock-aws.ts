/**
 * One fake AWS account for the collector tests: every SDK client is mocked once (aws-sdk-client-mock), and every
 * mock answers from a plain `World` object that a test edits before it collects. List operations page through
 * `world.pageSize` items at a time with the service's own token names, so pagination is exercised everywhere.
 *
 * A value in the world that is an `Error` makes the call reject with it.
 */
import {APIGatewayClient, GetRestApisCommand, GetStagesCommand as GetRestStagesCommand} from '@aws-sdk/client-api-gateway';
import {ApiGatewayV2Client, GetApisCommand, GetStagesCommand as GetV2StagesCommand} from '@aws-sdk/client-apigatewayv2';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import type {GetEventSelectorsCommandOutput, GetInsightSelectorsCommandOutput, GetTrailStatusCommandOutput, Trail as SdkTrail} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  type LogGroup as SdkLogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import {DetectiveClient, ListGraphsCommand, ListInvitationsCommand} from '@aws-sdk/client-detective';
import {DescribeRegionsCommand, EC2Client} from '@aws-sdk/client-ec2';
import {DescribeClusterCommand, EKSClient, ListClustersCommand} from '@aws-sdk/client-eks';
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListMembersCommand,
  ListPublishingDestinationsCommand,
} from '@aws-sdk/client-guardduty';
import {IAMClient, ListAccountAliasesCommand} from '@aws-sdk/client-iam';
import {DescribeOrganizationCommand, OrganizationsClient} from '@aws-sdk/client-organizations';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient} from '@aws-sdk/client-s3-control';
import {
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand as DescribeSecurityHubOrganizationConfigurationCommand,
  GetAdministratorAccountCommand as GetSecurityHubAdministratorAccountCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {ListDataLakesCommand, ListLogSourcesCommand, SecurityLakeClient} from '@aws-sdk/client-securitylake';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {mockClient} from 'aws-sdk-client-mock';
import {createClientFactory, type ClientFactory} from '../../src/collect/clients.js';
import type {CollectEvent} from '../../src/collect/events.js';
import {configuredNetwork, emptyNetwork, installNetwork, resetNetworkMocks, type FakeNetwork} from './mock-network.js';

// ---- every client mocked once -----------------------------------------------------------------------------------

export const mocks = {
  sts: mockClient(STSClient),
  iam: mockClient(IAMClient),
  organizations: mockClient(OrganizationsClient),
  ec2: mockClient(EC2Client),
  cloudtrail: mockClient(CloudTrailClient),
  s3: mockClient(S3Client),
  s3control: mockClient(S3ControlClient),
  logs: mockClient(CloudWatchLogsClient),
  config: mockClient(ConfigServiceClient),
  guardduty: mockClient(GuardDutyClient),
  detective: mockClient(DetectiveClient),
  eks: mockClient(EKSClient),
  apigateway: mockClient(APIGatewayClient),
  apigatewayv2: mockClient(ApiGatewayV2Client),
  securityhub: mockClient(SecurityHubClient),
  securitylake: mockClient(SecurityLakeClient),
};

// ---- the fake account -------------------------------------------------------------------------------------------

export const ACCOUNT = '111111111111';
export const MANAGEMENT = '222222222222';
export const LOG_ARCHIVE = '333333333333';
export const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
export const TRAIL_BUCKET = `trail-logs-${ACCOUNT}`;
export const TRAIL_LOG_GROUP = 'CloudTrail/main';

export type Answer<T> = T | Error;

type BucketOperation =
  | 'location'
  | 'objectLock'
  | 'versioning'
  | 'publicAccessBlock'
  | 'policy'
  | 'policyStatus'
  | 'acl'
  | 'encryption'
  | 'lifecycle'
  | 'logging';

export interface FakeDetector {
  detector: Answer<Record<string, unknown>>;
  administrator: Answer<Record<string, unknown>>;
  destinations: Answer<Record<string, unknown>[]>;
  organizationConfiguration: Answer<Record<string, unknown>>;
  members: Answer<string[]>;
  highSeverityFindings: Answer<string[]>;
}

export interface FakeConfig {
  recorders: Answer<Record<string, unknown>[]>;
  statuses: Answer<Record<string, unknown>[]>;
  channels: Answer<Record<string, unknown>[]>;
  channelStatuses: Answer<Record<string, unknown>[]>;
  aggregators: Answer<Record<string, unknown>[]>;
}

export interface World {
  /** Items per page for every list operation. */
  pageSize: number;
  identity: Answer<{Account: string; Arn: string; UserId: string}>;
  aliases: Answer<string[]>;
  organization: Answer<Record<string, unknown>>;
  regions: Answer<{RegionName: string; OptInStatus: string}[]>;
  accountPublicAccessBlock: Answer<Record<string, boolean>>;
  ownBuckets: Answer<{Name: string; BucketRegion?: string}[]>;
  /** DescribeTrails per region (shadow trails included, as AWS returns them). */
  trails: Record<string, Answer<SdkTrail[]>>;
  trailStatus: Record<string, Answer<Partial<GetTrailStatusCommandOutput>>>;
  eventSelectors: Record<string, Answer<Partial<GetEventSelectorsCommandOutput>>>;
  insightSelectors: Record<string, Answer<Partial<GetInsightSelectorsCommandOutput>>>;
  buckets: Record<string, Partial<Record<BucketOperation, Answer<Record<string, unknown>>>>>;
  logGroups: Record<string, Answer<SdkLogGroup[]>>;
  metricFilters: Record<string, Answer<number>>;
  subscriptionFilters: Record<string, Answer<number>>;
  config: Record<string, FakeConfig>;
  /** GuardDuty detectors per region, by detector id. */
  guardDuty: Record<string, Answer<Record<string, FakeDetector>>>;
  detective: Record<string, {graphs: Answer<Record<string, unknown>[]>; invitations: Answer<Record<string, unknown>[]>}>;
  /** EKS clusters per region, by name: DescribeCluster's `cluster`. */
  eks: Record<string, Answer<Record<string, Answer<Record<string, unknown>>>>>;
  /** REST APIs per region, by id: the API and its stages (`GetStages` `item`). */
  restApis: Record<string, Answer<Record<string, {api: Record<string, unknown>; stages: Answer<Record<string, unknown>[]>}>>>;
  /** HTTP/WebSocket APIs per region, by id. */
  apisV2: Record<string, Answer<Record<string, {api: Record<string, unknown>; stages: Answer<Record<string, unknown>[]>}>>>;
  securityHub: Record<string, FakeSecurityHub>;
  securityLake: Record<string, {dataLakes: Answer<Record<string, unknown>[]>; logSources: Answer<Record<string, unknown>[]>}>;
  /** CloudTrail Lake event data stores per region, by ARN: GetEventDataStore's answer. */
  eventDataStores: Record<string, Answer<Record<string, Answer<Record<string, unknown>>>>>;
  /** VPCs, flow logs, Resolver query logging, load balancers and WAF per region (`mock-network.ts`). */
  network: Record<string, FakeNetwork>;
}

export interface FakeSecurityHub {
  hub: Answer<Record<string, unknown>>;
  standards: Answer<Record<string, unknown>[]>;
  administrator: Answer<Record<string, unknown>>;
  organizationConfiguration: Answer<Record<string, unknown>>;
}

/** An error shaped like the SDK's service exceptions (name = AWS error code). */
export function awsError(code: string, httpStatus = 400, message = `${code} (test)`): Error {
  return Object.assign(new Error(message), {name: code, $fault: httpStatus >= 500 ? 'server' : 'client', $metadata: {httpStatusCode: httpStatus}});
}

export const accessDenied = (action: string) =>
  awsError('AccessDenied', 403, `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: ${action}`);
export const accessDeniedException = (action: string) =>
  awsError('AccessDeniedException', 403, `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: ${action}`);

export const ENABLED_REGIONS = ['ap-east-1', 'eu-west-1', 'us-east-1'];

const WHEN = new Date('2026-11-20T08:30:00.000Z');

/** The account's multi-Region trail, homed in us-east-1, as DescribeTrails returns it. */
export function mainTrail(): SdkTrail {
  return {
    Name: 'main',
    TrailARN: TRAIL_ARN,
    HomeRegion: 'us-east-1',
    S3BucketName: TRAIL_BUCKET,
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: true,
    IsOrganizationTrail: false,
    LogFileValidationEnabled: true,
    KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}:*`,
    CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/CloudTrailToLogs`,
    HasCustomEventSelectors: true,
    HasInsightSelectors: false,
  };
}

/** An enabled detector with S3 Protection and findings export, not an organization administrator. */
export function detector(region: string): FakeDetector {
  return {
    detector: {
      Status: 'ENABLED',
      FindingPublishingFrequency: 'SIX_HOURS',
      ServiceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      CreatedAt: '2024-01-01T00:00:00.000Z',
      Features: [{Name: 'S3_DATA_EVENTS', Status: 'ENABLED', UpdatedAt: WHEN}],
      Tags: {team: 'security'},
    },
    administrator: {},
    destinations: [{DestinationId: `dest-${region}`, DestinationType: 'S3', Status: 'PUBLISHING'}],
    organizationConfiguration: awsError('BadRequestException', 400, 'The request is rejected because the current account is not the GuardDuty administrator account.'),
    members: [],
    highSeverityFindings: [],
  };
}

/** Security Hub enabled with one READY standard, in an account that is neither administrator nor member. */
export function securityHub(region: string): FakeSecurityHub {
  return {
    hub: {HubArn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default`, SubscribedAt: '2024-01-01T00:00:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL'},
    standards: [
      {
        StandardsSubscriptionArn: `arn:aws:securityhub:${region}:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`,
        StandardsArn: `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        StandardsInput: {},
        StandardsStatus: 'READY',
      },
    ],
    administrator: {},
    organizationConfiguration: awsError('InvalidAccessException', 401, `Account ${ACCOUNT} is not an administrator for this organization`),
  };
}

/** A region's answer when Security Hub is not enabled there. */
export function securityHubNotEnabled(): FakeSecurityHub {
  const notSubscribed = () => awsError('InvalidAccessException', 401, `Account ${ACCOUNT} is not subscribed to AWS Security Hub`);
  return {hub: notSubscribed(), standards: notSubscribed(), administrator: notSubscribed(), organizationConfiguration: notSubscribed()};
}

function config(): FakeConfig {
  return {
    recorders: [
      {
        name: 'default',
        roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: {allSupported: true, includeGlobalResourceTypes: true, resourceTypes: []},
        recordingMode: {recordingFrequency: 'CONTINUOUS'},
      },
    ],
    statuses: [{name: 'default', recording: true, lastStatus: 'SUCCESS', lastStartTime: WHEN, lastStatusChangeTime: WHEN}],
    channels: [{name: 'default', s3BucketName: `config-${ACCOUNT}`}],
    channelStatuses: [{name: 'default', configHistoryDeliveryInfo: {lastStatus: 'SUCCESS', lastAttemptTime: WHEN}}],
    aggregators: [],
  };
}

/** An account with everything configured: one multi-Region trail, a locked-down bucket, Config, GuardDuty. */
export function configuredWorld(): World {
  const trails: World['trails'] = {};
  const logGroups: World['logGroups'] = {};
  const configs: World['config'] = {};
  const guardDuty: World['guardDuty'] = {};
  const detective: World['detective'] = {};
  const eks: World['eks'] = {};
  const restApis: World['restApis'] = {};
  const apisV2: World['apisV2'] = {};
  const securityHubs: World['securityHub'] = {};
  const securityLake: World['securityLake'] = {};
  const eventDataStores: World['eventDataStores'] = {};
  const network: World['network'] = {};
  for (const region of ENABLED_REGIONS) {
    network[region] = configuredNetwork(region, ACCOUNT);
    trails[region] = [mainTrail()];
    logGroups[region] = [];
    configs[region] = config();
    guardDuty[region] = {[`det-${region}`]: detector(region)};
    detective[region] = {graphs: [], invitations: []};
    eks[region] = {};
    restApis[region] = {};
    apisV2[region] = {};
    securityHubs[region] = securityHub(region);
    securityLake[region] = {dataLakes: [], logSources: []};
    eventDataStores[region] = {};
  }
  eks['eu-west-1'] = {
    payments: {
      name: 'payments',
      arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/payments`,
      status: 'ACTIVE',
      version: '1.31',
      createdAt: WHEN,
      endpoint: 'https://EXAMPLE.gr7.eu-west-1.eks.amazonaws.com',
      certificateAuthority: {data: 'LS0tLS1CRUdJTi...'},
      logging: {clusterLogging: [{types: ['api', 'audit', 'authenticator'], enabled: true}, {types: ['controllerManager', 'scheduler'], enabled: false}]},
    },
  };
  restApis['eu-west-1'] = {
    a1b2c3: {
      api: {id: 'a1b2c3', name: 'orders', createdDate: WHEN, rootResourceId: 'r00t', policy: '{"Version":"2012-10-17"}'},
      stages: [
        {
          stageName: 'prod',
          deploymentId: 'd3p',
          accessLogSettings: {destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/apigw/orders`, format: '$context.requestId'},
          methodSettings: {'*/*': {loggingLevel: 'ERROR', metricsEnabled: true}},
          variables: {dbPassword: 'not-for-snapshots'},
          createdDate: WHEN,
          lastUpdatedDate: WHEN,
        },
      ],
    },
  };
  apisV2['eu-west-1'] = {
    h77p: {
      api: {ApiId: 'h77p', Name: 'webhooks', ProtocolType: 'HTTP', CreatedDate: WHEN, RouteSelectionExpression: '$request.method $request.path'},
      stages: [
        {
          StageName: '$default',
          AccessLogSettings: {DestinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/apigw/webhooks`, Format: '$context.requestId'},
          AutoDeploy: true,
          StageVariables: {token: 'not-for-snapshots'},
          CreatedDate: WHEN,
        },
      ],
    },
  };
  securityLake['us-east-1'] = {
    dataLakes: [
      {
        dataLakeArn: `arn:aws:securitylake:us-east-1:${ACCOUNT}:data-lake/default`,
        region: 'us-east-1',
        s3BucketArn: `arn:aws:s3:::aws-security-data-lake-us-east-1-abc`,
        createStatus: 'COMPLETED',
        encryptionConfiguration: {kmsKeyId: 'S3_MANAGED_KEY'},
      },
    ],
    logSources: [
      {account: ACCOUNT, region: 'us-east-1', sources: [{awsLogSource: {sourceName: 'CLOUD_TRAIL_MGMT', sourceVersion: '2.0'}}, {awsLogSource: {sourceName: 'VPC_FLOW', sourceVersion: '2.0'}}]},
    ],
  };
  const storeArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`;
  eventDataStores['us-east-1'] = {
    [storeArn]: {
      EventDataStoreArn: storeArn,
      Name: 'investigations',
      Status: 'ENABLED',
      AdvancedEventSelectors: [{Name: 'Data events only', FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}]}],
      MultiRegionEnabled: true,
      OrganizationEnabled: false,
      BillingMode: 'EXTENDABLE_RETENTION_PRICING',
      RetentionPeriod: 366,
      TerminationProtectionEnabled: true,
      KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      CreatedTimestamp: WHEN,
      UpdatedTimestamp: WHEN,
    },
  };
  logGroups['us-east-1'] = [
    {
      logGroupName: TRAIL_LOG_GROUP,
      arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}:*`,
      logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}`,
      creationTime: 1700000000000,
      retentionInDays: 365,
      storedBytes: 5 * 1024 ** 3,
      metricFilterCount: 7,
      logGroupClass: 'STANDARD',
      dataProtectionStatus: 'DISABLED',
    },
    {logGroupName: '/aws/lambda/report', arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/report:*`, creationTime: 1700000001000, storedBytes: 0, metricFilterCount: 0},
  ];
  return {
    pageSize: 100,
    identity: {Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor`, UserId: 'AIDAEXAMPLEUSERID'},
    aliases: ['prod-main'],
    organization: {
      Id: 'o-abc123defg',
      Arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-abc123defg`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${MANAGEMENT}:account/o-abc123defg/${MANAGEMENT}`,
      MasterAccountId: MANAGEMENT,
      MasterAccountEmail: 'aws-root@example.com',
    },
    regions: [
      {RegionName: 'af-south-1', OptInStatus: 'not-opted-in'},
      {RegionName: 'ap-east-1', OptInStatus: 'opted-in'},
      {RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required'},
      {RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required'},
    ],
    accountPublicAccessBlock: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
    ownBuckets: [{Name: TRAIL_BUCKET, BucketRegion: 'us-east-1'}, {Name: `config-${ACCOUNT}`, BucketRegion: 'us-east-1'}],
    trails,
    trailStatus: {
      [TRAIL_ARN]: {IsLogging: true, LatestDeliveryTime: WHEN, LatestCloudWatchLogsDeliveryTime: WHEN, StartLoggingTime: WHEN, TimeLoggingStarted: '2024-01-01T00:00:00Z'},
    },
    eventSelectors: {
      [TRAIL_ARN]: {
        TrailARN: TRAIL_ARN,
        AdvancedEventSelectors: [{Name: 'Management events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]}],
      },
    },
    insightSelectors: {[TRAIL_ARN]: awsError('InsightNotEnabledException', 400, `Trail ${TRAIL_ARN} does not have Insights enabled.`)},
    buckets: {
      [TRAIL_BUCKET]: {
        location: {},
        objectLock: {ObjectLockConfiguration: {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'COMPLIANCE', Days: 365}}}},
        versioning: {Status: 'Enabled', MFADelete: 'Disabled'},
        publicAccessBlock: {PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}},
        policy: {Policy: JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: {Service: 'cloudtrail.amazonaws.com'}, Action: 's3:PutObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/*`}]})},
        policyStatus: {PolicyStatus: {IsPublic: false}},
        acl: {Owner: {ID: 'c0ffee', DisplayName: 'owner'}, Grants: [{Grantee: {Type: 'CanonicalUser', ID: 'c0ffee'}, Permission: 'FULL_CONTROL'}]},
        encryption: {ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true}]}},
        lifecycle: {
          Rules: [
            {
              ID: 'expire-logs',
              Status: 'Enabled',
              Filter: {Prefix: 'AWSLogs/'},
              Expiration: {Days: 400},
              Transitions: [{Days: 90, StorageClass: 'GLACIER'}, {Date: new Date('2027-01-01T00:00:00.000Z'), StorageClass: 'DEEP_ARCHIVE'}],
              NoncurrentVersionExpiration: {NoncurrentDays: 30},
            },
          ],
          TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
        },
        logging: {LoggingEnabled: {TargetBucket: `access-logs-${ACCOUNT}`, TargetPrefix: 'trail/'}},
      },
    },
    logGroups,
    metricFilters: {[TRAIL_LOG_GROUP]: 2},
    subscriptionFilters: {[TRAIL_LOG_GROUP]: 1},
    config: configs,
    guardDuty,
    detective,
    eks,
    restApis,
    apisV2,
    securityHub: securityHubs,
    securityLake,
    eventDataStores,
    network,
  };
}

/** An account where nothing is set up: no trail, no recorder, no detector, not in an organization. */
export function emptyWorld(): World {
  const world = configuredWorld();
  for (const region of ENABLED_REGIONS) {
    world.trails[region] = [];
    world.logGroups[region] = [];
    world.config[region] = {recorders: [], statuses: [], channels: [], channelStatuses: [], aggregators: []};
    world.guardDuty[region] = {};
    world.eks[region] = {};
    world.restApis[region] = {};
    world.apisV2[region] = {};
    world.securityHub[region] = securityHubNotEnabled();
    world.securityLake[region] = {dataLakes: [], logSources: []};
    world.eventDataStores[region] = {};
    world.network[region] = emptyNetwork();
  }
  world.aliases = [];
  world.organization = awsError('AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.');
  world.accountPublicAccessBlock = awsError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
  world.ownBuckets = [];
  world.trailStatus = {};
  world.eventSelectors = {};
  world.insightSelectors = {};
  world.buckets = {};
  return world;
}

// ---- wiring the world into the mocks -----------------------------------------------------------------------------

function answer<T>(value: Answer<T> | undefined, what: string): T {
  if (value === undefined) throw awsError('ResourceNotFoundException', 400, `test world has no ${what}`);
  if (value instanceof Error) throw value;
  return value;
}

/** One page of `items`, starting at the offset carried in the token. */
function page<T>(items: T[], token: unknown, size: number): {items: T[]; next?: string} {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return {items: items.slice(start, end), ...(end < items.length ? {next: String(end)} : {})};
}

type Input = Record<string, unknown>;
type ClientLike = {config: {region: () => Promise<string>}};
const regionOf = async (getClient: () => unknown) => (getClient() as ClientLike).config.region();

/** Points every mock at `world` (read at call time, so a test may edit the world after installing it). */
export function installWorld(world: World): World {
  for (const mock of Object.values(mocks)) mock.reset();
  const {sts, iam, organizations, ec2, cloudtrail, s3, s3control, logs, config: cfg, guardduty, detective, eks, apigateway, apigatewayv2, securityhub, securitylake} = mocks;

  sts.on(GetCallerIdentityCommand).callsFake(() => answer(world.identity, 'identity'));
  iam.on(ListAccountAliasesCommand).callsFake((input: Input) => {
    const p = page(answer(world.aliases, 'aliases'), input.Marker, world.pageSize);
    return {AccountAliases: p.items, IsTruncated: !!p.next, ...(p.next ? {Marker: p.next} : {})};
  });
  organizations.on(DescribeOrganizationCommand).callsFake(() => ({Organization: answer(world.organization, 'organization')}));
  ec2.on(DescribeRegionsCommand).callsFake((input: Input) => {
    if (input.AllRegions !== true) throw new Error('DescribeRegions must be called with AllRegions=true');
    return {Regions: answer(world.regions, 'regions').map((r) => ({...r, Endpoint: `ec2.${r.RegionName}.amazonaws.com`}))};
  });
  s3control.on(GetAccountPublicAccessBlockCommand).callsFake((input: Input) => {
    if (input.AccountId !== ACCOUNT && answer(world.identity, 'identity').Account !== input.AccountId) throw awsError('AccessDenied', 403);
    return {PublicAccessBlockConfiguration: answer(world.accountPublicAccessBlock, 'account public access block')};
  });

  cloudtrail.on(DescribeTrailsCommand).callsFake(async (input: Input, getClient) => {
    if (input.includeShadowTrails !== true) throw new Error('DescribeTrails must include shadow trails');
    return {trailList: answer(world.trails[await regionOf(getClient)], 'trails')};
  });
  const byTrail = (table: () => Record<string, Answer<object>>, key: string) => async (input: Input, getClient: () => unknown) => {
    const arn = String(input[key]);
    const region = await regionOf(getClient);
    if (arn.split(':')[3] !== region) throw awsError('TrailNotFoundException', 400, `Unknown trail: ${arn} for the user: ${ACCOUNT}`);
    return answer(table()[arn], `${key} ${arn}`);
  };
  cloudtrail.on(GetTrailStatusCommand).callsFake(byTrail(() => world.trailStatus, 'Name'));
  cloudtrail.on(GetEventSelectorsCommand).callsFake(byTrail(() => world.eventSelectors, 'TrailName'));
  cloudtrail.on(GetInsightSelectorsCommand).callsFake(byTrail(() => world.insightSelectors, 'TrailName'));

  s3.on(ListBucketsCommand).callsFake((input: Input) => {
    const p = page(answer(world.ownBuckets, 'buckets'), input.ContinuationToken, Math.min(world.pageSize, Number(input.MaxBuckets ?? 10000)));
    return {Buckets: p.items, Owner: {ID: 'c0ffee'}, ...(p.next ? {ContinuationToken: p.next} : {})};
  });
  const bucketRead = (operation: BucketOperation) => (input: Input) =>
    answer(world.buckets[String(input.Bucket)]?.[operation] ?? (world.buckets[String(input.Bucket)] ? undefined : awsError('NoSuchBucket', 404, 'The specified bucket does not exist')), `${operation} of ${String(input.Bucket)}`);
  s3.on(GetBucketLocationCommand).callsFake(bucketRead('location'));
  s3.on(GetObjectLockConfigurationCommand).callsFake(bucketRead('objectLock'));
  s3.on(GetBucketVersioningCommand).callsFake(bucketRead('versioning'));
  s3.on(GetPublicAccessBlockCommand).callsFake(bucketRead('publicAccessBlock'));
  s3.on(GetBucketPolicyCommand).callsFake(bucketRead('policy'));
  s3.on(GetBucketPolicyStatusCommand).callsFake(bucketRead('policyStatus'));
  s3.on(GetBucketAclCommand).callsFake(bucketRead('acl'));
  s3.on(GetBucketEncryptionCommand).callsFake(bucketRead('encryption'));
  s3.on(GetBucketLifecycleConfigurationCommand).callsFake(bucketRead('lifecycle'));
  s3.on(GetBucketLoggingCommand).callsFake(bucketRead('logging'));

  logs.on(DescribeLogGroupsCommand).callsFake(async (input: Input, getClient) => {
    const p = page(answer(world.logGroups[await regionOf(getClient)], 'log groups'), input.nextToken, world.pageSize);
    return {logGroups: p.items, ...(p.next ? {nextToken: p.next} : {})};
  });
  const filters = (table: () => Record<string, Answer<number>>, field: string) => (input: Input) => {
    const count = answer(table()[String(input.logGroupName)] ?? 0, 'filters');
    const p = page(Array.from({length: count}, (_, i) => ({filterName: `filter-${i}`, logGroupName: input.logGroupName})), input.nextToken, world.pageSize);
    return {[field]: p.items, ...(p.next ? {nextToken: p.next} : {})};
  };
  logs.on(DescribeMetricFiltersCommand).callsFake(filters(() => world.metricFilters, 'metricFilters'));
  logs.on(DescribeSubscriptionFiltersCommand).callsFake(filters(() => world.subscriptionFilters, 'subscriptionFilters'));

  const regional = <T>(read: (c: FakeConfig) => Answer<T>) => async (_input: Input, getClient: () => unknown) =>
    answer(read(world.config[await regionOf(getClient)]!), 'config');
  cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (i: Input, g) => ({ConfigurationRecorders: await regional((c) => c.recorders)(i, g)}));
  cfg.on(DescribeConfigurationRecorderStatusCommand).callsFake(async (i: Input, g) => ({ConfigurationRecordersStatus: await regional((c) => c.statuses)(i, g)}));
  cfg.on(DescribeDeliveryChannelsCommand).callsFake(async (i: Input, g) => ({DeliveryChannels: await regional((c) => c.channels)(i, g)}));
  cfg.on(DescribeDeliveryChannelStatusCommand).callsFake(async (i: Input, g) => ({DeliveryChannelsStatus: await regional((c) => c.channelStatuses)(i, g)}));
  cfg.on(DescribeConfigurationAggregatorsCommand).callsFake(async (input: Input, getClient) => {
    const all = await regional((c) => c.aggregators)(input, getClient);
    const p = page(all, input.NextToken, world.pageSize);
    return {ConfigurationAggregators: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });

  const detectors = async (getClient: () => unknown) => answer(world.guardDuty[await regionOf(getClient)], 'detectors');
  const detectorOf = async (input: Input, getClient: () => unknown) => {
    const found = (await detectors(getClient))[String(input.DetectorId)];
    if (!found) throw awsError('BadRequestException', 400, 'The request is rejected because the input detectorId is not owned by the current account.');
    return found;
  };
  guardduty.on(ListDetectorsCommand).callsFake(async (input: Input, getClient) => {
    const p = page(Object.keys(await detectors(getClient)), input.NextToken, world.pageSize);
    return {DetectorIds: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  guardduty.on(GetDetectorCommand).callsFake(async (input: Input, g) => answer((await detectorOf(input, g)).detector, 'detector'));
  guardduty.on(GetAdministratorAccountCommand).callsFake(async (input: Input, g) => answer((await detectorOf(input, g)).administrator, 'administrator'));
  guardduty.on(ListPublishingDestinationsCommand).callsFake(async (input: Input, g) => {
    const p = page(answer((await detectorOf(input, g)).destinations, 'destinations'), input.NextToken, world.pageSize);
    return {Destinations: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  guardduty.on(DescribeOrganizationConfigurationCommand).callsFake(async (input: Input, g) =>
    answer((await detectorOf(input, g)).organizationConfiguration, 'organization configuration'),
  );
  guardduty.on(ListMembersCommand).callsFake(async (input: Input, g) => {
    const members = answer((await detectorOf(input, g)).members, 'members').map((AccountId) => ({AccountId, RelationshipStatus: 'Enabled'}));
    const p = page(members, input.NextToken, world.pageSize);
    return {Members: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  guardduty.on(ListFindingsCommand).callsFake(async (input: Input, g) => {
    const criterion = (input.FindingCriteria as {Criterion?: Record<string, unknown>} | undefined)?.Criterion;
    if (JSON.stringify(criterion) !== JSON.stringify({severity: {Gte: 7}, 'service.archived': {Eq: ['false']}})) {
      throw new Error(`unexpected finding criteria ${JSON.stringify(criterion)}`);
    }
    const p = page(answer((await detectorOf(input, g)).highSeverityFindings, 'findings'), input.NextToken, Math.min(world.pageSize, Number(input.MaxResults ?? 50)));
    return {FindingIds: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });

  detective.on(ListGraphsCommand).callsFake(async (input: Input, getClient) => {
    const p = page(answer(world.detective[await regionOf(getClient)]!.graphs, 'graphs'), input.NextToken, world.pageSize);
    return {GraphList: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  detective.on(ListInvitationsCommand).callsFake(async (input: Input, getClient) => {
    const p = page(answer(world.detective[await regionOf(getClient)]!.invitations, 'invitations'), input.NextToken, world.pageSize);
    return {Invitations: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });

  const clusters = async (getClient: () => unknown) => answer(world.eks[await regionOf(getClient)], 'clusters');
  eks.on(ListClustersCommand).callsFake(async (input: Input, getClient) => {
    if (input.include !== undefined) throw new Error('ListClusters must list EKS clusters only');
    const p = page(Object.keys(await clusters(getClient)), input.nextToken, Math.min(world.pageSize, Number(input.maxResults ?? 100)));
    return {clusters: p.items, ...(p.next ? {nextToken: p.next} : {})};
  });
  eks.on(DescribeClusterCommand).callsFake(async (input: Input, getClient) => {
    const found = (await clusters(getClient))[String(input.name)];
    if (!found) throw awsError('ResourceNotFoundException', 404, `No cluster found for name: ${String(input.name)}.`);
    return {cluster: answer(found, 'cluster')};
  });

  const restApisIn = async (getClient: () => unknown) => answer(world.restApis[await regionOf(getClient)], 'REST APIs');
  apigateway.on(GetRestApisCommand).callsFake(async (input: Input, getClient) => {
    const p = page(Object.values(await restApisIn(getClient)).map((a) => a.api), input.position, Math.min(world.pageSize, Number(input.limit ?? 25)));
    return {items: p.items, ...(p.next ? {position: p.next} : {})};
  });
  apigateway.on(GetRestStagesCommand).callsFake(async (input: Input, getClient) => {
    const found = (await restApisIn(getClient))[String(input.restApiId)];
    if (!found) throw awsError('NotFoundException', 404, 'Invalid API identifier specified');
    return {item: answer(found.stages, 'stages')};
  });
  const apisV2In = async (getClient: () => unknown) => answer(world.apisV2[await regionOf(getClient)], 'v2 APIs');
  apigatewayv2.on(GetApisCommand).callsFake(async (input: Input, getClient) => {
    if (input.MaxResults !== undefined && typeof input.MaxResults !== 'string') throw new Error('apigatewayv2 MaxResults is a string');
    const p = page(Object.values(await apisV2In(getClient)).map((a) => a.api), input.NextToken, Math.min(world.pageSize, Number(input.MaxResults ?? 25)));
    return {Items: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  apigatewayv2.on(GetV2StagesCommand).callsFake(async (input: Input, getClient) => {
    const found = (await apisV2In(getClient))[String(input.ApiId)];
    if (!found) throw awsError('NotFoundException', 404, `Invalid API identifier specified ${ACCOUNT}:${String(input.ApiId)}`);
    const p = page(answer(found.stages, 'stages'), input.NextToken, Math.min(world.pageSize, Number(input.MaxResults ?? 25)));
    return {Items: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });

  const hubIn = async (getClient: () => unknown) => world.securityHub[await regionOf(getClient)]!;
  securityhub.on(DescribeHubCommand).callsFake(async (_input: Input, getClient) => answer((await hubIn(getClient)).hub, 'hub'));
  securityhub.on(GetEnabledStandardsCommand).callsFake(async (input: Input, getClient) => {
    const p = page(answer((await hubIn(getClient)).standards, 'standards'), input.NextToken, Math.min(world.pageSize, Number(input.MaxResults ?? 10)));
    return {StandardsSubscriptions: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  securityhub.on(GetSecurityHubAdministratorAccountCommand).callsFake(async (_input: Input, getClient) => answer((await hubIn(getClient)).administrator, 'administrator'));
  securityhub.on(DescribeSecurityHubOrganizationConfigurationCommand).callsFake(async (_input: Input, getClient) =>
    answer((await hubIn(getClient)).organizationConfiguration, 'organization configuration'),
  );

  securitylake.on(ListDataLakesCommand).callsFake(async (input: Input, getClient) => {
    const region = await regionOf(getClient);
    if (JSON.stringify(input.regions) !== JSON.stringify([region])) throw new Error('ListDataLakes must ask for its own region');
    return {dataLakes: answer(world.securityLake[region]!.dataLakes, 'data lakes')};
  });
  securitylake.on(ListLogSourcesCommand).callsFake(async (input: Input, getClient) => {
    const region = await regionOf(getClient);
    const p = page(answer(world.securityLake[region]!.logSources, 'log sources'), input.nextToken, Math.min(world.pageSize, Number(input.maxResults ?? 100)));
    return {sources: p.items, ...(p.next ? {nextToken: p.next} : {})};
  });

  const storesIn = async (getClient: () => unknown) => answer(world.eventDataStores[await regionOf(getClient)], 'event data stores');
  cloudtrail.on(ListEventDataStoresCommand).callsFake(async (input: Input, getClient) => {
    const all = Object.entries(await storesIn(getClient)).map(([arn, store]) => ({EventDataStoreArn: arn, ...(store instanceof Error ? {} : {Name: store.Name})}));
    const p = page(all, input.NextToken, Math.min(world.pageSize, Number(input.MaxResults ?? 1000)));
    return {EventDataStores: p.items, ...(p.next ? {NextToken: p.next} : {})};
  });
  cloudtrail.on(GetEventDataStoreCommand).callsFake(async (input: Input, getClient) => {
    const found = (await storesIn(getClient))[String(input.EventDataStore)];
    if (!found) throw awsError('EventDataStoreNotFoundException', 400, `The specified event data store ${String(input.EventDataStore)} was not found.`);
    return answer(found, 'event data store');
  });
  installNetwork(world, ec2);
  return world;
}

/** Resets every mock (no behaviour, no recorded calls). */
export function resetMocks(): void {
  for (const mock of Object.values(mocks)) mock.reset();
  resetNetworkMocks();
}

/** A client factory for tests: fast retries, fixed region, and the events it reports. */
export function testFactory(overrides: {maxAttempts?: number} = {}): {clients: ClientFactory; events: CollectEvent[]} {
  const events: CollectEvent[] = [];
  const clients = createClientFactory(
    {
      credentials: async () => ({accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test-secret'}),
      defaultRegion: 'us-east-1',
      maxAttempts: overrides.maxAttempts ?? 2,
    },
    (e) => events.push(e),
  );
  return {clients, events};
}

/**
 * The data a fake AWS server answers from: one or more accounts, each with what AWS would hold for it. Field names
 * follow the AWS API's own names where the value passes through to the wire; times are ISO 8601 strings here and
 * are turned into each protocol's own time format (epoch seconds, epoch millis, ISO) when served.
 */
import type {OptInStatus} from '../../../src/snapshot/types.js';

export interface FakeAwsModel {
  accounts: FakeAccount[];
  organization?: FakeOrganization;
}

export interface FakeOrganization {
  id: string;
  managementAccountId: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  masterAccountEmail?: string;
  /** Every account of the organization as `ListAccounts` lists it (audited or not). */
  accounts: FakeOrganizationAccount[];
  /** Accounts registered as delegated administrators; they may call `ListAccounts` too. */
  delegatedAdministrators?: string[];
  /** Organizational units under the root (`r-root`); an account not placed in one sits under the root. */
  organizationalUnits?: FakeOrganizationalUnit[];
}

export interface FakeOrganizationalUnit {
  id: string;
  name: string;
  /** The parent OU's id, or absent for an OU directly under the root. */
  parentId?: string;
  accountIds: string[];
}

export interface FakeOrganizationAccount {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: string;
}

export interface FakeAccount {
  accountId: string;
  /** `iam:ListAccountAliases`; absent or null: no alias. */
  alias?: string | null;
  /** False: every `sts:AssumeRole` into this account is denied. */
  assumable?: boolean;
  /** When set, `AssumeRole` into this account must present this external id. */
  externalId?: string;
  /** Not a member of the model's organization, even when the model has one. */
  standalone?: boolean;
  /** `ec2:DescribeRegions(AllRegions=true)`, each region with its evidence. */
  regions: FakeRegion[];
  /** Trails this account owns (organization trails included). */
  trails: FakeTrail[];
  /** S3 buckets this account owns. */
  buckets: FakeBucket[];
  /** S3 Control account-level Block Public Access; absent or null: not configured. */
  publicAccessBlock?: FakePublicAccessBlock | null;
}

export interface FakeRegion {
  name: string;
  optInStatus: OptInStatus;
  logGroups?: FakeLogGroup[];
  config?: FakeConfigService;
  guardDutyDetectors?: FakeDetector[];
  detective?: FakeDetective;
  eksClusters?: FakeEksCluster[];
  /** API Gateway REST APIs (v1). */
  restApis?: FakeRestApi[];
  /** API Gateway HTTP and WebSocket APIs (v2). */
  apisV2?: FakeApiV2[];
  /** Absent or null: Security Hub is not enabled in the region ("not subscribed"). */
  securityHub?: FakeSecurityHub | null;
  /** Absent: Security Lake is not enabled in the region. */
  securityLake?: FakeSecurityLake;
  /** CloudTrail Lake event data stores homed in the region. */
  eventDataStores?: FakeEventDataStore[];
  /** VPCs (with their subnets and network-interface counts), flow logs, Resolver query logging. */
  vpcs?: FakeVpc[];
  flowLogs?: FakeFlowLog[];
  resolverQueryLogging?: FakeResolverQueryLogging;
  /** Application, Network and Gateway Load Balancers, and Classic Load Balancers. */
  loadBalancers?: FakeLoadBalancer[];
  classicLoadBalancers?: FakeClassicLoadBalancer[];
  /** WAF web ACLs; those of scope CLOUDFRONT belong in us-east-1. */
  webAcls?: FakeWebAcl[];
}

// ---- service logs (issue 9) -------------------------------------------------------------------------------------

export interface FakeEksCluster {
  name: string;
  version: string;
  createdAt: string;
  status?: 'ACTIVE' | 'CREATING' | 'DELETING' | 'FAILED' | 'UPDATING';
  /** The log types enabled; the others are listed as disabled, as EKS does. */
  enabledLogTypes: ('api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler')[];
}

export interface FakeRestApi {
  id: string;
  name: string;
  createdDate: string;
  stages: {stageName: string; deploymentId: string; createdDate: string; accessLogDestinationArn?: string; variables?: Record<string, string>}[];
}

export interface FakeApiV2 {
  apiId: string;
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  createdDate: string;
  stages: {stageName: string; createdDate: string; accessLogDestinationArn?: string; apiGatewayManaged?: boolean; stageVariables?: Record<string, string>}[];
}

export interface FakeSecurityHub {
  subscribedAt: string;
  standards: {standardsPath: string; status: 'PENDING' | 'READY' | 'FAILED' | 'DELETING' | 'INCOMPLETE'}[];
  /** The administrator account that manages this one, if any. */
  administratorAccountId?: string;
  /** Set in the delegated administrator only. */
  organizationConfiguration?: {configurationType: 'CENTRAL' | 'LOCAL'; status: 'PENDING' | 'ENABLED' | 'FAILED'};
}

export interface FakeSecurityLake {
  createStatus: 'COMPLETED' | 'FAILED' | 'INITIALIZED' | 'PENDING';
  /** AWS log sources collected, per account (`CLOUD_TRAIL_MGMT`, `VPC_FLOW`, …). */
  sources: {account: string; sourceNames: string[]}[];
}

export interface FakeEventDataStore {
  name: string;
  id: string;
  status: 'CREATED' | 'ENABLED' | 'PENDING_DELETION' | 'STARTING_INGESTION' | 'STOPPING_INGESTION' | 'STOPPED_INGESTION';
  kmsKeyId?: string;
  advancedEventSelectors: FakeAdvancedEventSelector[];
  multiRegionEnabled: boolean;
  organizationEnabled: boolean;
  billingMode: 'EXTENDABLE_RETENTION_PRICING' | 'FIXED_RETENTION_PRICING';
  retentionPeriod: number;
  createdTimestamp: string;
}

// ---- CloudTrail -------------------------------------------------------------------------------------------------

export interface FakeTrail {
  name: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicArn?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  logFileValidationEnabled: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  status: FakeTrailStatus;
  /** Basic selectors; a trail has these or advanced ones, never both. */
  eventSelectors?: FakeEventSelector[];
  advancedEventSelectors?: FakeAdvancedEventSelector[];
  /** Absent or empty: `InsightNotEnabledException`. */
  insightSelectors?: {InsightType: string; EventCategories?: string[]}[];
}

export interface FakeTrailStatus {
  isLogging: boolean;
  latestDeliveryTime?: string;
  latestDeliveryError?: string;
  startLoggingTime?: string;
  latestCloudWatchLogsDeliveryTime?: string;
  latestCloudWatchLogsDeliveryError?: string;
  latestDigestDeliveryTime?: string;
}

export interface FakeEventSelector {
  ReadWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents: boolean;
  DataResources?: {Type: string; Values: string[]}[];
  ExcludeManagementEventSources?: string[];
}

export interface FakeAdvancedEventSelector {
  Name?: string;
  FieldSelectors: {
    Field: string;
    Equals?: string[];
    StartsWith?: string[];
    EndsWith?: string[];
    NotEquals?: string[];
    NotStartsWith?: string[];
    NotEndsWith?: string[];
  }[];
}

// ---- S3 ---------------------------------------------------------------------------------------------------------

export interface FakePublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface FakeGrant {
  grantee:
    | {type: 'CanonicalUser'; id: string; displayName?: string}
    | {type: 'Group'; uri: string}
    | {type: 'AmazonCustomerByEmail'; email: string};
  permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
}

export interface FakeLifecycleRule {
  ID?: string;
  Status: 'Enabled' | 'Disabled';
  /** Rules use a filter prefix (current form) or the legacy top-level prefix. */
  FilterPrefix?: string;
  LegacyPrefix?: string;
  ExpirationDays?: number;
  Transitions?: {Days: number; StorageClass: string}[];
  NoncurrentVersionExpirationDays?: number;
  NoncurrentVersionTransitions?: {NoncurrentDays: number; StorageClass: string}[];
}

export interface FakeBucket {
  name: string;
  region: string;
  /** What `GetBucketLocation` answers when it is not the region's name: old eu-west-1 buckets answer `EU`. */
  locationConstraint?: 'EU';
  creationDate: string;
  /** Other accounts whose reads the bucket policy allows (a central log archive read by auditors). */
  readableBy?: string[];
  objectLock: {mode: 'GOVERNANCE' | 'COMPLIANCE'; days?: number; years?: number} | 'enabled-no-default' | null;
  /** `null`: versioning never enabled (AWS answers an empty `VersioningConfiguration`). */
  versioning: {status: 'Enabled' | 'Suspended'; mfaDelete?: 'Enabled' | 'Disabled'} | null;
  publicAccessBlock: FakePublicAccessBlock | null;
  /** The bucket policy document (JSON text); null: no policy. */
  policy: string | null;
  /** `GetBucketPolicyStatus`; only meaningful with a policy (without one AWS answers `NoSuchBucketPolicy`). */
  policyIsPublic?: boolean;
  acl: FakeGrant[];
  /** Default encryption; null: none (only buckets from before 2023 can lack it). */
  encryption: {algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse'; kmsKeyId?: string; bucketKeyEnabled?: boolean} | null;
  lifecycle: FakeLifecycleRule[] | null;
  logging: {targetBucket: string; targetPrefix: string} | null;
}

// ---- CloudWatch Logs --------------------------------------------------------------------------------------------

export interface FakeLogGroup {
  logGroupName: string;
  creationTime: string;
  retentionInDays?: number;
  storedBytes: number;
  kmsKeyId?: string;
  logGroupClass?: 'STANDARD' | 'INFREQUENT_ACCESS' | 'DELIVERY';
  metricFilters?: {filterName: string; filterPattern: string; metricName: string; metricNamespace: string}[];
  subscriptionFilters?: {filterName: string; filterPattern: string; destinationArn: string}[];
}

// ---- AWS Config -------------------------------------------------------------------------------------------------

export interface FakeConfigService {
  recorders: FakeConfigRecorder[];
  deliveryChannels: {name: string; s3BucketName: string; s3KeyPrefix?: string; snsTopicARN?: string; lastStatus: 'SUCCESS' | 'FAILURE' | 'NOT_APPLICABLE'}[];
  aggregators: FakeConfigAggregator[];
}

export interface FakeConfigRecorder {
  name: string;
  roleARN: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  resourceTypes?: string[];
  recordingFrequency: 'CONTINUOUS' | 'DAILY';
  recordingModeOverrides?: {description?: string; resourceTypes: string[]; recordingFrequency: 'CONTINUOUS' | 'DAILY'}[];
  recording: boolean;
  lastStatus: 'SUCCESS' | 'FAILURE' | 'PENDING';
  lastErrorCode?: string;
  lastStartTime?: string;
}

export interface FakeConfigAggregator {
  name: string;
  creationTime: string;
  organizationSource?: {roleArn: string; allAwsRegions: boolean; awsRegions?: string[]};
  accountSources?: {accountIds: string[]; allAwsRegions: boolean; awsRegions?: string[]}[];
}

// ---- GuardDuty --------------------------------------------------------------------------------------------------

export interface FakeDetector {
  detectorId: string;
  status: 'ENABLED' | 'DISABLED';
  findingPublishingFrequency: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
  createdAt: string;
  updatedAt: string;
  features: {name: string; status: 'ENABLED' | 'DISABLED'}[];
  /** The administrator of this member detector; null/absent: none (standalone or administrator itself). */
  administrator?: {accountId: string; relationshipStatus: string; invitedAt: string} | null;
  publishingDestinations: {destinationId: string; destinationType: 'S3'; status: 'PUBLISHING' | 'UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY' | 'PENDING_VERIFICATION' | 'STOPPED'}[];
  /** Set only in the delegated administrator; elsewhere `DescribeOrganizationConfiguration` is a BadRequest. */
  organizationConfiguration?: {autoEnable: boolean; autoEnableOrganizationMembers: 'NEW' | 'ALL' | 'NONE'; memberAccountLimitReached: boolean};
  members?: {accountId: string; email: string; relationshipStatus: string; invitedAt?: string; updatedAt: string}[];
  findings?: {id: string; severity: number; archived: boolean; type: string}[];
}

// ---- Detective --------------------------------------------------------------------------------------------------

export interface FakeDetective {
  graphs: {arn: string; createdTime: string}[];
  invitations: {graphArn: string; administratorId: string; status: 'INVITED' | 'ENABLED' | 'ACCEPTED_BUT_DISABLED' | 'VERIFICATION_IN_PROGRESS'; emailAddress: string; invitedTime: string; updatedTime: string}[];
}

// ---- VPC, Route 53 Resolver, ELB, WAF ----------------------------------------------------------------------------

export interface FakeVpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  /** The owner, when the VPC is shared with the account (RAM); default the account itself. */
  ownerId?: string;
  /** How many network interfaces the VPC holds (0: unused). */
  networkInterfaces: number;
  subnets: {subnetId: string; availabilityZone: string}[];
}

export interface FakeFlowLog {
  flowLogId: string;
  /** A VPC, subnet or network interface id. */
  resourceId: string;
  trafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  logDestinationType: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  /** The destination ARN (log group, bucket or delivery stream). */
  logDestination: string;
  creationTime: string;
  deliverLogsStatus?: 'SUCCESS' | 'FAILED';
  maxAggregationInterval?: 60 | 600;
}

export interface FakeResolverQueryLogging {
  /** Configurations owned by the account or shared with it. */
  configs: {id: string; name: string; ownerId: string; shareStatus: 'NOT_SHARED' | 'SHARED_WITH_ME' | 'SHARED_BY_ME'; destinationArn: string; associationCount: number}[];
  associations: {id: string; configId: string; vpcId: string; status: 'CREATING' | 'ACTIVE' | 'ACTION_NEEDED' | 'DELETING' | 'FAILED'; error?: string; errorMessage?: string}[];
}

export interface FakeLoadBalancer {
  name: string;
  type: 'application' | 'network' | 'gateway';
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  /** Access logs to S3; null: off. */
  accessLogs: {bucket: string; prefix?: string} | null;
  createdTime: string;
}

export interface FakeClassicLoadBalancer {
  name: string;
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  accessLog: {bucket: string; prefix?: string; emitInterval: 5 | 60} | null;
  createdTime: string;
}

export interface FakeWebAcl {
  name: string;
  id: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
  /** The logging configuration; null: none. */
  logging: {destinations: string[]; logScope?: 'CUSTOMER' | 'SECURITY_LAKE' | 'CLOUDWATCH_TELEMETRY_RULE_MANAGED'} | null;
}

// ---- helpers ----------------------------------------------------------------------------------------------------

/** The account with that id, or undefined. */
export function findAccount(model: FakeAwsModel, accountId: string): FakeAccount | undefined {
  return model.accounts.find((a) => a.accountId === accountId);
}

/** The bucket with that name in any account, with its owner. */
export function findBucket(model: FakeAwsModel, name: string): {bucket: FakeBucket; owner: FakeAccount} | undefined {
  for (const owner of model.accounts) {
    const bucket = owner.buckets.find((b) => b.name === name);
    if (bucket) return {bucket, owner};
  }
  return undefined;
}

/** Whether the account is a member (or the management account) of the model's organization. */
export function inOrganization(model: FakeAwsModel, account: FakeAccount): boolean {
  const org = model.organization;
  if (!org || account.standalone) return false;
  return account.accountId === org.managementAccountId || org.accounts.some((a) => a.id === account.accountId);
}

/** The ARN of a trail, as CloudTrail writes it. */
export function trailArn(ownerAccountId: string, trail: FakeTrail): string {
  return `arn:aws:cloudtrail:${trail.homeRegion}:${ownerAccountId}:trail/${trail.name}`;
}

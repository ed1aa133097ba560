/**
 * The snapshot: the contract between collectors and policies. Its JSON Schema is `schema/snapshot.schema.json`;
 * these types mirror it. AWS responses are kept with AWS's own (PascalCase or camelCase) field names, exactly as the
 * API returns them; trailwise's own fields are camelCase.
 *
 * Every piece of evidence is an `Evidence<T>`: either the value AWS returned (where `null` means "not configured",
 * e.g. `ObjectLockConfigurationNotFoundError`), or a `Missing` marker saying why the value is not there.
 */

export const SNAPSHOT_SCHEMA_VERSION = '1.0';

/** Why a piece of evidence could not be collected. */
export type ErrorKind =
  | 'AccessDenied'
  | 'Throttled'
  | 'Timeout'
  | 'NotCollected'
  | 'Unreachable'
  | 'InvalidResponse'
  | 'ServiceError';

export interface CollectionErrorRecord {
  kind: ErrorKind;
  /** The AWS error code (`AccessDeniedException`, `ThrottlingException`…) or a transport error name. */
  code?: string;
  message: string;
  /** `Service:Operation`, e.g. `cloudtrail:GetEventSelectors`. */
  operation?: string;
  httpStatus?: number;
}

/** Evidence that lives outside what was audited (a bucket in another account, an organization trail's status). */
export interface UnknownRecord {
  reason: string;
  /** The account that holds the evidence, when it can be told. */
  ownerAccountId?: string;
}

export type Missing = {error: CollectionErrorRecord} | {unknown: UnknownRecord};
export type Evidence<T> = T | Missing;

export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  collection: CollectionInfo;
  accounts: AccountSnapshot[];
}

export interface CollectionInfo {
  tool: 'trailwise';
  toolVersion: string;
  source: 'aws' | 'file' | 'terraform-plan' | 'cloudformation-template' | 'synthetic';
  startedAt: string;
  finishedAt: string;
  partition?: string;
  /** The regions the user asked for (`--regions`); absent means "every enabled region". */
  regionsRequested?: string[];
  /** API calls made, per `service:Operation`. */
  calls?: Record<string, number>;
  retries?: number;
  errors?: number;
  /** True when the run was interrupted; unfinished evidence is marked `NotCollected`. */
  interrupted?: boolean;
}

export interface OrganizationInfo {
  id: string;
  managementAccountId: string;
  arn?: string;
  featureSet?: string;
}

/** Where an account sits in its organization: the OU it belongs to, with the path of OU names from the root. */
export interface OrganizationalUnitRef {
  /** `ou-…`, or the root's `r-…` for an account directly under the root. */
  id: string;
  name: string;
  /** OU names from the root down, joined with `/` (`Workloads/Prod`); `Root` for the root itself. */
  path: string;
}

export interface AccountSnapshot {
  accountId: string;
  name?: string;
  /** Set by the org audit from Organizations (presentation only: no rule reads it). */
  organizationalUnit?: OrganizationalUnitRef;
  alias?: Evidence<string | null>;
  /** `null`: the account is not in an AWS Organization (normal, not an error). */
  organization?: Evidence<OrganizationInfo | null>;
  /** Set when the account could not be audited at all (role not assumable, timeout). */
  error?: CollectionErrorRecord;
  /**
   * When this account's evidence was collected (an org audit or a merge of shards); absent: the snapshot's
   * `collection.finishedAt`. Time-based facts (hours since the last delivery) are measured from it.
   */
  collectedAt?: string;
  /** Every region the account knows, with its opt-in status; evidence only in the enabled ones. */
  regions: RegionSnapshot[];
  /** Trails visible from any region, de-duplicated by ARN. Regions list which of them they saw. */
  trails: Trail[];
  /** The S3 buckets that receive trail logs, each once. */
  trailBuckets: TrailBucket[];
  /** S3 Block Public Access for the whole account (S3 Control). `null`: not configured. */
  s3PublicAccessBlock?: Evidence<PublicAccessBlock | null>;
}

export interface RegionSnapshot {
  name: string;
  optInStatus: OptInStatus;
  /** Set when the region could not be read at all (endpoint unreachable, interrupted). */
  error?: CollectionErrorRecord;
  /** ARNs of the trails `DescribeTrails` returned in this region (shadow trails included). */
  trailArns?: Evidence<string[]>;
  logGroups?: Evidence<LogGroup[]>;
  config?: ConfigServiceEvidence;
  guardDuty?: GuardDutyEvidence;
  detective?: DetectiveEvidence;
  eks?: EksEvidence;
  apiGateway?: ApiGatewayEvidence;
  securityHub?: SecurityHubEvidence;
  securityLake?: SecurityLakeEvidence;
  cloudTrailLake?: CloudTrailLakeEvidence;
  /** VPCs, their network-interface counts, flow logs and (where needed) subnets. */
  vpc?: VpcEvidence | ServiceUnavailable;
  /** Route 53 Resolver query logging configurations and their VPC associations. */
  resolverQueryLogging?: ResolverQueryLoggingEvidence | ServiceUnavailable;
  /** Elastic Load Balancing: Application, Network and Gateway Load Balancers (v2) and Classic Load Balancers. */
  loadBalancers?: LoadBalancerEvidence | ServiceUnavailable;
  /** AWS WAF (v2) web ACLs and their logging configurations. */
  wafv2?: Wafv2Evidence | ServiceUnavailable;
}

/**
 * A service AWS does not offer to this account in a region (no endpoint there, subscription or opt-in required): a
 * fact, not a failure. It stands for the service's whole evidence group; it is not a `Missing` marker.
 */
export interface ServiceUnavailable {
  unavailable: {reason: string; code?: string};
}

// ---- CloudTrail -------------------------------------------------------------------------------------------------

/** One `DescribeTrails` entry, as AWS returns it. */
export interface TrailDescription {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  S3BucketName?: string;
  S3KeyPrefix?: string;
  SnsTopicARN?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail?: boolean;
  IsOrganizationTrail?: boolean;
  LogFileValidationEnabled?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  HasCustomEventSelectors?: boolean;
  HasInsightSelectors?: boolean;
  [awsField: string]: unknown;
}

/** `GetTrailStatus`, as AWS returns it (times as ISO 8601 strings). */
export interface TrailStatus {
  IsLogging?: boolean;
  LatestDeliveryError?: string;
  LatestDeliveryTime?: string;
  LatestCloudWatchLogsDeliveryError?: string;
  LatestCloudWatchLogsDeliveryTime?: string;
  LatestDigestDeliveryTime?: string;
  [awsField: string]: unknown;
}

export interface DataResource {
  Type?: string;
  Values?: string[];
}

export interface EventSelector {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents?: boolean;
  DataResources?: DataResource[];
  ExcludeManagementEventSources?: string[];
}

export interface AdvancedFieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: AdvancedFieldSelector[];
}

/** `GetEventSelectors`: a trail has basic or advanced selectors, never both. */
export interface TrailEventSelectors {
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
}

export interface InsightSelector {
  InsightType?: 'ApiCallRateInsight' | 'ApiErrorRateInsight' | string;
  EventCategories?: string[];
}

export interface Trail {
  arn: string;
  /** The account that owns the trail (from its ARN): not the audited account for an organization trail. */
  ownerAccountId: string;
  description: TrailDescription;
  status: Evidence<TrailStatus>;
  eventSelectors: Evidence<TrailEventSelectors>;
  /** `[]`: Insights not enabled (`InsightNotEnabledException`). */
  insightSelectors: Evidence<InsightSelector[]>;
}

// ---- S3 trail buckets -------------------------------------------------------------------------------------------

export interface PublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

export interface ObjectLockConfiguration {
  ObjectLockEnabled?: 'Enabled' | string;
  Rule?: {DefaultRetention?: {Mode?: 'GOVERNANCE' | 'COMPLIANCE' | string; Days?: number; Years?: number}};
}

export interface BucketVersioning {
  Status?: 'Enabled' | 'Suspended' | string;
  MFADelete?: 'Enabled' | 'Disabled' | string;
}

export interface Grant {
  Grantee?: {Type?: string; URI?: string; ID?: string; DisplayName?: string; EmailAddress?: string};
  Permission?: string;
}

export interface BucketAcl {
  Owner?: {ID?: string; DisplayName?: string};
  Grants?: Grant[];
}

export interface LifecycleRule {
  ID?: string;
  Status: 'Enabled' | 'Disabled' | string;
  Prefix?: string;
  Filter?: {Prefix?: string; And?: {Prefix?: string; [k: string]: unknown}; [k: string]: unknown};
  Expiration?: {Days?: number; Date?: string; ExpiredObjectDeleteMarker?: boolean};
  Transitions?: {Days?: number; Date?: string; StorageClass?: string}[];
  NoncurrentVersionExpiration?: {NoncurrentDays?: number; NewerNoncurrentVersions?: number};
  NoncurrentVersionTransitions?: {NoncurrentDays?: number; StorageClass?: string}[];
  [awsField: string]: unknown;
}

export interface BucketLogging {
  TargetBucket?: string;
  TargetPrefix?: string;
}

export interface TrailBucket {
  name: string;
  /** The bucket's region (`GetBucketLocation`), when known. */
  region?: string;
  /** The owning account, when it can be told; differs from the audited account for a central log archive. */
  ownerAccountId?: string;
  objectLock: Evidence<ObjectLockConfiguration | null>;
  versioning: Evidence<BucketVersioning>;
  publicAccessBlock: Evidence<PublicAccessBlock | null>;
  /** The bucket policy document as a JSON string. */
  policy: Evidence<string | null>;
  policyStatus: Evidence<{IsPublic?: boolean} | null>;
  acl: Evidence<BucketAcl>;
  encryption: Evidence<{Rules?: unknown[]} | null>;
  lifecycle: Evidence<{Rules: LifecycleRule[]} | null>;
  logging: Evidence<BucketLogging | null>;
}

// ---- CloudWatch Logs --------------------------------------------------------------------------------------------

export interface LogGroup {
  logGroupName: string;
  arn?: string;
  /** Absent: "Never expire". */
  retentionInDays?: number;
  storedBytes?: number;
  kmsKeyId?: string;
  logGroupClass?: 'STANDARD' | 'INFREQUENT_ACCESS' | string;
  creationTime?: number;
  /** Only collected for log groups that receive trail events. */
  metricFilterCount?: Evidence<number>;
  subscriptionFilterCount?: Evidence<number>;
}

// ---- AWS Config -------------------------------------------------------------------------------------------------

export interface ConfigurationRecorder {
  name?: string;
  roleARN?: string;
  recordingGroup?: {
    allSupported?: boolean;
    includeGlobalResourceTypes?: boolean;
    resourceTypes?: string[];
    recordingStrategy?: {useOnly?: string};
    exclusionByResourceTypes?: {resourceTypes?: string[]};
  };
  recordingMode?: {
    recordingFrequency?: 'CONTINUOUS' | 'DAILY' | string;
    recordingModeOverrides?: {description?: string; resourceTypes?: string[]; recordingFrequency?: string}[];
  };
  [awsField: string]: unknown;
}

export interface ConfigurationRecorderStatus {
  name?: string;
  recording?: boolean;
  lastStatus?: 'Pending' | 'Success' | 'Failure' | string;
  lastErrorCode?: string;
  [awsField: string]: unknown;
}

export interface DeliveryChannel {
  name?: string;
  s3BucketName?: string;
  [awsField: string]: unknown;
}

export interface DeliveryChannelStatus {
  name?: string;
  configHistoryDeliveryInfo?: {lastStatus?: 'Success' | 'Failure' | 'Not_Applicable' | string};
  configSnapshotDeliveryInfo?: {lastStatus?: string};
  [awsField: string]: unknown;
}

export interface ConfigurationAggregator {
  ConfigurationAggregatorName?: string;
  OrganizationAggregationSource?: {RoleArn?: string; AwsRegions?: string[]; AllAwsRegions?: boolean};
  AccountAggregationSources?: unknown[];
  [awsField: string]: unknown;
}

export interface ConfigServiceEvidence {
  recorders: Evidence<ConfigurationRecorder[]>;
  recorderStatuses: Evidence<ConfigurationRecorderStatus[]>;
  deliveryChannels: Evidence<DeliveryChannel[]>;
  deliveryChannelStatuses: Evidence<DeliveryChannelStatus[]>;
  aggregators: Evidence<ConfigurationAggregator[]>;
}

// ---- GuardDuty --------------------------------------------------------------------------------------------------

export interface GuardDutyDetector {
  detectorId: string;
  /** `GetDetector`, as AWS returns it. */
  Status?: 'ENABLED' | 'DISABLED' | string;
  FindingPublishingFrequency?: string;
  Features?: {Name?: string; Status?: string; [k: string]: unknown}[];
  /** `GetAdministratorAccount`: `null` when the detector has no administrator. */
  administrator: Evidence<{AccountId?: string; RelationshipStatus?: string} | null>;
  publishingDestinations: Evidence<{DestinationId?: string; DestinationType?: string; Status?: string}[]>;
  /** `DescribeOrganizationConfiguration`; only readable in the delegated administrator. */
  organizationConfiguration?: Evidence<{AutoEnableOrganizationMembers?: string; AutoEnable?: boolean} | null>;
  /** Number of member accounts (`ListMembers`), meaningful in an administrator account. */
  memberCount?: Evidence<number>;
  /** Active (not archived) findings with severity ≥ 7. */
  highSeverityFindingCount?: Evidence<number>;
}

export interface GuardDutyEvidence {
  detectors: Evidence<GuardDutyDetector[]>;
}

// ---- Detective --------------------------------------------------------------------------------------------------

export interface DetectiveEvidence {
  /** Behavior graphs this account administers (`ListGraphs`). */
  graphs: Evidence<{Arn?: string; CreatedTime?: string}[]>;
  /** Graphs this account is a member of (`ListInvitations`). */
  memberships: Evidence<{GraphArn?: string; Status?: string; AdministratorId?: string}[]>;
}

// ---- Amazon EKS -------------------------------------------------------------------------------------------------

/** `DescribeCluster`'s `cluster`, the fields the snapshot keeps (no certificate, no endpoint details). */
export interface EksClusterDescription {
  name?: string;
  arn?: string;
  status?: 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING' | 'PENDING' | string;
  version?: string;
  platformVersion?: string;
  createdAt?: string;
  logging?: {clusterLogging?: {types?: string[]; enabled?: boolean}[]};
  [awsField: string]: unknown;
}

export interface EksCluster {
  /** The name `ListClusters` returned. */
  name: string;
  cluster: Evidence<EksClusterDescription>;
}

export interface EksEvidence {
  /** `ListClusters` (EKS clusters only, not connected ones), each described; `[]`: no cluster in the region. */
  clusters: Evidence<EksCluster[]>;
}

// ---- Amazon API Gateway -----------------------------------------------------------------------------------------

/** A REST API stage (`GetStages` `item[]`); stage variables are left out on purpose (they often hold secrets). */
export interface RestApiStage {
  stageName?: string;
  deploymentId?: string;
  /** Absent: no access logging. */
  accessLogSettings?: {destinationArn?: string; format?: string};
  methodSettings?: Record<string, {loggingLevel?: string; dataTraceEnabled?: boolean; metricsEnabled?: boolean; [k: string]: unknown}>;
  tracingEnabled?: boolean;
  webAclArn?: string;
  createdDate?: string;
  lastUpdatedDate?: string;
  [awsField: string]: unknown;
}

/** A REST API (API Gateway v1, `GetRestApis` `items[]`) with its stages. */
export interface RestApi {
  id: string;
  name?: string;
  createdDate?: string;
  stages: Evidence<RestApiStage[]>;
}

/** An HTTP or WebSocket API stage (API Gateway v2 `GetStages` `Items[]`), stage variables left out. */
export interface ApiV2Stage {
  StageName?: string;
  /** Absent: no access logging. */
  AccessLogSettings?: {DestinationArn?: string; Format?: string};
  DefaultRouteSettings?: {LoggingLevel?: string; DataTraceEnabled?: boolean; DetailedMetricsEnabled?: boolean; [k: string]: unknown};
  ApiGatewayManaged?: boolean;
  AutoDeploy?: boolean;
  DeploymentId?: string;
  CreatedDate?: string;
  LastUpdatedDate?: string;
  [awsField: string]: unknown;
}

/** An HTTP or WebSocket API (API Gateway v2 `GetApis` `Items[]`) with its stages. */
export interface ApiV2 {
  ApiId: string;
  Name?: string;
  ProtocolType?: 'HTTP' | 'WEBSOCKET' | string;
  CreatedDate?: string;
  stages: Evidence<ApiV2Stage[]>;
}

export interface ApiGatewayEvidence {
  restApis: Evidence<RestApi[]>;
  /** HTTP and WebSocket APIs. */
  apisV2: Evidence<ApiV2[]>;
}

// ---- AWS Security Hub (CSPM) ------------------------------------------------------------------------------------

/** `DescribeHub`. */
export interface SecurityHubHub {
  HubArn?: string;
  SubscribedAt?: string;
  AutoEnableControls?: boolean;
  ControlFindingGenerator?: 'STANDARD_CONTROL' | 'SECURITY_CONTROL' | string;
  [awsField: string]: unknown;
}

/** One `GetEnabledStandards` `StandardsSubscriptions[]` entry (`StandardsInput` left out). */
export interface StandardsSubscription {
  StandardsSubscriptionArn?: string;
  StandardsArn?: string;
  StandardsStatus?: 'PENDING' | 'READY' | 'FAILED' | 'DELETING' | 'INCOMPLETE' | string;
  StandardsStatusReason?: {StatusReasonCode?: string};
  [awsField: string]: unknown;
}

/** `DescribeOrganizationConfiguration`, readable only in the delegated administrator. */
export interface SecurityHubOrganizationConfiguration {
  AutoEnable?: boolean;
  AutoEnableStandards?: 'NONE' | 'DEFAULT' | string;
  MemberAccountLimitReached?: boolean;
  OrganizationConfiguration?: {ConfigurationType?: 'CENTRAL' | 'LOCAL' | string; Status?: 'PENDING' | 'ENABLED' | 'FAILED' | string; StatusMessage?: string};
  [awsField: string]: unknown;
}

export interface SecurityHubEvidence {
  /** `null`: Security Hub is not enabled in the region (`InvalidAccessException` "… is not subscribed to AWS Security Hub"). */
  hub: Evidence<SecurityHubHub | null>;
  /** Only read when the hub is enabled. */
  enabledStandards?: Evidence<StandardsSubscription[]>;
  /** `GetAdministratorAccount`: `null` when no administrator manages this account. */
  administrator?: Evidence<{AccountId?: string; MemberStatus?: string} | null>;
  /** `null`: this account is not the organization's Security Hub administrator. */
  organizationConfiguration?: Evidence<SecurityHubOrganizationConfiguration | null>;
}

// ---- Amazon Security Lake ---------------------------------------------------------------------------------------

/** One `ListDataLakes` `dataLakes[]` entry. */
export interface DataLake {
  dataLakeArn?: string;
  region?: string;
  s3BucketArn?: string;
  createStatus?: 'COMPLETED' | 'FAILED' | 'INITIALIZED' | 'PENDING' | string;
  encryptionConfiguration?: {kmsKeyId?: string};
  lifecycleConfiguration?: unknown;
  replicationConfiguration?: unknown;
  updateStatus?: unknown;
  [awsField: string]: unknown;
}

/** One `ListLogSources` `sources[]` entry: the sources collected for one account in one region. */
export interface LogSource {
  account?: string;
  region?: string;
  sources?: ({awsLogSource?: {sourceName?: string; sourceVersion?: string}} | {customLogSource?: {sourceName?: string; sourceVersion?: string; [k: string]: unknown}})[];
}

export interface SecurityLakeEvidence {
  /** `ListDataLakes` for this region; `[]`: Security Lake is not enabled here (for this account). */
  dataLakes: Evidence<DataLake[]>;
  /** `ListLogSources` for this region; only read when there is a data lake. */
  logSources?: Evidence<LogSource[]>;
}

// ---- AWS CloudTrail Lake ----------------------------------------------------------------------------------------

/** `GetEventDataStore`, as AWS returns it (times as ISO 8601 strings). */
export interface EventDataStoreDetails {
  EventDataStoreArn?: string;
  Name?: string;
  Status?: 'CREATED' | 'ENABLED' | 'PENDING_DELETION' | 'STARTING_INGESTION' | 'STOPPING_INGESTION' | 'STOPPED_INGESTION' | string;
  /** Absent: encrypted with a key AWS owns. */
  KmsKeyId?: string;
  AdvancedEventSelectors?: AdvancedEventSelector[];
  MultiRegionEnabled?: boolean;
  OrganizationEnabled?: boolean;
  BillingMode?: 'EXTENDABLE_RETENTION_PRICING' | 'FIXED_RETENTION_PRICING' | string;
  RetentionPeriod?: number;
  TerminationProtectionEnabled?: boolean;
  [awsField: string]: unknown;
}

export interface EventDataStore {
  /** From `ListEventDataStores`. */
  EventDataStoreArn: string;
  Name?: string;
  details: Evidence<EventDataStoreDetails>;
}

export interface CloudTrailLakeEvidence {
  /** The event data stores of the region (`[]`: none). */
  eventDataStores: Evidence<EventDataStore[]>;
}

// ---- VPC (EC2) --------------------------------------------------------------------------------------------------

/** One `DescribeSubnets` entry (only the fields the flow-log rule needs). */
export interface Subnet {
  SubnetId: string;
  VpcId?: string;
  AvailabilityZone?: string;
  OwnerId?: string;
}

/** One `DescribeVpcs` entry, with what trailwise counted or read for it. */
export interface Vpc {
  VpcId: string;
  OwnerId?: string;
  IsDefault?: boolean;
  CidrBlock?: string;
  State?: string;
  /** Network interfaces in the VPC (counted from `DescribeNetworkInterfaces`; the interfaces are not kept). */
  networkInterfaceCount: Evidence<number>;
  /**
   * The VPC's subnets, read only when a subnet-level flow log could decide the rule: the VPC has no VPC-level flow log
   * that records rejected traffic and the region has at least one subnet-level flow log. Absent otherwise.
   */
  subnets?: Evidence<Subnet[]>;
}

/** One `DescribeFlowLogs` entry, as AWS returns it (times as ISO 8601 strings). */
export interface FlowLog {
  FlowLogId: string;
  /** The VPC, subnet or network interface (or transit gateway) the flow log is attached to. */
  ResourceId?: string;
  FlowLogStatus?: 'ACTIVE' | string;
  TrafficType?: 'ACCEPT' | 'REJECT' | 'ALL' | string;
  LogDestinationType?: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose' | string;
  LogDestination?: string;
  LogGroupName?: string;
  DeliverLogsStatus?: 'SUCCESS' | 'FAILED' | string;
  DeliverLogsErrorMessage?: string;
  DeliverCrossAccountRole?: string;
  MaxAggregationInterval?: number;
  LogFormat?: string;
  CreationTime?: string;
}

export interface VpcEvidence {
  vpcs: Evidence<Vpc[]>;
  /** Every flow log of the region (VPC, subnet and interface level). */
  flowLogs: Evidence<FlowLog[]>;
}

// ---- Route 53 Resolver query logging ----------------------------------------------------------------------------

/** One `ListResolverQueryLogConfigs` entry: owned by this account or shared with it (RAM, Firewall Manager). */
export interface ResolverQueryLogConfig {
  Id: string;
  OwnerId?: string;
  Status?: 'CREATING' | 'CREATED' | 'DELETING' | 'FAILED' | string;
  ShareStatus?: 'NOT_SHARED' | 'SHARED_WITH_ME' | 'SHARED_BY_ME' | string;
  AssociationCount?: number;
  Arn?: string;
  Name?: string;
  DestinationArn?: string;
}

/** One `ListResolverQueryLogConfigAssociations` entry: a VPC of this account linked to a (possibly shared) config. */
export interface ResolverQueryLogConfigAssociation {
  Id: string;
  ResolverQueryLogConfigId?: string;
  /** The VPC id. */
  ResourceId?: string;
  Status?: 'CREATING' | 'ACTIVE' | 'ACTION_NEEDED' | 'DELETING' | 'FAILED' | string;
  Error?: 'NONE' | 'DESTINATION_NOT_FOUND' | 'ACCESS_DENIED' | 'INTERNAL_SERVICE_ERROR' | string;
  ErrorMessage?: string;
}

export interface ResolverQueryLoggingEvidence {
  configs: Evidence<ResolverQueryLogConfig[]>;
  associations: Evidence<ResolverQueryLogConfigAssociation[]>;
}

// ---- Elastic Load Balancing -------------------------------------------------------------------------------------

/** One v2 `DescribeLoadBalancers` entry, with its `DescribeLoadBalancerAttributes` answer. */
export interface LoadBalancerV2 {
  LoadBalancerArn: string;
  LoadBalancerName?: string;
  Type?: 'application' | 'network' | 'gateway' | string;
  Scheme?: string;
  VpcId?: string;
  State?: {Code?: string};
  /** Every attribute as AWS lists it (`access_logs.s3.enabled` = "true" | "false", …). */
  attributes: Evidence<{Key?: string; Value?: string}[]>;
}

/** One classic `DescribeLoadBalancers` entry, with its `DescribeLoadBalancerAttributes` answer. */
export interface ClassicLoadBalancer {
  LoadBalancerName: string;
  DNSName?: string;
  Scheme?: string;
  VPCId?: string;
  attributes: Evidence<{
    AccessLog?: {Enabled?: boolean; S3BucketName?: string; S3BucketPrefix?: string; EmitInterval?: number};
    [awsField: string]: unknown;
  }>;
}

export interface LoadBalancerEvidence {
  v2: Evidence<LoadBalancerV2[]>;
  classic: Evidence<ClassicLoadBalancer[]>;
}

// ---- AWS WAF (v2) -----------------------------------------------------------------------------------------------

/** One `ListWebACLs` entry. */
export interface WebAclSummary {
  Name?: string;
  Id?: string;
  ARN: string;
}

/** One `ListLoggingConfigurations` entry. */
export interface WafLoggingConfiguration {
  ResourceArn: string;
  LogDestinationConfigs?: string[];
  ManagedByFirewallManager?: boolean;
  LogType?: string;
  /** `CUSTOMER` (the default), `SECURITY_LAKE` or `CLOUDWATCH_TELEMETRY_RULE_MANAGED`. */
  LogScope?: string;
}

/** The web ACLs of one scope and their logging configurations (every log scope). */
export interface WafScopeEvidence {
  webAcls: Evidence<WebAclSummary[]>;
  loggingConfigurations: Evidence<WafLoggingConfiguration[]>;
}

export interface Wafv2Evidence {
  /** Scope REGIONAL: web ACLs for load balancers, API Gateway, AppSync, Cognito… in this region. */
  regional: WafScopeEvidence;
  /** Scope CLOUDFRONT: only read in us-east-1, whose endpoint serves it. */
  cloudFront?: WafScopeEvidence;
}

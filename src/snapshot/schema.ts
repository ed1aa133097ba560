/**
 * The snapshot's JSON Schema (draft 2020-12), built here so that the evidence pattern is written once, and published
 * as `schema/snapshot.schema.json` by `npm run schema` (a test fails when the two differ).
 */

type JsonSchema = Record<string, unknown>;

const SCHEMA_ID = 'https://trailwise.dev/schema/snapshot-1.0.json';

const str = {type: 'string'};
const bool = {type: 'boolean'};
const int = {type: 'integer', minimum: 0};
const strList = {type: 'array', items: str};
const accountId = {type: 'string', pattern: '^[0-9]{12}$'};
const dateTime = {type: 'string', format: 'date-time'};

/** An AWS response object: the named fields are checked, anything else AWS adds later is kept. */
function awsObject(properties: JsonSchema, required: string[] = []): JsonSchema {
  return {type: 'object', properties, required, additionalProperties: true};
}

/** Our own object: closed, so a typo in a hand-written snapshot is caught. */
function closed(properties: JsonSchema, required: string[] = []): JsonSchema {
  return {type: 'object', properties, required, additionalProperties: false};
}

/** Either the value, or a marker that says why the value is missing. */
function evidence(value: JsonSchema): JsonSchema {
  return {
    if: {type: 'object', anyOf: [{required: ['error']}, {required: ['unknown']}]},
    then: {$ref: '#/$defs/missing'},
    else: value,
  };
}

const nullable = (value: JsonSchema): JsonSchema => ({anyOf: [{type: 'null'}, value]});

const publicAccessBlock = closed({
  BlockPublicAcls: bool,
  IgnorePublicAcls: bool,
  BlockPublicPolicy: bool,
  RestrictPublicBuckets: bool,
});

const trailDescription = awsObject(
  {
    Name: str,
    TrailARN: str,
    HomeRegion: str,
    S3BucketName: str,
    S3KeyPrefix: str,
    SnsTopicARN: str,
    IncludeGlobalServiceEvents: bool,
    IsMultiRegionTrail: bool,
    IsOrganizationTrail: bool,
    LogFileValidationEnabled: bool,
    CloudWatchLogsLogGroupArn: str,
    CloudWatchLogsRoleArn: str,
    KmsKeyId: str,
    HasCustomEventSelectors: bool,
    HasInsightSelectors: bool,
  },
  ['Name', 'TrailARN', 'HomeRegion'],
);

const fieldSelector = closed(
  {
    Field: str,
    Equals: strList,
    StartsWith: strList,
    EndsWith: strList,
    NotEquals: strList,
    NotStartsWith: strList,
    NotEndsWith: strList,
  },
  ['Field'],
);

const advancedEventSelectors = {
  type: 'array',
  items: awsObject({Name: str, FieldSelectors: {type: 'array', items: fieldSelector}}, ['FieldSelectors']),
};

const eventSelectors = awsObject({
  EventSelectors: {
    type: 'array',
    items: awsObject({
      ReadWriteType: {enum: ['ReadOnly', 'WriteOnly', 'All']},
      IncludeManagementEvents: bool,
      DataResources: {type: 'array', items: awsObject({Type: str, Values: strList})},
      ExcludeManagementEventSources: strList,
    }),
  },
  AdvancedEventSelectors: advancedEventSelectors,
});

const trail = closed(
  {
    arn: str,
    ownerAccountId: accountId,
    description: trailDescription,
    status: evidence(
      awsObject({
        IsLogging: bool,
        LatestDeliveryError: str,
        LatestDeliveryTime: dateTime,
        LatestCloudWatchLogsDeliveryError: str,
        LatestCloudWatchLogsDeliveryTime: dateTime,
      }),
    ),
    eventSelectors: evidence(eventSelectors),
    insightSelectors: evidence({type: 'array', items: awsObject({InsightType: str, EventCategories: strList})}),
  },
  ['arn', 'ownerAccountId', 'description', 'status', 'eventSelectors', 'insightSelectors'],
);

const lifecycleRule = awsObject(
  {
    ID: str,
    Status: str,
    Prefix: str,
    Filter: awsObject({Prefix: str}),
    Expiration: awsObject({Days: int, Date: str, ExpiredObjectDeleteMarker: bool}),
    Transitions: {type: 'array', items: awsObject({Days: int, Date: str, StorageClass: str})},
    NoncurrentVersionExpiration: awsObject({NoncurrentDays: int, NewerNoncurrentVersions: int}),
  },
  ['Status'],
);

const trailBucket = closed(
  {
    name: str,
    region: str,
    ownerAccountId: accountId,
    objectLock: evidence(
      nullable(
        awsObject({
          ObjectLockEnabled: str,
          Rule: awsObject({
            DefaultRetention: awsObject({Mode: {enum: ['GOVERNANCE', 'COMPLIANCE']}, Days: int, Years: int}),
          }),
        }),
      ),
    ),
    versioning: evidence(awsObject({Status: str, MFADelete: str})),
    publicAccessBlock: evidence(nullable(publicAccessBlock)),
    policy: evidence(nullable(str)),
    policyStatus: evidence(nullable(awsObject({IsPublic: bool}))),
    acl: evidence(
      awsObject({
        Owner: awsObject({ID: str, DisplayName: str}),
        Grants: {
          type: 'array',
          items: awsObject({Grantee: awsObject({Type: str, URI: str, ID: str}), Permission: str}),
        },
      }),
    ),
    encryption: evidence(nullable(awsObject({Rules: {type: 'array'}}))),
    lifecycle: evidence(nullable(awsObject({Rules: {type: 'array', items: lifecycleRule}}, ['Rules']))),
    logging: evidence(nullable(awsObject({TargetBucket: str, TargetPrefix: str}))),
  },
  ['name', 'objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'],
);

const logGroup = closed(
  {
    logGroupName: str,
    arn: str,
    retentionInDays: {type: 'integer', minimum: 1},
    storedBytes: int,
    kmsKeyId: str,
    logGroupClass: str,
    creationTime: int,
    metricFilterCount: evidence(int),
    subscriptionFilterCount: evidence(int),
  },
  ['logGroupName'],
);

const configEvidence = closed(
  {
    recorders: evidence({
      type: 'array',
      items: awsObject({
        name: str,
        roleARN: str,
        recordingGroup: awsObject({
          allSupported: bool,
          includeGlobalResourceTypes: bool,
          resourceTypes: strList,
        }),
        recordingMode: awsObject({
          recordingFrequency: str,
          recordingModeOverrides: {
            type: 'array',
            items: awsObject({description: str, resourceTypes: strList, recordingFrequency: str}),
          },
        }),
      }),
    }),
    recorderStatuses: evidence({type: 'array', items: awsObject({name: str, recording: bool, lastStatus: str})}),
    deliveryChannels: evidence({type: 'array', items: awsObject({name: str, s3BucketName: str})}),
    deliveryChannelStatuses: evidence({
      type: 'array',
      items: awsObject({name: str, configHistoryDeliveryInfo: awsObject({lastStatus: str})}),
    }),
    aggregators: evidence({
      type: 'array',
      items: awsObject({
        ConfigurationAggregatorName: str,
        OrganizationAggregationSource: awsObject({RoleArn: str, AwsRegions: strList, AllAwsRegions: bool}),
      }),
    }),
  },
  ['recorders', 'recorderStatuses', 'deliveryChannels', 'deliveryChannelStatuses', 'aggregators'],
);

const detector = closed(
  {
    detectorId: str,
    Status: str,
    FindingPublishingFrequency: str,
    Features: {type: 'array', items: awsObject({Name: str, Status: str})},
    administrator: evidence(nullable(awsObject({AccountId: str, RelationshipStatus: str}))),
    publishingDestinations: evidence({
      type: 'array',
      items: awsObject({DestinationId: str, DestinationType: str, Status: str}),
    }),
    organizationConfiguration: evidence(nullable(awsObject({AutoEnableOrganizationMembers: str, AutoEnable: bool}))),
    memberCount: evidence(int),
    highSeverityFindingCount: evidence(int),
  },
  ['detectorId', 'administrator', 'publishingDestinations'],
);

const eksEvidence = closed(
  {
    clusters: evidence({
      type: 'array',
      items: closed(
        {
          name: str,
          cluster: evidence(
            awsObject({
              name: str,
              arn: str,
              status: str,
              version: str,
              logging: awsObject({
                clusterLogging: {type: 'array', items: awsObject({types: strList, enabled: bool})},
              }),
            }),
          ),
        },
        ['name', 'cluster'],
      ),
    }),
  },
  ['clusters'],
);

const apiGatewayEvidence = closed(
  {
    restApis: evidence({
      type: 'array',
      items: closed(
        {
          id: str,
          name: str,
          createdDate: dateTime,
          stages: evidence({
            type: 'array',
            items: awsObject({stageName: str, deploymentId: str, accessLogSettings: awsObject({destinationArn: str, format: str}), methodSettings: {type: 'object'}}),
          }),
        },
        ['id', 'stages'],
      ),
    }),
    apisV2: evidence({
      type: 'array',
      items: closed(
        {
          ApiId: str,
          Name: str,
          ProtocolType: str,
          CreatedDate: dateTime,
          stages: evidence({
            type: 'array',
            items: awsObject({StageName: str, AccessLogSettings: awsObject({DestinationArn: str, Format: str}), ApiGatewayManaged: bool}),
          }),
        },
        ['ApiId', 'stages'],
      ),
    }),
  },
  ['restApis', 'apisV2'],
);

const securityHubEvidence = closed(
  {
    hub: evidence(nullable(awsObject({HubArn: str, SubscribedAt: str, AutoEnableControls: bool, ControlFindingGenerator: str}))),
    enabledStandards: evidence({
      type: 'array',
      items: awsObject({StandardsSubscriptionArn: str, StandardsArn: str, StandardsStatus: str, StandardsStatusReason: awsObject({StatusReasonCode: str})}),
    }),
    administrator: evidence(nullable(awsObject({AccountId: str, MemberStatus: str}))),
    organizationConfiguration: evidence(
      nullable(
        awsObject({
          AutoEnable: bool,
          AutoEnableStandards: str,
          OrganizationConfiguration: awsObject({ConfigurationType: str, Status: str, StatusMessage: str}),
        }),
      ),
    ),
  },
  ['hub'],
);

const logSourceResource = awsObject({
  awsLogSource: awsObject({sourceName: str, sourceVersion: str}),
  customLogSource: awsObject({sourceName: str, sourceVersion: str}),
});

const securityLakeEvidence = closed(
  {
    dataLakes: evidence({
      type: 'array',
      items: awsObject({dataLakeArn: str, region: str, s3BucketArn: str, createStatus: str, encryptionConfiguration: awsObject({kmsKeyId: str})}),
    }),
    logSources: evidence({
      type: 'array',
      items: awsObject({account: str, region: str, sources: {type: 'array', items: logSourceResource}}),
    }),
  },
  ['dataLakes'],
);

const cloudTrailLakeEvidence = closed(
  {
    eventDataStores: evidence({
      type: 'array',
      items: closed(
        {
          EventDataStoreArn: str,
          Name: str,
          details: evidence(
            awsObject({
              EventDataStoreArn: str,
              Name: str,
              Status: str,
              KmsKeyId: str,
              AdvancedEventSelectors: advancedEventSelectors,
              MultiRegionEnabled: bool,
              OrganizationEnabled: bool,
              BillingMode: str,
              RetentionPeriod: int,
              TerminationProtectionEnabled: bool,
            }),
          ),
        },
        ['EventDataStoreArn', 'details'],
      ),
    }),
  },
  ['eventDataStores'],
);

/** A service's evidence group, or `{unavailable: …}` when AWS does not offer the service there (a fact, not a marker). */
function serviceGroup(group: JsonSchema): JsonSchema {
  return {
    if: {type: 'object', required: ['unavailable']},
    then: closed({unavailable: closed({reason: str, code: str}, ['reason'])}, ['unavailable']),
    else: group,
  };
}

const subnet = awsObject({SubnetId: str, VpcId: str, AvailabilityZone: str, OwnerId: str}, ['SubnetId']);

const vpcEvidence = closed(
  {
    vpcs: evidence({
      type: 'array',
      items: closed(
        {
          VpcId: str,
          OwnerId: str,
          IsDefault: bool,
          CidrBlock: str,
          State: str,
          networkInterfaceCount: evidence(int),
          subnets: evidence({type: 'array', items: subnet}),
        },
        ['VpcId', 'networkInterfaceCount'],
      ),
    }),
    flowLogs: evidence({
      type: 'array',
      items: awsObject(
        {
          FlowLogId: str,
          ResourceId: str,
          FlowLogStatus: str,
          TrafficType: str,
          LogDestinationType: str,
          LogDestination: str,
          LogGroupName: str,
          DeliverLogsStatus: str,
          DeliverLogsErrorMessage: str,
          DeliverCrossAccountRole: str,
          MaxAggregationInterval: int,
          LogFormat: str,
          CreationTime: dateTime,
        },
        ['FlowLogId'],
      ),
    }),
  },
  ['vpcs', 'flowLogs'],
);

const resolverQueryLogging = closed(
  {
    configs: evidence({
      type: 'array',
      items: awsObject(
        {Id: str, OwnerId: str, Status: str, ShareStatus: str, AssociationCount: int, Arn: str, Name: str, DestinationArn: str},
        ['Id'],
      ),
    }),
    associations: evidence({
      type: 'array',
      items: awsObject({Id: str, ResolverQueryLogConfigId: str, ResourceId: str, Status: str, Error: str, ErrorMessage: str}, ['Id']),
    }),
  },
  ['configs', 'associations'],
);

const loadBalancers = closed(
  {
    v2: evidence({
      type: 'array',
      items: closed(
        {
          LoadBalancerArn: str,
          LoadBalancerName: str,
          Type: str,
          Scheme: str,
          VpcId: str,
          State: awsObject({Code: str}),
          attributes: evidence({type: 'array', items: awsObject({Key: str, Value: str})}),
        },
        ['LoadBalancerArn', 'attributes'],
      ),
    }),
    classic: evidence({
      type: 'array',
      items: closed(
        {
          LoadBalancerName: str,
          DNSName: str,
          Scheme: str,
          VPCId: str,
          attributes: evidence(
            awsObject({AccessLog: awsObject({Enabled: bool, S3BucketName: str, S3BucketPrefix: str, EmitInterval: int})}),
          ),
        },
        ['LoadBalancerName', 'attributes'],
      ),
    }),
  },
  ['v2', 'classic'],
);

const wafScope = closed(
  {
    webAcls: evidence({type: 'array', items: awsObject({Name: str, Id: str, ARN: str}, ['ARN'])}),
    loggingConfigurations: evidence({
      type: 'array',
      items: awsObject(
        {ResourceArn: str, LogDestinationConfigs: strList, ManagedByFirewallManager: bool, LogType: str, LogScope: str},
        ['ResourceArn'],
      ),
    }),
  },
  ['webAcls', 'loggingConfigurations'],
);

const region = closed(
  {
    name: {type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$'},
    optInStatus: {enum: ['opt-in-not-required', 'opted-in', 'not-opted-in']},
    error: {$ref: '#/$defs/collectionError'},
    trailArns: evidence(strList),
    logGroups: evidence({type: 'array', items: logGroup}),
    config: configEvidence,
    guardDuty: closed({detectors: evidence({type: 'array', items: detector})}, ['detectors']),
    detective: closed(
      {
        graphs: evidence({type: 'array', items: awsObject({Arn: str, CreatedTime: str})}),
        memberships: evidence({
          type: 'array',
          items: awsObject({GraphArn: str, Status: str, AdministratorId: str}),
        }),
      },
      ['graphs', 'memberships'],
    ),
    eks: eksEvidence,
    apiGateway: apiGatewayEvidence,
    securityHub: securityHubEvidence,
    securityLake: securityLakeEvidence,
    cloudTrailLake: cloudTrailLakeEvidence,
    vpc: serviceGroup(vpcEvidence),
    resolverQueryLogging: serviceGroup(resolverQueryLogging),
    loadBalancers: serviceGroup(loadBalancers),
    wafv2: serviceGroup(closed({regional: wafScope, cloudFront: wafScope}, ['regional'])),
  },
  ['name', 'optInStatus'],
);

const account = closed(
  {
    accountId,
    name: str,
    organizationalUnit: closed({id: str, name: str, path: str}, ['id', 'name', 'path']),
    alias: evidence(nullable(str)),
    organization: evidence(
      nullable(closed({id: str, managementAccountId: accountId, arn: str, featureSet: str}, ['id', 'managementAccountId'])),
    ),
    error: {$ref: '#/$defs/collectionError'},
    collectedAt: dateTime,
    regions: {type: 'array', items: region},
    trails: {type: 'array', items: trail},
    trailBuckets: {type: 'array', items: trailBucket},
    s3PublicAccessBlock: evidence(nullable(publicAccessBlock)),
  },
  ['accountId', 'regions', 'trails', 'trailBuckets'],
);

/** The snapshot schema as a plain object (the published file is this, serialised). */
export const snapshotSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCHEMA_ID,
  title: 'trailwise snapshot',
  description:
    'A read-only snapshot of the logging configuration of one or more AWS accounts. Each piece of evidence is the ' +
    'value AWS returned (null: not configured) or {"error": …} / {"unknown": …} saying why it is missing.',
  type: 'object',
  required: ['schemaVersion', 'collection', 'accounts'],
  additionalProperties: false,
  properties: {
    $schema: str,
    schemaVersion: {const: '1.0'},
    collection: closed(
      {
        tool: {const: 'trailwise'},
        toolVersion: str,
        source: {enum: ['aws', 'file', 'terraform-plan', 'cloudformation-template', 'synthetic']},
        startedAt: dateTime,
        finishedAt: dateTime,
        partition: str,
        regionsRequested: strList,
        calls: {type: 'object', additionalProperties: int},
        retries: int,
        errors: int,
        interrupted: bool,
      },
      ['tool', 'toolVersion', 'source', 'startedAt', 'finishedAt'],
    ),
    accounts: {type: 'array', items: account},
  },
  $defs: {
    collectionError: closed(
      {
        kind: {enum: ['AccessDenied', 'Throttled', 'Timeout', 'NotCollected', 'Unreachable', 'InvalidResponse', 'ServiceError']},
        code: str,
        message: str,
        operation: str,
        httpStatus: int,
      },
      ['kind', 'message'],
    ),
    missing: {
      oneOf: [
        closed({error: {$ref: '#/$defs/collectionError'}}, ['error']),
        closed({unknown: closed({reason: str, ownerAccountId: accountId}, ['reason'])}, ['unknown']),
      ],
    },
  },
};

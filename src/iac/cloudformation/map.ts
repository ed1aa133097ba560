/**
 * CloudFormation resource types → snapshot evidence. Property names are CloudFormation's (which mostly follow the
 * API's), defaults CloudFormation's and AWS's where a property is absent (`IncludeGlobalServiceEvents` true, a
 * bucket's Block Public Access on). A CloudFormation resource describes the whole of its settings, so a bucket's
 * evidence is the template's properties over a new bucket's defaults.
 */
import type {AdvancedEventSelector, EventSelector, InsightSelector, LifecycleRule} from '../../snapshot/types.js';
import {cannedAcl, DEFAULT_ENCRYPTION, newBucketPieces, OWNER_ONLY_ACL} from '../aws-defaults.js';
import type {BucketPieces, Contribution} from '../evidence.js';
import * as logSources from '../log-sources.js';
import {Unresolved, type PlannedResource, type Values} from '../model.js';
import {bool, flagReader, firstUnresolved, isUnresolved, known, list, num, obj, str, strings, type Maybe} from '../values.js';

type Mapper = (v: Values, r: PlannedResource) => Contribution[];

const assigned = (what: string, r: PlannedResource) =>
  new Unresolved(`${what} is assigned by CloudFormation`, r.source.kind === 'cloudformation' ? `${r.source.stack}/${r.source.logicalId}` : undefined);

/** A presence-only value (a key ARN): set, even when it is known only after deployment. */
function presence(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  return isUnresolved(s) ? `(known after deployment${s.ref ? `: ${s.ref}` : ''})` : s;
}

/** A property that is an API-shaped list of objects: known as a whole, or the first `Unresolved` inside it. */
function apiList<T>(v: unknown): Maybe<T[]> | undefined {
  if (v === undefined) return undefined;
  const u = firstUnresolved(v);
  if (u) return u;
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as T[]) : undefined;
}

/** A policy document as the JSON string S3 keeps, with values known only after deployment written as placeholders. */
function policyText(doc: unknown): string | Unresolved | null {
  if (doc === undefined || doc === null) return null;
  if (typeof doc === 'string') return doc;
  return JSON.stringify(doc, (_k, v: unknown) => (isUnresolved(v) ? '(known after deployment)' : v));
}

const trail: Mapper = (v, r) => {
  const unresolvedFacts: Record<string, Unresolved> = {};
  const flag = flagReader(unresolvedFacts);
  const bucket = str(v.S3BucketName);
  const prefix = known(str(v.S3KeyPrefix));
  const advanced = apiList<AdvancedEventSelector>(v.AdvancedEventSelectors);
  const basic = apiList<EventSelector>(v.EventSelectors);
  let selectors: Extract<Contribution, {kind: 'trail'}>['selectors'];
  if (isUnresolved(advanced)) selectors = advanced;
  else if (isUnresolved(basic)) selectors = basic;
  else if (advanced?.length) selectors = {AdvancedEventSelectors: advanced};
  else if (basic?.length) selectors = {EventSelectors: basic.map((s) => ({ReadWriteType: 'All', IncludeManagementEvents: true, ...s}))};
  else selectors = {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]};
  const insights = apiList<InsightSelector>(v.InsightSelectors);
  return [
    {
      kind: 'trail',
      region: r.region,
      name: str(v.TrailName) ?? assigned('the trail name', r),
      description: {
        ...(bucket !== undefined ? {S3BucketName: isUnresolved(bucket) ? (bucket.ref ? `known-after-apply.${bucket.ref}` : 'known-after-apply') : bucket} : {}),
        ...(prefix ? {S3KeyPrefix: prefix} : {}),
        ...(presence(v.SnsTopicName) ? {SnsTopicARN: presence(v.SnsTopicName)} : {}),
        IncludeGlobalServiceEvents: flag('includeGlobalServiceEvents', v.IncludeGlobalServiceEvents, true),
        IsMultiRegionTrail: flag('isMultiRegion', v.IsMultiRegionTrail, false),
        IsOrganizationTrail: flag('isOrganizationTrail', v.IsOrganizationTrail, false),
        LogFileValidationEnabled: flag('logFileValidation', v.EnableLogFileValidation, false),
        ...(presence(v.CloudWatchLogsLogGroupArn) ? {CloudWatchLogsLogGroupArn: presence(v.CloudWatchLogsLogGroupArn)} : {}),
        ...(presence(v.CloudWatchLogsRoleArn) ? {CloudWatchLogsRoleArn: presence(v.CloudWatchLogsRoleArn)} : {}),
        ...(presence(v.KMSKeyId) ? {KmsKeyId: presence(v.KMSKeyId)} : {}),
      },
      // IsLogging is required by CloudFormation; a template without it does not deploy, so absent is "not logging".
      isLogging: bool(v.IsLogging, false),
      selectors,
      insightSelectors: insights ?? [],
      unresolvedFacts,
    },
  ];
};

function lifecycle(v: unknown): BucketPieces['lifecycle'] | Unresolved {
  const rules = list(obj(v).Rules);
  if (isUnresolved(rules)) return rules;
  const u = firstUnresolved(rules);
  if (u) return u;
  const out: LifecycleRule[] = rules.map(obj).map((rule) => {
    const filter = obj(rule.Filter);
    const prefix = known(str(rule.Prefix)) ?? known(str(filter.Prefix)) ?? known(str(obj(filter.And).Prefix));
    const days = known(num(rule.ExpirationInDays));
    const transitions = [...list(rule.Transitions) as unknown[], ...(rule.Transition ? [rule.Transition] : [])].map(obj);
    const noncurrent = known(num(obj(rule.NoncurrentVersionExpiration).NoncurrentDays)) ?? known(num(rule.NoncurrentVersionExpirationInDays));
    return {
      ...(typeof rule.Id === 'string' ? {ID: rule.Id} : {}),
      Status: known(str(rule.Status)) ?? 'Enabled',
      Filter: prefix ? {Prefix: prefix} : {},
      ...(days !== undefined ? {Expiration: {Days: days}} : {}),
      Transitions: transitions.flatMap((t) => {
        const sc = known(str(t.StorageClass));
        const d = known(num(t.TransitionInDays));
        return sc ? [{...(d !== undefined ? {Days: d} : {}), StorageClass: sc}] : [];
      }),
      ...(noncurrent !== undefined ? {NoncurrentVersionExpiration: {NoncurrentDays: noncurrent}} : {}),
    };
  });
  return {Rules: out};
}

function encryption(v: unknown): BucketPieces['encryption'] | Unresolved {
  const rules = list(obj(v).ServerSideEncryptionConfiguration);
  if (isUnresolved(rules)) return rules;
  return {
    Rules: rules.map(obj).map((rule) => {
      const d = obj(rule.ServerSideEncryptionByDefault);
      const key = presence(d.KMSMasterKeyID);
      return {ApplyServerSideEncryptionByDefault: {SSEAlgorithm: known(str(d.SSEAlgorithm)) ?? 'AES256', ...(key ? {KMSMasterKeyID: key} : {})}};
    }),
  };
}

function publicAccessBlock(v: unknown): BucketPieces['publicAccessBlock'] | Unresolved {
  const c = obj(v);
  const flags = {
    BlockPublicAcls: bool(c.BlockPublicAcls, false),
    IgnorePublicAcls: bool(c.IgnorePublicAcls, false),
    BlockPublicPolicy: bool(c.BlockPublicPolicy, false),
    RestrictPublicBuckets: bool(c.RestrictPublicBuckets, false),
  };
  const bad = Object.values(flags).find(isUnresolved);
  return bad ? (bad as Unresolved) : (flags as Record<string, boolean>);
}

const bucket: Mapper = (v, r) => {
  const pieces: Extract<Contribution, {kind: 'bucket'}>['pieces'] = {...newBucketPieces()};
  const lockEnabled = bool(v.ObjectLockEnabled, false);
  const lock = obj(v.ObjectLockConfiguration);
  const retention = obj(obj(lock.Rule).DefaultRetention);
  if (isUnresolved(lockEnabled)) pieces.objectLock = lockEnabled;
  else if (lockEnabled || lock.ObjectLockEnabled === 'Enabled') {
    const u = firstUnresolved(retention);
    const mode = known(str(retention.Mode));
    const days = known(num(retention.Days));
    const years = known(num(retention.Years));
    pieces.objectLock = u ?? {
      ObjectLockEnabled: 'Enabled',
      ...(mode || days !== undefined || years !== undefined
        ? {Rule: {DefaultRetention: {...(mode ? {Mode: mode} : {}), ...(days !== undefined ? {Days: days} : {}), ...(years !== undefined ? {Years: years} : {})}}}
        : {}),
    };
  }
  if (v.VersioningConfiguration !== undefined) {
    const status = str(obj(v.VersioningConfiguration).Status);
    pieces.versioning = isUnresolved(status) ? status : status ? {Status: status} : {};
  }
  if (v.PublicAccessBlockConfiguration !== undefined) pieces.publicAccessBlock = publicAccessBlock(v.PublicAccessBlockConfiguration);
  const ownershipRules = list(obj(v.OwnershipControls).Rules);
  const ownership = isUnresolved(ownershipRules) ? undefined : known(str(obj(ownershipRules[0]).ObjectOwnership));
  const acl = str(v.AccessControl);
  // With ACLs disabled (BucketOwnerEnforced, the default) a canned ACL is refused by S3; otherwise it applies.
  if (isUnresolved(acl)) pieces.acl = acl;
  else if (acl && ownership && ownership !== 'BucketOwnerEnforced') pieces.acl = cannedAcl(acl) ?? OWNER_ONLY_ACL;
  else if (acl && !ownership) pieces.acl = cannedAcl(acl) ?? OWNER_ONLY_ACL;
  if (v.BucketEncryption !== undefined) pieces.encryption = encryption(v.BucketEncryption);
  else pieces.encryption = DEFAULT_ENCRYPTION;
  if (v.LifecycleConfiguration !== undefined) pieces.lifecycle = lifecycle(v.LifecycleConfiguration);
  if (v.LoggingConfiguration !== undefined) {
    const c = obj(v.LoggingConfiguration);
    const target = str(c.DestinationBucketName);
    const prefix = known(str(c.LogFilePrefix));
    // Without a destination, S3 logs to the bucket itself.
    pieces.logging = isUnresolved(target) ? target : {TargetBucket: target ?? '(this bucket)', ...(prefix ? {TargetPrefix: prefix} : {})};
  }
  const name = str(v.BucketName) ?? assigned('the bucket name', r);
  if (pieces.logging && !isUnresolved(pieces.logging) && pieces.logging.TargetBucket === '(this bucket)' && typeof name === 'string') pieces.logging.TargetBucket = name;
  return [{kind: 'bucket', region: r.region, name, isBucket: true, pieces}];
};

const MAPPERS: Record<string, Mapper> = {
  'AWS::CloudTrail::Trail': trail,
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': (v, r) => {
    const name = str(v.Bucket);
    return [{kind: 'bucket', region: r.region, name: name ?? new Unresolved('the policy names no bucket'), isBucket: false, pieces: {policy: policyText(v.PolicyDocument)}}];
  },
  'AWS::Logs::LogGroup': (v, r) => {
    const unresolvedFacts: Record<string, Unresolved> = {};
    const retention = num(v.RetentionInDays);
    if (isUnresolved(retention)) unresolvedFacts.retentionInDays = retention;
    const kms = presence(v.KmsKeyId);
    return [
      {
        kind: 'log-group',
        region: r.region,
        name: str(v.LogGroupName) ?? assigned('the log group name', r),
        group: {...(typeof retention === 'number' ? {retentionInDays: retention} : {}), ...(kms ? {kmsKeyId: kms} : {}), logGroupClass: known(str(v.LogGroupClass)) ?? 'STANDARD'},
        unresolvedFacts,
      },
    ];
  },
  'AWS::GuardDuty::Detector': (v, r) => {
    const s3 = obj(obj(v.DataSources).S3Logs);
    const features = list(v.Features);
    return [
      {
        kind: 'detector',
        region: r.region,
        enabled: bool(v.Enable, false),
        features: [
          ...(s3.Enable !== undefined && !isUnresolved(bool(s3.Enable, false)) ? [{Name: 'S3_DATA_EVENTS', Status: bool(s3.Enable, false) ? 'ENABLED' : 'DISABLED'}] : []),
          ...(isUnresolved(features) ? [] : features.map(obj).flatMap((f) => (typeof f.Name === 'string' && typeof f.Status === 'string' ? [{Name: f.Name, Status: f.Status}] : []))),
        ],
      },
    ];
  },
  'AWS::Detective::Graph': (_v, r) => [{kind: 'detective-graph', region: r.region}],
  'AWS::Config::ConfigurationRecorder': (v, r) => {
    const group = obj(v.RecordingGroup);
    const mode = obj(v.RecordingMode);
    const name = known(str(v.Name)) ?? 'default';
    return [
      {
        kind: 'config-recorder',
        region: r.region,
        recorder: {
          name,
          ...(presence(v.RoleARN) ? {roleARN: presence(v.RoleARN)} : {}),
          recordingGroup: {
            allSupported: known(bool(group.AllSupported, Object.keys(group).length === 0)) === true,
            includeGlobalResourceTypes: known(bool(group.IncludeGlobalResourceTypes, false)) === true,
            resourceTypes: known(strings(group.ResourceTypes)) ?? [],
          },
          recordingMode: {
            recordingFrequency: known(str(mode.RecordingFrequency)) ?? 'CONTINUOUS',
            recordingModeOverrides: (known(list(mode.RecordingModeOverrides)) ?? []).map(obj).map((o) => ({
              resourceTypes: known(strings(o.ResourceTypes)) ?? [],
              recordingFrequency: known(str(o.RecordingFrequency)) ?? 'CONTINUOUS',
            })),
          },
        },
      },
    ];
  },
  'AWS::Config::DeliveryChannel': (v, r) => {
    const bucketName = str(v.S3BucketName);
    return [{kind: 'config-delivery-channel', region: r.region, channel: {name: known(str(v.Name)) ?? 'default', ...(typeof bucketName === 'string' ? {s3BucketName: bucketName} : {})}}];
  },
  'AWS::Config::ConfigurationAggregator': (v, r) => {
    const org = obj(v.OrganizationAggregationSource);
    return [
      {
        kind: 'config-aggregator',
        region: r.region,
        aggregator: {
          ConfigurationAggregatorName: known(str(v.ConfigurationAggregatorName)) ?? 'aggregator',
          ...(Object.keys(org).length ? {OrganizationAggregationSource: {AllAwsRegions: known(bool(org.AllAwsRegions, false)) === true, AwsRegions: known(strings(org.AwsRegions)) ?? []}} : {}),
        },
      },
    ];
  },
  // A CloudFormation resource has no id before deployment: the `Ref` of a VPC, subnet or web ACL is tied to it by the
  // projector through the logical id.
  'AWS::EC2::VPC': (_v, r) => logSources.vpc(r, undefined),
  'AWS::EC2::Subnet': (v, r) => logSources.subnet(r, undefined, v.VpcId),
  'AWS::EC2::FlowLog': (v, r) =>
    logSources.flowLog(r, {
      id: undefined,
      resourceId: v.ResourceId,
      trafficType: v.TrafficType,
      destinationType: v.LogDestinationType,
      destination: v.LogDestination,
      logGroupName: v.LogGroupName,
      maxAggregationInterval: v.MaxAggregationInterval,
      logFormat: v.LogFormat,
    }),
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': (v, r) => logSources.resolverConfig(r, undefined, v.Name, v.DestinationArn),
  'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation': (v, r) => logSources.resolverAssociation(r, undefined, v.ResolverQueryLogConfigId, v.ResourceId),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (v, r) => {
    const attributes = v.LoadBalancerAttributes;
    const mappings = list(v.SubnetMappings);
    return [
      ...logSources.loadBalancer(r, {
        name: v.Name,
        arn: undefined,
        type: v.Type,
        scheme: known(str(v.Scheme)) ?? 'internet-facing',
        // Attributes left out keep ELB's defaults: access_logs.s3.enabled is "false".
        accessLogs: bool(logSources.attributeValue(attributes, 'access_logs.s3.enabled'), false),
        bucket: logSources.attributeValue(attributes, 'access_logs.s3.bucket'),
        prefix: logSources.attributeValue(attributes, 'access_logs.s3.prefix'),
      }),
      ...logSources.networkInterfaces(r, [...(known(strings(v.Subnets)) ?? []), ...(isUnresolved(mappings) ? [] : mappings.map((m) => obj(m).SubnetId))]),
    ];
  },
  'AWS::WAFv2::WebACL': (v, r) => logSources.webAcl(r, v.Name, v.Scope, undefined),
  'AWS::WAFv2::LoggingConfiguration': (v, r) => logSources.webAclLogging(r, v.ResourceArn, v.LogDestinationConfigs),
  'AWS::EKS::Cluster': (v, r) => {
    const types = list(obj(obj(v.Logging).ClusterLogging).EnabledTypes);
    const u = isUnresolved(types) ? types : firstUnresolved(types);
    return [
      ...logSources.eksCluster(r, v.Name, undefined, u ?? (types as unknown[]).map(obj).flatMap((t) => (typeof t.Type === 'string' ? [t.Type] : []))),
      ...logSources.networkInterfaces(r, known(strings(obj(v.ResourcesVpcConfig).SubnetIds)) ?? []),
    ];
  },
  'AWS::EC2::NatGateway': (v, r) => logSources.networkInterfaces(r, [v.SubnetId]),
  'AWS::EC2::NetworkInterface': (v, r) => logSources.networkInterfaces(r, [v.SubnetId]),
  'AWS::EC2::Instance': (v, r) => logSources.networkInterfaces(r, [v.SubnetId]),
  'AWS::EC2::VPCEndpoint': (v, r) => (str(v.VpcEndpointType) === 'Interface' ? logSources.networkInterfaces(r, known(strings(v.SubnetIds)) ?? [], v.VpcId) : []),
};

/** The CloudFormation resource types trailwise reads evidence from. */
export const CLOUDFORMATION_TYPES = Object.keys(MAPPERS);

/**
 * The evidence one CloudFormation resource holds. A Config recorder is started by CloudFormation once a delivery
 * channel exists, so the reader marks the stacks that have one (`recorderStarts`).
 */
export function mapCloudFormationResource(values: Values, resource: PlannedResource): Contribution[] {
  const mapper = Object.hasOwn(MAPPERS, resource.type) ? MAPPERS[resource.type] : undefined;
  if (!mapper) return [];
  const out = mapper(values, resource);
  if (resource.type === 'AWS::Config::ConfigurationRecorder' && values['trailwise:recorderStarts'] === true) {
    for (const c of out) if (c.kind === 'config-recorder') out.push({kind: 'config-recorder-status', region: resource.region, status: {name: c.recorder.name, recording: true}});
  }
  return out;
}

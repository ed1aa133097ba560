/**
 * Terraform AWS provider resources → snapshot evidence. Argument names and defaults are the provider's (v4+ split S3
 * resources, with the v3 inline blocks still read); where an argument is absent the provider's or AWS's default
 * applies (`enable_logging` true, `include_global_service_events` true, management events read and written when no
 * selector is given).
 */
import type {AdvancedEventSelector, BucketAcl, EventSelector, Grant, InsightSelector, LifecycleRule} from '../../snapshot/types.js';
import {cannedAcl, DEFAULT_ENCRYPTION, OWNER_ONLY_ACL} from '../aws-defaults.js';
import type {BucketPieces, Contribution} from '../evidence.js';
import * as logSources from '../log-sources.js';
import {Unresolved, type PlannedResource, type Values} from '../model.js';
import {block, bool, flagReader, isUnresolved, known, list, num, obj, str, strings, type Maybe} from '../values.js';

type Mapper = (v: Values, r: PlannedResource) => Contribution[];

const ABSENT_AFTER_APPLY = (what: string) => new Unresolved(`${what} is known only after apply`);

/** A presence-only value (a key or topic ARN) that is set, but to something created by the same change. */
function presence(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!isUnresolved(s)) return s;
  return s.reason.includes('sensitive') ? '(sensitive in the plan)' : `(known after apply${s.ref ? `: ${s.ref}` : ''})`;
}

function eventSelectors(v: Values): Maybe<{EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[]}> {
  const advanced = list(v.advanced_event_selector);
  const basic = list(v.event_selector);
  if (isUnresolved(advanced)) return advanced;
  if (isUnresolved(basic)) return basic;
  if (advanced.length) {
    const selectors: AdvancedEventSelector[] = [];
    for (const item of advanced) {
      const s = obj(item);
      const fields = list(s.field_selector);
      if (isUnresolved(fields)) return fields;
      const FieldSelectors = [];
      for (const f of fields.map(obj)) {
        const field = str(f.field);
        if (field === undefined) continue;
        if (isUnresolved(field)) return field;
        const selector: Record<string, unknown> = {Field: field};
        for (const [tf, aws] of [['equals', 'Equals'], ['starts_with', 'StartsWith'], ['ends_with', 'EndsWith'], ['not_equals', 'NotEquals'], ['not_starts_with', 'NotStartsWith'], ['not_ends_with', 'NotEndsWith']] as const) {
          const values = strings(f[tf]);
          if (isUnresolved(values)) return values;
          if (values.length) selector[aws] = values;
        }
        FieldSelectors.push(selector as unknown as AdvancedEventSelector['FieldSelectors'][number]);
      }
      const name = str(s.name);
      selectors.push({...(typeof name === 'string' ? {Name: name} : {}), FieldSelectors});
    }
    return {AdvancedEventSelectors: selectors};
  }
  if (!basic.length) {
    // No selector configured: CloudTrail's default is every management event, read and write, no data events.
    return {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]};
  }
  const selectors: EventSelector[] = [];
  for (const item of basic) {
    const s = obj(item);
    const rw = str(s.read_write_type) ?? 'All';
    const mgmt = bool(s.include_management_events, true);
    const excluded = strings(s.exclude_management_event_sources);
    if (isUnresolved(rw)) return rw;
    if (isUnresolved(mgmt)) return mgmt;
    if (isUnresolved(excluded)) return excluded;
    const resources = list(s.data_resource);
    if (isUnresolved(resources)) return resources;
    const DataResources = [];
    for (const d of resources.map(obj)) {
      const type = str(d.type);
      const values = strings(d.values);
      if (isUnresolved(type)) return type;
      if (isUnresolved(values)) return values;
      DataResources.push({...(type ? {Type: type} : {}), Values: values});
    }
    selectors.push({ReadWriteType: rw as EventSelector['ReadWriteType'], IncludeManagementEvents: mgmt, DataResources, ExcludeManagementEventSources: excluded});
  }
  return {EventSelectors: selectors};
}

function insightSelectors(v: Values): Maybe<InsightSelector[]> {
  const items = list(v.insight_selector);
  if (isUnresolved(items)) return items;
  const out: InsightSelector[] = [];
  for (const i of items.map(obj)) {
    const type = str(i.insight_type);
    if (isUnresolved(type)) return type;
    if (type) out.push({InsightType: type});
  }
  return out;
}

const cloudtrail: Mapper = (v, r) => {
  const unresolvedFacts: Record<string, Unresolved> = {};
  const flag = flagReader(unresolvedFacts);
  const bucket = str(v.s3_bucket_name);
  const prefix = str(v.s3_key_prefix);
  if (isUnresolved(prefix)) unresolvedFacts.s3BucketName = prefix;
  const arn = str(v.arn);
  return [
    {
      kind: 'trail',
      region: r.region,
      name: str(v.name) ?? ABSENT_AFTER_APPLY('the trail name'),
      ...(typeof arn === 'string' ? {arn} : {}),
      description: {
        ...(bucket !== undefined ? {S3BucketName: isUnresolved(bucket) ? bucketRefName(bucket) : bucket} : {}),
        ...(typeof prefix === 'string' ? {S3KeyPrefix: prefix} : {}),
        ...(presence(v.sns_topic_name) ? {SnsTopicARN: presence(v.sns_topic_name)} : {}),
        IncludeGlobalServiceEvents: flag('includeGlobalServiceEvents', v.include_global_service_events, true),
        IsMultiRegionTrail: flag('isMultiRegion', v.is_multi_region_trail, false),
        IsOrganizationTrail: flag('isOrganizationTrail', v.is_organization_trail, false),
        LogFileValidationEnabled: flag('logFileValidation', v.enable_log_file_validation, false),
        ...(presence(v.cloud_watch_logs_group_arn) ? {CloudWatchLogsLogGroupArn: presence(v.cloud_watch_logs_group_arn)} : {}),
        ...(presence(v.cloud_watch_logs_role_arn) ? {CloudWatchLogsRoleArn: presence(v.cloud_watch_logs_role_arn)} : {}),
        ...(presence(v.kms_key_id) ? {KmsKeyId: presence(v.kms_key_id)} : {}),
      },
      isLogging: bool(v.enable_logging, true),
      selectors: eventSelectors(v),
      insightSelectors: insightSelectors(v),
      unresolvedFacts,
    },
  ];
};

/** A bucket named by a reference the plan cannot resolve: a stable stand-in name that says so. */
export function bucketRefName(u: Unresolved): string {
  return u.ref ? `known-after-apply.${u.ref}` : 'known-after-apply';
}

function bucketName(v: Values, attribute = 'bucket'): string | Unresolved {
  const name = str(v[attribute]);
  if (name === undefined) return ABSENT_AFTER_APPLY(`the bucket's name (${attribute})`);
  return name;
}

/** The default retention of an Object Lock configuration (`rule { default_retention { … } }`), if it has one. */
function objectLockRule(container: Record<string, unknown>): Maybe<NonNullable<NonNullable<BucketPieces['objectLock']>['Rule']>> | undefined {
  const retention = block(block(container.rule).default_retention);
  const mode = str(retention.mode);
  const days = num(retention.days);
  const years = num(retention.years);
  const bad = [mode, days, years].find(isUnresolved);
  if (bad) return bad as Unresolved;
  if (!mode && days === undefined && years === undefined) return undefined;
  return {DefaultRetention: {...(mode ? {Mode: mode as string} : {}), ...(days !== undefined ? {Days: days as number} : {}), ...(years !== undefined ? {Years: years as number} : {})}};
}

function grants(items: unknown[]): Grant[] {
  const out: Grant[] = [];
  for (const g of items.map(obj)) {
    const permissions = strings(g.permissions);
    const permission = str(g.permission);
    const grantee = {...obj(block(g.grantee)), ...g};
    const type = str(grantee.type);
    const uri = str(grantee.uri);
    const entry = {Grantee: {...(typeof type === 'string' ? {Type: type} : {}), ...(typeof uri === 'string' ? {URI: uri} : {})}};
    if (typeof permission === 'string') out.push({...entry, Permission: permission});
    if (!isUnresolved(permissions)) for (const p of permissions) out.push({...entry, Permission: p});
  }
  return out;
}

function lifecycleRules(items: unknown[]): Maybe<LifecycleRule[]> {
  const rules: LifecycleRule[] = [];
  for (const r of items.map(obj)) {
    // v4+ `rule` blocks have `status` "Enabled"; v3 inline `lifecycle_rule` blocks have `enabled` true/false.
    const enabled = r.status !== undefined ? str(r.status) : bool(r.enabled, true) === true ? 'Enabled' : 'Disabled';
    if (isUnresolved(enabled)) return enabled;
    const filter = block(r.filter);
    const prefix = str(r.prefix) ?? str(filter.prefix) ?? str(block(filter.and).prefix);
    if (isUnresolved(prefix)) return prefix;
    const expiration = block(r.expiration);
    const days = num(expiration.days);
    if (isUnresolved(days)) return days;
    const transitions = list(r.transition);
    if (isUnresolved(transitions)) return transitions;
    const noncurrent = block(r.noncurrent_version_expiration);
    const noncurrentDays = num(noncurrent.noncurrent_days ?? noncurrent.days);
    if (isUnresolved(noncurrentDays)) return noncurrentDays;
    const id = str(r.id);
    rules.push({
      ...(typeof id === 'string' ? {ID: id} : {}),
      Status: enabled ?? 'Enabled',
      ...(prefix ? {Filter: {Prefix: prefix}} : {Filter: {}}),
      ...(days !== undefined ? {Expiration: {Days: days}} : {}),
      Transitions: transitions.map(obj).flatMap((t) => {
        const d = num(t.days);
        const sc = str(t.storage_class);
        return typeof sc === 'string' ? [{...(typeof d === 'number' ? {Days: d} : {}), StorageClass: sc}] : [];
      }),
      ...(noncurrentDays !== undefined ? {NoncurrentVersionExpiration: {NoncurrentDays: noncurrentDays}} : {}),
    });
  }
  return rules;
}

function encryptionRules(items: unknown[]): Maybe<{Rules: unknown[]}> {
  const Rules = [];
  for (const r of items.map(obj)) {
    const byDefault = block(r.apply_server_side_encryption_by_default);
    const algorithm = str(byDefault.sse_algorithm);
    if (isUnresolved(algorithm)) return algorithm;
    const key = presence(byDefault.kms_master_key_id);
    Rules.push({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: algorithm ?? 'AES256', ...(key ? {KMSMasterKeyID: key} : {})}});
  }
  return {Rules};
}

const s3Bucket: Mapper = (v, r) => {
  const pieces: Extract<Contribution, {kind: 'bucket'}>['pieces'] = {};
  // v3-style inline settings, when the plan holds them (v4+ providers mirror the split resources here).
  const lockEnabled = bool(v.object_lock_enabled, false);
  const inlineLock = block(v.object_lock_configuration);
  if (isUnresolved(lockEnabled)) pieces.objectLock = lockEnabled;
  else if (lockEnabled || inlineLock.object_lock_enabled === 'Enabled') {
    const rule = objectLockRule(inlineLock);
    pieces.objectLock = isUnresolved(rule) ? rule : {ObjectLockEnabled: 'Enabled', ...(rule ? {Rule: rule} : {})};
  } else pieces.objectLock = null;
  const versioning = list(v.versioning);
  if (isUnresolved(versioning)) pieces.versioning = versioning;
  else if (versioning.length) {
    const b = obj(versioning[0]);
    const enabled = bool(b.enabled, false);
    const mfa = bool(b.mfa_delete, false);
    pieces.versioning = isUnresolved(enabled) ? enabled : enabled ? {Status: 'Enabled', MFADelete: mfa === true ? 'Enabled' : 'Disabled'} : {};
  }
  const acl = str(v.acl);
  const grantList = list(v.grant);
  if (isUnresolved(acl)) pieces.acl = acl;
  else if (acl) pieces.acl = cannedAcl(acl) ?? OWNER_ONLY_ACL;
  else if (!isUnresolved(grantList) && grantList.length) pieces.acl = {Grants: grants(grantList)} satisfies BucketAcl;
  const policy = str(v.policy);
  if (policy !== undefined) pieces.policy = policy;
  const logging = list(v.logging);
  if (isUnresolved(logging)) pieces.logging = logging;
  else if (logging.length) {
    const target = str(obj(logging[0]).target_bucket);
    const prefix = str(obj(logging[0]).target_prefix);
    pieces.logging = isUnresolved(target) ? target : target ? {TargetBucket: target, ...(typeof prefix === 'string' ? {TargetPrefix: prefix} : {})} : null;
  }
  const lifecycle = list(v.lifecycle_rule);
  if (isUnresolved(lifecycle)) pieces.lifecycle = lifecycle;
  else if (lifecycle.length) {
    const rules = lifecycleRules(lifecycle);
    pieces.lifecycle = isUnresolved(rules) ? rules : {Rules: rules};
  }
  const sse = list(v.server_side_encryption_configuration);
  if (isUnresolved(sse)) pieces.encryption = sse;
  else if (sse.length) pieces.encryption = encryptionRules(list(block(sse).rule) as unknown[]);
  return [{kind: 'bucket', region: r.region, name: str(v.bucket) ?? ABSENT_AFTER_APPLY(`the bucket name (${str(v.bucket_prefix) ? 'bucket_prefix' : 'bucket'})`), isBucket: true, pieces}];
};

/** A split S3 resource: one piece of one bucket, with what destroying it does. */
function split(build: (v: Values) => Extract<Contribution, {kind: 'bucket'}>['pieces'], onDelete: Extract<Contribution, {kind: 'bucket'}>['onDelete']): Mapper {
  return (v, r) => [{kind: 'bucket', region: r.region, name: bucketName(v), isBucket: false, pieces: build(v), onDelete}];
}

const versioningStatus = (v: Values): BucketPieces['versioning'] | Unresolved => {
  const c = block(v.versioning_configuration);
  const status = str(c.status);
  const mfa = str(c.mfa_delete);
  if (isUnresolved(status)) return status;
  // "Disabled" is only accepted for a bucket that was never versioned: AWS then reports no status at all.
  const Status = status === 'Disabled' ? undefined : status;
  return {...(Status ? {Status} : {}), ...(typeof mfa === 'string' ? {MFADelete: mfa} : {})};
};

const flags = (v: Values) => {
  const out: Record<string, Maybe<boolean>> = {
    BlockPublicAcls: bool(v.block_public_acls, false),
    IgnorePublicAcls: bool(v.ignore_public_acls, false),
    BlockPublicPolicy: bool(v.block_public_policy, false),
    RestrictPublicBuckets: bool(v.restrict_public_buckets, false),
  };
  const bad = Object.values(out).find(isUnresolved);
  return bad ? (bad as Unresolved) : (out as Record<string, boolean>);
};

const MAPPERS: Record<string, Mapper> = {
  aws_cloudtrail: cloudtrail,
  aws_s3_bucket: s3Bucket,
  // Destroying aws_s3_bucket_versioning suspends versioning on a versioned bucket (provider documentation).
  aws_s3_bucket_versioning: split((v) => ({versioning: versioningStatus(v)}), {versioning: {Status: 'Suspended'}}),
  // Object Lock cannot be turned off once on: destroying the configuration only drops its default retention.
  aws_s3_bucket_object_lock_configuration: split(
    (v) => {
      const rule = objectLockRule(v);
      return {objectLock: isUnresolved(rule) ? rule : {ObjectLockEnabled: 'Enabled', ...(rule ? {Rule: rule} : {})}};
    },
    {objectLock: {ObjectLockEnabled: 'Enabled'}},
  ),
  aws_s3_bucket_public_access_block: split((v) => ({publicAccessBlock: flags(v)}), {publicAccessBlock: null}),
  aws_s3_bucket_policy: split((v) => ({policy: str(v.policy) ?? null}), {policy: null}),
  // Destroying aws_s3_bucket_acl leaves the bucket's ACL as it is (provider documentation).
  aws_s3_bucket_acl: split(
    (v) => {
      const acl = str(v.acl);
      if (isUnresolved(acl)) return {acl};
      if (acl) return {acl: cannedAcl(acl) ?? OWNER_ONLY_ACL};
      const policy = block(v.access_control_policy);
      const items = list(policy.grant);
      return isUnresolved(items) ? {acl: items} : {acl: {Grants: grants(items)}};
    },
    {acl: 'keep'},
  ),
  aws_s3_bucket_lifecycle_configuration: split(
    (v) => {
      const items = list(v.rule);
      if (isUnresolved(items)) return {lifecycle: items};
      const rules = lifecycleRules(items);
      return {lifecycle: isUnresolved(rules) ? rules : {Rules: rules}};
    },
    {lifecycle: null},
  ),
  aws_s3_bucket_logging: split(
    (v) => {
      const target = str(v.target_bucket);
      const prefix = str(v.target_prefix);
      if (isUnresolved(target)) return {logging: new Unresolved('the access-log target bucket is known only after apply', target.ref)};
      return {logging: target ? {TargetBucket: target, ...(typeof prefix === 'string' ? {TargetPrefix: prefix} : {})} : null};
    },
    {logging: null},
  ),
  aws_s3_bucket_server_side_encryption_configuration: split((v) => {
    const items = list(v.rule);
    return {encryption: isUnresolved(items) ? items : encryptionRules(items)};
  }, {encryption: DEFAULT_ENCRYPTION}),
  // BucketOwnerEnforced turns ACLs off: only the owner's grant remains.
  aws_s3_bucket_ownership_controls: split((v) => (str(block(v.rule).object_ownership) === 'BucketOwnerEnforced' ? {acl: OWNER_ONLY_ACL} : {}), {acl: 'keep'}),
  aws_s3_account_public_access_block: (v, r) => {
    const value = flags(v);
    if (isUnresolved(value)) return [];
    return [{kind: 'account-public-access-block', region: r.region, value}];
  },
  aws_cloudwatch_log_group: (v, r) => {
    const unresolvedFacts: Record<string, Unresolved> = {};
    const retention = num(v.retention_in_days);
    if (isUnresolved(retention)) unresolvedFacts.retentionInDays = retention;
    const kms = presence(v.kms_key_id);
    const cls = str(v.log_group_class);
    if (isUnresolved(cls)) unresolvedFacts.logGroupClass = cls;
    const arn = str(v.arn);
    return [
      {
        kind: 'log-group',
        region: r.region,
        name: str(v.name) ?? ABSENT_AFTER_APPLY(`the log group name (${str(v.name_prefix) ? 'name_prefix' : 'name'})`),
        group: {
          ...(typeof arn === 'string' ? {arn} : {}),
          // 0 is "never expire" in the provider, as an absent retention is in the API.
          ...(typeof retention === 'number' && retention > 0 ? {retentionInDays: retention} : {}),
          ...(kms ? {kmsKeyId: kms} : {}),
          logGroupClass: typeof cls === 'string' ? cls : 'STANDARD',
        },
        unresolvedFacts,
      },
    ];
  },
  aws_guardduty_detector: (v, r) => {
    const s3 = block(block(v.datasources).s3_logs);
    const s3Enabled = bool(s3.enable, false);
    const id = str(v.id);
    return [
      {
        kind: 'detector',
        region: r.region,
        ...(typeof id === 'string' ? {detectorId: id} : {}),
        enabled: bool(v.enable, true),
        features: s3.enable !== undefined && !isUnresolved(s3Enabled) ? [{Name: 'S3_DATA_EVENTS', Status: s3Enabled ? 'ENABLED' : 'DISABLED'}] : [],
      },
    ];
  },
  aws_guardduty_detector_feature: (v, r) => {
    const name = str(v.name);
    if (typeof name !== 'string') return [];
    return [{kind: 'detector-feature', region: r.region, feature: {Name: name, Status: str(v.status) ?? 'ENABLED'}}];
  },
  aws_guardduty_publishing_destination: (v, r) => [{kind: 'detector-publishing', region: r.region, destinationType: (known(str(v.destination_type)) ?? 'S3')}],
  aws_guardduty_organization_configuration: (v, r) => {
    const members = str(v.auto_enable_organization_members);
    const legacy = bool(v.auto_enable, false);
    const value = members ?? (isUnresolved(legacy) ? legacy : legacy ? 'NEW' : 'NONE');
    return [{kind: 'detector-organization', region: r.region, autoEnableOrganizationMembers: value}];
  },
  aws_detective_graph: (v, r) => {
    const arn = str(v.graph_arn) ?? str(v.id);
    return [{kind: 'detective-graph', region: r.region, ...(typeof arn === 'string' ? {arn} : {})}];
  },
  aws_config_configuration_recorder: (v, r) => {
    const group = block(v.recording_group);
    const mode = block(v.recording_mode);
    const types = known(strings(group.resource_types)) ?? [];
    const excluded = known(strings(block(group.exclusion_by_resource_types).resource_types)) ?? [];
    const strategy = known(str(block(group.recording_strategy).use_only));
    const overrides = list(mode.recording_mode_override);
    return [
      {
        kind: 'config-recorder',
        region: r.region,
        recorder: {
          name: known(str(v.name)) ?? 'default',
          ...(presence(v.role_arn) ? {roleARN: presence(v.role_arn)} : {}),
          recordingGroup: {
            // The provider's defaults: every supported type, global types not included.
            allSupported: known(bool(group.all_supported, true)) ?? true,
            includeGlobalResourceTypes: known(bool(group.include_global_resource_types, false)) ?? false,
            resourceTypes: types,
            ...(excluded.length ? {exclusionByResourceTypes: {resourceTypes: excluded}} : {}),
            ...(strategy ? {recordingStrategy: {useOnly: strategy}} : {}),
          },
          recordingMode: {
            recordingFrequency: known(str(mode.recording_frequency)) ?? 'CONTINUOUS',
            recordingModeOverrides: (isUnresolved(overrides) ? [] : overrides).map(obj).map((o) => ({
              ...(typeof o.description === 'string' ? {description: o.description} : {}),
              resourceTypes: known(strings(o.resource_types)) ?? [],
              recordingFrequency: known(str(o.recording_frequency)) ?? 'CONTINUOUS',
            })),
          },
        },
      },
    ];
  },
  aws_config_configuration_recorder_status: (v, r) => [
    {kind: 'config-recorder-status', region: r.region, status: {name: known(str(v.name)) ?? 'default', recording: known(bool(v.is_enabled, false)) === true}},
  ],
  aws_config_delivery_channel: (v, r) => {
    const bucket = str(v.s3_bucket_name);
    return [
      {
        kind: 'config-delivery-channel',
        region: r.region,
        channel: {name: known(str(v.name)) ?? 'default', ...(bucket !== undefined ? {s3BucketName: isUnresolved(bucket) ? bucketRefName(bucket) : bucket} : {})},
      },
    ];
  },
  aws_config_configuration_aggregator: (v, r) => {
    const org = block(v.organization_aggregation_source);
    const accounts = list(v.account_aggregation_source);
    const name = known(str(v.name)) ?? 'aggregator';
    const orgSource = Object.keys(org).length
      ? {OrganizationAggregationSource: {AllAwsRegions: known(bool(org.all_regions, false)) === true, AwsRegions: known(strings(org.regions)) ?? []}}
      : {};
    return [
      {
        kind: 'config-aggregator',
        region: r.region,
        aggregator: {ConfigurationAggregatorName: name, ...orgSource, ...(isUnresolved(accounts) ? {} : {AccountAggregationSources: accounts})},
      },
    ];
  },
  aws_vpc: (v, r) => logSources.vpc(r, v.id),
  aws_default_vpc: (v, r) => logSources.vpc(r, v.id, true),
  aws_subnet: (v, r) => logSources.subnet(r, v.id, v.vpc_id),
  aws_flow_log: (v, r) =>
    logSources.flowLog(r, {
      id: v.id,
      // Exactly one of these is set (the provider's ExactlyOneOf).
      resourceId: [v.vpc_id, v.subnet_id, v.eni_id, v.transit_gateway_id, v.transit_gateway_attachment_id].find((x) => str(x) !== undefined),
      trafficType: v.traffic_type,
      destinationType: v.log_destination_type,
      destination: v.log_destination,
      logGroupName: v.log_group_name,
      maxAggregationInterval: v.max_aggregation_interval,
      logFormat: v.log_format,
    }),
  aws_route53_resolver_query_log_config: (v, r) => logSources.resolverConfig(r, v.id, v.name, v.destination_arn),
  aws_route53_resolver_query_log_config_association: (v, r) => logSources.resolverAssociation(r, v.id, v.resolver_query_log_config_id, v.resource_id),
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_wafv2_web_acl: (v, r) => logSources.webAcl(r, v.name, v.scope, v.arn),
  aws_wafv2_web_acl_logging_configuration: (v, r) => logSources.webAclLogging(r, v.resource_arn, v.log_destination_configs),
  aws_eks_cluster: (v, r) => [
    ...logSources.eksCluster(r, v.name, v.arn, strings(v.enabled_cluster_log_types)),
    ...logSources.networkInterfaces(r, known(strings(block(v.vpc_config).subnet_ids)) ?? []),
  ],
  // Resources that put network interfaces in a VPC: a VPC they use is in use (net.vpc-flow-logs applies to it).
  aws_nat_gateway: (v, r) => logSources.networkInterfaces(r, [v.subnet_id]),
  aws_network_interface: (v, r) => logSources.networkInterfaces(r, [v.subnet_id]),
  aws_instance: (v, r) => logSources.networkInterfaces(r, [v.subnet_id]),
  aws_vpc_endpoint: (v, r) => (str(v.vpc_endpoint_type) === 'Interface' ? logSources.networkInterfaces(r, known(strings(v.subnet_ids)) ?? [], v.vpc_id) : []),
};

/** `aws_lb`/`aws_alb`: the `access_logs` block is off unless `enabled` says so, even with a bucket (provider docs). */
function loadBalancer(v: Values, r: PlannedResource): Contribution[] {
  const logs = list(v.access_logs);
  const access = isUnresolved(logs) ? {} : obj(logs[0]);
  const mappings = list(v.subnet_mapping);
  const subnets = [...(known(strings(v.subnets)) ?? []), ...(isUnresolved(mappings) ? [] : mappings.map((m) => obj(m).subnet_id))];
  return [
    ...logSources.loadBalancer(r, {
      name: v.name,
      arn: v.arn,
      type: v.load_balancer_type,
      scheme: known(bool(v.internal, false)) ? 'internal' : 'internet-facing',
      accessLogs: isUnresolved(logs) ? logs : bool(access.enabled, false),
      bucket: access.bucket,
      prefix: access.prefix,
    }),
    ...logSources.networkInterfaces(r, subnets),
  ];
}

/** The Terraform resource types trailwise reads evidence from. */
export const TERRAFORM_TYPES = Object.keys(MAPPERS);

/** The evidence one Terraform resource instance's values hold (empty for types trailwise does not read). */
export function mapTerraformResource(values: Values, resource: PlannedResource): Contribution[] {
  const mapper = Object.hasOwn(MAPPERS, resource.type) ? MAPPERS[resource.type] : undefined;
  return mapper ? mapper(values, resource) : [];
}


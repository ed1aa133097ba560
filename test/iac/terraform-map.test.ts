import {describe, expect, it} from '@jest/globals';
import type {Snapshot} from '../../src/snapshot/types.js';
import {AT, change, judgePlan, planOf} from './helpers.js';

// Each mapped Terraform type, judged both ways: the passing variant differs from the failing one only in the
// argument under test. Plans are judged over an account that has nothing yet (123456789012, us-east-1).
const ACCOUNT = '123456789012';
const TRAIL = {name: 't', s3_bucket_name: 'logs', is_multi_region_trail: true, enable_log_file_validation: true, kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/k'};
const bucketWithTrail = (...extra: unknown[]) => [
  change('aws_cloudtrail.t', ['create'], null, TRAIL),
  change('aws_s3_bucket.logs', ['create'], null, {bucket: 'logs'}),
  ...extra,
];
const split = (type: string, after: Record<string, unknown>) => change(`${type}.logs`, ['create'], null, {bucket: 'logs', ...after});
const recorder = (allSupported: boolean) => [
  change('aws_config_configuration_recorder.r', ['create'], null, {name: 'default', recording_group: [{all_supported: allSupported, include_global_resource_types: true}]}),
  change('aws_config_configuration_recorder_status.r', ['create'], null, {name: 'default', is_enabled: true}),
];

const cases: {type: string; rule: string; passStatus?: string; pass: unknown[]; fail: unknown[]}[] = [
  {type: 'aws_cloudtrail (enable_log_file_validation)', rule: 'ct.log-file-validation', pass: [change('aws_cloudtrail.t', ['create'], null, TRAIL)], fail: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, enable_log_file_validation: false})]},
  {type: 'aws_cloudtrail (enable_logging defaults to true)', rule: 'ct.region-coverage', pass: [change('aws_cloudtrail.t', ['create'], null, TRAIL)], fail: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, enable_logging: false})]},
  {type: 'aws_cloudtrail (kms_key_id)', rule: 'ct.kms-encryption', pass: [change('aws_cloudtrail.t', ['create'], null, TRAIL)], fail: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, kms_key_id: null})]},
  {
    type: 'aws_cloudtrail (event_selector, advanced_event_selector)',
    rule: 'ct.multi-region-mgmt-rw',
    pass: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, advanced_event_selector: [{name: 'm', field_selector: [{field: 'eventCategory', equals: ['Management']}]}]})],
    fail: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, event_selector: [{read_write_type: 'WriteOnly', include_management_events: true}]})],
  },
  {
    type: 'aws_cloudtrail (insight_selector)',
    rule: 'cost.insights-multi-trail',
    pass: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, insight_selector: [{insight_type: 'ApiCallRateInsight'}]}), change('aws_cloudtrail.u', ['create'], null, {...TRAIL, name: 'u'})],
    fail: [change('aws_cloudtrail.t', ['create'], null, {...TRAIL, insight_selector: [{insight_type: 'ApiCallRateInsight'}]}), change('aws_cloudtrail.u', ['create'], null, {...TRAIL, name: 'u', insight_selector: [{insight_type: 'ApiErrorRateInsight'}]})],
  },
  {type: 'aws_s3_bucket_versioning', rule: 's3.trail-bucket-versioning', pass: bucketWithTrail(split('aws_s3_bucket_versioning', {versioning_configuration: [{status: 'Enabled'}]})), fail: bucketWithTrail(split('aws_s3_bucket_versioning', {versioning_configuration: [{status: 'Suspended'}]}))},
  {
    type: 'aws_s3_bucket_object_lock_configuration',
    rule: 's3.trail-bucket-object-lock',
    pass: bucketWithTrail(split('aws_s3_bucket_object_lock_configuration', {rule: [{default_retention: [{mode: 'COMPLIANCE', days: 400}]}]})),
    fail: bucketWithTrail(split('aws_s3_bucket_object_lock_configuration', {rule: [{default_retention: [{mode: 'COMPLIANCE', days: 30}]}]})),
  },
  {type: 'aws_s3_bucket (acl)', rule: 's3.trail-bucket-not-public', pass: bucketWithTrail(), fail: [change('aws_cloudtrail.t', ['create'], null, TRAIL), change('aws_s3_bucket.logs', ['create'], null, {bucket: 'logs', acl: 'public-read'}), split('aws_s3_bucket_public_access_block', {block_public_acls: false})]},
  {type: 'aws_s3_bucket_acl', rule: 's3.trail-bucket-not-public', pass: bucketWithTrail(split('aws_s3_bucket_acl', {acl: 'private'})), fail: bucketWithTrail(split('aws_s3_bucket_acl', {acl: 'authenticated-read'}), split('aws_s3_bucket_public_access_block', {block_public_acls: false}))},
  {
    type: 'aws_s3_bucket_policy',
    rule: 's3.trail-bucket-not-public',
    pass: bucketWithTrail(split('aws_s3_bucket_policy', {policy: JSON.stringify({Statement: [{Effect: 'Allow', Principal: {Service: 'cloudtrail.amazonaws.com'}, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*'}]})})),
    // A new bucket's default Block Public Access would restrict the public policy: the plan turns it off.
    fail: bucketWithTrail(split('aws_s3_bucket_policy', {policy: JSON.stringify({Statement: [{Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*'}]})}), split('aws_s3_bucket_public_access_block', {block_public_acls: false})),
  },
  {
    type: 'aws_s3_bucket_public_access_block (+ aws_s3_bucket_ownership_controls)',
    rule: 's3.trail-bucket-not-public',
    pass: bucketWithTrail(split('aws_s3_bucket_public_access_block', {block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true})),
    fail: bucketWithTrail(split('aws_s3_bucket_public_access_block', {block_public_acls: false}), split('aws_s3_bucket_ownership_controls', {rule: [{object_ownership: 'ObjectWriter'}]}), split('aws_s3_bucket_acl', {acl: 'public-read'})),
  },
  {type: 'aws_s3_bucket_logging', rule: 's3.trail-bucket-access-logging', pass: bucketWithTrail(split('aws_s3_bucket_logging', {target_bucket: 'access-logs', target_prefix: 'logs/'})), fail: bucketWithTrail(split('aws_s3_bucket_logging', {target_bucket: 'logs'}))},
  {
    type: 'aws_s3_bucket_lifecycle_configuration',
    rule: 'cost.log-bucket-no-lifecycle',
    pass: bucketWithTrail(split('aws_s3_bucket_lifecycle_configuration', {rule: [{id: 'r', status: 'Enabled', filter: [{prefix: ''}], expiration: [{days: 400}], transition: [{days: 90, storage_class: 'GLACIER'}]}]})),
    fail: bucketWithTrail(split('aws_s3_bucket_lifecycle_configuration', {rule: [{id: 'r', status: 'Disabled', expiration: [{days: 400}], transition: [{days: 90, storage_class: 'GLACIER'}]}]})),
  },
  {type: 'aws_s3_account_public_access_block', rule: 's3.account-public-access-block', pass: [change('aws_s3_account_public_access_block.a', ['create'], null, {block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true})], fail: [change('aws_s3_account_public_access_block.a', ['create'], null, {block_public_acls: true})]},
  {type: 'aws_cloudwatch_log_group (retention_in_days)', rule: 'cwl.retention-set', pass: [change('aws_cloudwatch_log_group.g', ['create'], null, {name: '/g', retention_in_days: 90})], fail: [change('aws_cloudwatch_log_group.g', ['create'], null, {name: '/g', retention_in_days: 0})]},
  {type: 'aws_guardduty_detector', rule: 'gd.enabled-all-regions', pass: [change('aws_guardduty_detector.d', ['create'], null, {})], fail: [change('aws_guardduty_detector.d', ['create'], null, {enable: false})]},
  {type: 'aws_guardduty_detector_feature', rule: 'gd.s3-protection', pass: [change('aws_guardduty_detector.d', ['create'], null, {}), change('aws_guardduty_detector_feature.s3', ['create'], null, {name: 'S3_DATA_EVENTS', status: 'ENABLED'})], fail: [change('aws_guardduty_detector.d', ['create'], null, {}), change('aws_guardduty_detector_feature.s3', ['create'], null, {name: 'S3_DATA_EVENTS', status: 'DISABLED'})]},
  {type: 'aws_detective_graph', rule: 'det.enabled', pass: [change('aws_guardduty_detector.d', ['create'], null, {}), change('aws_detective_graph.g', ['create'], null, {})], fail: [change('aws_guardduty_detector.d', ['create'], null, {})]},
  {type: 'aws_config_configuration_recorder (+ _status)', rule: 'cfg.recorder-all-regions', pass: recorder(true), fail: recorder(false)},
  // A new channel's delivery status is known only after apply: the best a plan can say is unknown, never pass.
  {type: 'aws_config_delivery_channel', rule: 'cfg.delivery-channel', passStatus: 'unknown', pass: [...recorder(true), change('aws_config_delivery_channel.c', ['create'], null, {name: 'default', s3_bucket_name: 'config'})], fail: recorder(true)},
  {
    type: 'aws_config_configuration_aggregator',
    rule: 'cfg.org-aggregator',
    pass: [change('aws_config_configuration_aggregator.a', ['create'], null, {name: 'org', organization_aggregation_source: [{all_regions: true, role_arn: 'arn:aws:iam::123456789012:role/c'}]})],
    fail: [change('aws_config_configuration_aggregator.a', ['create'], null, {name: 'org', organization_aggregation_source: [{all_regions: false, regions: ['us-east-1'], role_arn: 'arn:aws:iam::123456789012:role/c'}]})],
  },
];

/** An account that has nothing yet: every list empty, nothing configured (so account-wide rules can fail). */
const EMPTY_BASE: Snapshot = {
  schemaVersion: '1.0',
  collection: {tool: 'trailwise', toolVersion: 'test', source: 'synthetic', startedAt: AT, finishedAt: AT},
  accounts: [
    {
      accountId: ACCOUNT,
      alias: null,
      organization: {id: 'o-example', managementAccountId: ACCOUNT},
      regions: [
        {
          name: 'us-east-1',
          optInStatus: 'opt-in-not-required',
          trailArns: [],
          logGroups: [],
          config: {recorders: [], recorderStatuses: [], deliveryChannels: [], deliveryChannelStatuses: [], aggregators: []},
          guardDuty: {detectors: []},
          detective: {graphs: [], memberships: []},
        },
      ],
      trails: [],
      trailBuckets: [],
      s3PublicAccessBlock: null,
    },
  ],
};

async function statusOf(changes: unknown[], rule: string): Promise<string[]> {
  const {report} = await judgePlan(planOf(changes), {accountId: ACCOUNT, base: EMPTY_BASE});
  return [...new Set(report.findings.filter((f) => f.ruleId === rule && (f.region === 'us-east-1' || f.region === 'global')).map((f) => f.status))];
}

describe('Terraform resource types, both ways', () => {
  it.each(cases)('$type → $rule', async ({rule, pass, fail, passStatus}) => {
    expect(await statusOf(pass, rule)).toContain(passStatus ?? 'pass');
    expect(await statusOf(fail, rule)).toContain('fail');
    expect(await statusOf(pass, rule)).not.toContain('fail');
  });

  it('a bucket resource with its computed arguments unknown is judged on AWS defaults for what the configuration leaves out', async () => {
    const bucket = change('aws_s3_bucket.logs', ['create'], null, {bucket: 'logs'}, {after_unknown: {versioning: true, object_lock_configuration: true, acl: true, grant: true}});
    const config = {root_module: {resources: [{address: 'aws_s3_bucket.logs', type: 'aws_s3_bucket', name: 'logs', provider_config_key: 'aws', expressions: {bucket: {constant_value: 'logs'}}}]}};
    const {report} = await judgePlan({...planOf([change('aws_cloudtrail.t', ['create'], null, TRAIL), bucket]), configuration: {...planOf([]).configuration, ...config}}, {accountId: ACCOUNT});
    const byRule = (id: string) => report.findings.find((f) => f.ruleId === id && f.resource === 'arn:aws:s3:::logs')?.status;
    expect(byRule('s3.trail-bucket-versioning')).toBe('fail');
    expect(byRule('s3.trail-bucket-not-public')).toBe('pass');
  });

  it('an argument the configuration sets from a value known only after apply is unknown', async () => {
    const trail = change('aws_cloudtrail.t', ['create'], null, {...TRAIL}, {after_unknown: {enable_log_file_validation: true}});
    const config = {root_module: {resources: [{address: 'aws_cloudtrail.t', type: 'aws_cloudtrail', name: 't', provider_config_key: 'aws', expressions: {enable_log_file_validation: {references: ['var.x']}}}]}};
    const {report} = await judgePlan({...planOf([trail]), configuration: {...planOf([]).configuration, ...config}}, {accountId: ACCOUNT});
    expect(report.findings.find((f) => f.ruleId === 'ct.log-file-validation' && f.resource.endsWith('trail/t'))?.status).toBe('unknown');
  });

  it('a split resource whose bucket cannot be told makes that piece unknown on the buckets the change creates', async () => {
    const lock = change('aws_s3_bucket_versioning.x', ['create'], null, {versioning_configuration: [{status: 'Enabled'}]}, {after_unknown: {bucket: true}});
    const {report} = await judgePlan(planOf(bucketWithTrail(lock)), {accountId: ACCOUNT});
    expect(report.findings.find((f) => f.ruleId === 's3.trail-bucket-versioning')?.status).toBe('unknown');
  });
});

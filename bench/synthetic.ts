/**
 * A synthetic organization snapshot for benchmarks: N accounts × R regions with trails, buckets, log groups,
 * recorders and detectors in realistic proportions, from a seeded generator (the same arguments give the same
 * snapshot). What makes it look like a real organization rather than a uniform grid:
 * - log groups where an account works: one or two "home" regions hold tens to hundreds of log groups (10–170, skewed
 *   towards the low end, mean ~50), every other region a handful (0–3), as Lambda, ECS and VPC flow logs leave them;
 * - the organization trail delivers to CloudWatch Logs in the management account, whose log group has metric and
 *   subscription filters (the CIS alarms); a legacy trail of a member account sometimes does too, with or without filters;
 * - legacy trails carry basic data-event selectors (S3 objects, Lambda functions) or advanced selectors (management
 *   events plus S3 data events, some read-only only), as CloudTrail returns them.
 */
import {unknownTrailBucket} from '../src/snapshot/evidence.js';
import type {AccountSnapshot, LogGroup, RegionSnapshot, Snapshot, Trail, TrailBucket} from '../src/snapshot/types.js';
import {serviceLogEvidence} from './service-logs.js';

export const ALL_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'sa-east-1',
];

/** A small deterministic PRNG (mulberry32), so benchmark inputs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = (n: number) => String(100000000000 + n);

/** Builds the snapshot: account 0 is the management account with the organization trail, account 1 the log archive. */
export function syntheticOrganization(accountCount: number, regionCount = 17, seed = 42): Snapshot {
  return {...SYNTHETIC_HEADER, accounts: [...syntheticAccounts(accountCount, regionCount, seed)]};
}

/** The snapshot's header (everything but the accounts). */
export const SYNTHETIC_HEADER: Omit<Snapshot, 'accounts'> = {
  schemaVersion: '1.0',
  collection: {tool: 'trailwise', toolVersion: '0.1.0', source: 'synthetic', startedAt: '2026-11-28T09:00:00Z', finishedAt: '2026-11-28T10:00:00Z'},
};

export interface SyntheticOptions {
  /**
   * Also the network and service log evidence (VPCs and flow logs, Resolver query logging, load balancers, WAF, EKS,
   * API Gateway, Security Hub, Security Lake, CloudTrail Lake: `bench/service-logs.ts`). Off by default so that the
   * in-process benchmarks keep measuring the organization their recorded figures were taken on.
   */
  serviceLogs?: boolean;
}

/** The accounts of `syntheticOrganization`, one at a time (a 10,000-account organization need not fit in memory). */
export function* syntheticAccounts(accountCount: number, regionCount = 17, seed = 42, options: SyntheticOptions = {}): Generator<AccountSnapshot> {
  const random = prng(seed);
  const regions = ALL_REGIONS.slice(0, regionCount);
  const mgmt = id(0);
  const archive = id(1);
  const orgTrailArn = `arn:aws:cloudtrail:us-east-1:${mgmt}:trail/org-trail`;
  const orgBucket = `org-trail-logs-${archive}`;
  const organization = {id: 'o-synthetic01', managementAccountId: mgmt};
  const pab = {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true};

  const orgTrail = (ownerView: boolean): Trail => ({
    arn: orgTrailArn,
    ownerAccountId: mgmt,
    description: {
      Name: 'org-trail', TrailARN: orgTrailArn, HomeRegion: 'us-east-1', S3BucketName: orgBucket,
      IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, IsOrganizationTrail: true, LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:us-east-1:${mgmt}:key/org`, HasCustomEventSelectors: true, HasInsightSelectors: false,
      CloudWatchLogsLogGroupArn: ORG_TRAIL_GROUP(mgmt), CloudWatchLogsRoleArn: `arn:aws:iam::${mgmt}:role/org-trail-to-logs`,
    },
    status: ownerView ? {IsLogging: true, LatestDeliveryTime: '2026-11-28T09:50:00Z'} : {unknown: {reason: 'organization trail owned by the management account', ownerAccountId: mgmt}},
    eventSelectors: {
      AdvancedEventSelectors: [
        {Name: 'Management events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]},
        {Name: 'S3 data events on the log archive', FieldSelectors: [
          {Field: 'eventCategory', Equals: ['Data']},
          {Field: 'resources.type', Equals: ['AWS::S3::Object']},
          {Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${orgBucket}/`]},
        ]},
      ],
    },
    insightSelectors: [],
  });

  const bucket = (name: string, owner: string, good: boolean): TrailBucket => ({
    name,
    region: 'us-east-1',
    ownerAccountId: owner,
    objectLock: good ? {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'COMPLIANCE', Days: 365}}} : null,
    versioning: {Status: good ? 'Enabled' : 'Suspended'},
    publicAccessBlock: good ? pab : null,
    policy: null,
    policyStatus: {IsPublic: false},
    acl: {Owner: {ID: 'owner'}, Grants: [{Grantee: {Type: 'CanonicalUser', ID: 'owner'}, Permission: 'FULL_CONTROL'}]},
    encryption: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}}]},
    lifecycle: good ? {Rules: [{ID: 'retention', Status: 'Enabled', Filter: {Prefix: 'AWSLogs/'}, Expiration: {Days: 400}, NoncurrentVersionExpiration: {NoncurrentDays: 30}, Transitions: [{Days: 90, StorageClass: 'GLACIER_IR'}]}]} : null,
    logging: good ? {TargetBucket: `access-logs-${owner}`, TargetPrefix: 'trail/'} : null,
  });

  for (let n = 0; n < accountCount; n++) {
    const accountId = id(n);
    const trails: Trail[] = [orgTrail(n === 0)];
    const trailBuckets: TrailBucket[] = [];
    if (n === 1) trailBuckets.push(bucket(orgBucket, archive, true));
    // One account in five keeps a legacy single-Region trail of its own, to its own bucket.
    const legacyHome = regions[n % regions.length]!;
    const legacyArn = `arn:aws:cloudtrail:${legacyHome}:${accountId}:trail/legacy`;
    let legacyToLogs = false;
    if (random() < 0.2) {
      legacyToLogs = random() < 0.3;
      const name = `legacy-trail-${accountId}`;
      trails.push({
        arn: legacyArn,
        ownerAccountId: accountId,
        description: {
          Name: 'legacy', TrailARN: legacyArn, HomeRegion: legacyHome, S3BucketName: name, IsMultiRegionTrail: false, LogFileValidationEnabled: random() < 0.5,
          ...(legacyToLogs ? {CloudWatchLogsLogGroupArn: `arn:aws:logs:${legacyHome}:${accountId}:log-group:legacy-trail:*`, CloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/trail-to-logs`} : {}),
        },
        status: {IsLogging: random() < 0.8},
        eventSelectors: legacySelectors(random),
        insightSelectors: random() < 0.1 ? [{InsightType: 'ApiCallRateInsight'}] : [],
      });
      trailBuckets.push(bucket(name, accountId, random() < 0.3));
    }
    // The regions this account works in: the first one or two after a per-account offset.
    const homeRegions = new Set([regions[(n * 7) % regions.length]!, ...(random() < 0.5 ? [regions[(n * 7 + 3) % regions.length]!] : [])]);
    // Its own generator per account, so that adding this evidence leaves every draw of the base organization unchanged.
    const addServiceLogs = options.serviceLogs
      ? serviceLogEvidence({
          accountId,
          index: n,
          organizationAccountIds: () => Array.from({length: accountCount}, (_, i) => id(i)),
          managementAccountId: mgmt,
          logArchiveAccountId: archive,
          homeRegions,
          regions,
          random: prng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b)) >>> 0),
        })
      : undefined;
    const regionSnapshots: RegionSnapshot[] = regions.map((name) => {
      const logGroups: LogGroup[] = [];
      const groupCount = homeRegions.has(name) ? 10 + Math.floor(160 * random() ** 3) : Math.floor(random() * 4);
      for (let g = 0; g < groupCount; g++) {
        const groupName = `${LOG_GROUP_KINDS[g % LOG_GROUP_KINDS.length]}${g}`;
        logGroups.push({
          logGroupName: groupName,
          arn: `arn:aws:logs:${name}:${accountId}:log-group:${groupName}:*`,
          ...(random() < 0.6 ? {retentionInDays: [7, 30, 90, 365][g % 4]} : {}),
          storedBytes: Math.floor(random() * 5e10),
          creationTime: 1700000000000 + g * 3600000,
        });
      }
      if (n === 0 && name === 'us-east-1') {
        logGroups.push({logGroupName: 'org-trail', arn: ORG_TRAIL_GROUP(mgmt), retentionInDays: 365, storedBytes: 8e11, metricFilterCount: 14, subscriptionFilterCount: 1});
      }
      if (legacyToLogs && name === legacyHome) {
        const withFilters = random() < 0.5;
        logGroups.push({
          logGroupName: 'legacy-trail',
          arn: `arn:aws:logs:${legacyHome}:${accountId}:log-group:legacy-trail:*`,
          storedBytes: Math.floor(random() * 1e11),
          metricFilterCount: withFilters ? 3 + Math.floor(random() * 12) : 0,
          subscriptionFilterCount: withFilters ? 1 : 0,
        });
      }
      const recording = random() < 0.9;
      const region: RegionSnapshot = {
        name,
        optInStatus: 'opt-in-not-required',
        trailArns: trails.filter((t) => t.description.IsMultiRegionTrail || t.description.HomeRegion === name).map((t) => t.arn),
        logGroups: random() < 0.02 ? {error: {kind: 'AccessDenied', code: 'AccessDeniedException', message: 'denied', operation: 'logs:DescribeLogGroups'}} : logGroups,
        config: {
          recorders: recording ? [{name: 'default', recordingGroup: {allSupported: true, includeGlobalResourceTypes: name === 'us-east-1'}, recordingMode: {recordingFrequency: 'CONTINUOUS'}}] : [],
          recorderStatuses: recording ? [{name: 'default', recording: true, lastStatus: 'SUCCESS'}] : [],
          deliveryChannels: recording ? [{name: 'default', s3BucketName: 'config'}] : [],
          deliveryChannelStatuses: recording ? [{name: 'default', configHistoryDeliveryInfo: {lastStatus: 'SUCCESS'}}] : [],
          aggregators: n === 0 && name === 'us-east-1' ? [{ConfigurationAggregatorName: 'org', OrganizationAggregationSource: {AllAwsRegions: true}}] : [],
        },
        guardDuty: {
          detectors:
            random() < 0.95
              ? [{
                  detectorId: `d${n}${name}`,
                  Status: 'ENABLED',
                  Features: [{Name: 'S3_DATA_EVENTS', Status: random() < 0.8 ? 'ENABLED' : 'DISABLED'}],
                  administrator: n === 0 ? null : {AccountId: mgmt, RelationshipStatus: 'Enabled'},
                  publishingDestinations: n === 0 ? [{DestinationId: 'x', DestinationType: 'S3', Status: 'PUBLISHING'}] : [],
                  ...(n === 0 ? {memberCount: accountCount - 1, organizationConfiguration: {AutoEnableOrganizationMembers: 'ALL'}} : {}),
                  highSeverityFindingCount: random() < 0.05 ? 1 : 0,
                }]
              : [],
        },
        detective: {graphs: [], memberships: random() < 0.3 ? [{GraphArn: 'arn:aws:detective:x', Status: 'ENABLED', AdministratorId: mgmt}] : []},
      };
      addServiceLogs?.(region);
      return region;
    });
    yield {
      accountId,
      name: `account-${n}`,
      alias: null,
      organization,
      regions: regionSnapshots,
      trails,
      trailBuckets: n === 1 ? trailBuckets : n === 0 ? [{...bucket(orgBucket, archive, true), ...unknownBucketFields(orgBucket, archive)}] : trailBuckets,
      s3PublicAccessBlock: random() < 0.7 ? pab : null,
    };
  }
}

const ORG_TRAIL_GROUP = (mgmt: string) => `arn:aws:logs:us-east-1:${mgmt}:log-group:aws-controltower/CloudTrailLogs:*`;

/** Log group name prefixes in the proportions a workload account has them. */
const LOG_GROUP_KINDS = ['/aws/lambda/orders-', '/aws/lambda/billing-', '/ecs/service-', '/aws/vpc/flow-logs-', '/aws/rds/instance/db-', 'API-Gateway-Execution-Logs_', '/aws/eks/cluster-'];

/** A legacy trail's selectors: none beyond management events, basic data-event selectors, or advanced selectors. */
function legacySelectors(random: () => number): Trail['eventSelectors'] {
  const kind = random();
  if (kind < 0.5) return {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]};
  if (kind < 0.75) {
    return {
      EventSelectors: [
        {
          ReadWriteType: random() < 0.7 ? 'All' : 'WriteOnly',
          IncludeManagementEvents: true,
          DataResources: [
            {Type: 'AWS::S3::Object', Values: ['arn:aws:s3']},
            ...(random() < 0.5 ? [{Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda']}] : []),
          ],
          ExcludeManagementEventSources: random() < 0.2 ? ['kms.amazonaws.com'] : [],
        },
      ],
    };
  }
  return {
    AdvancedEventSelectors: [
      {Name: 'Management events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}, ...(random() < 0.3 ? [{Field: 'readOnly', Equals: ['false']}] : [])]},
      {Name: 'S3 data events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}, ...(random() < 0.4 ? [{Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::noisy-bucket/']}] : [])]},
    ],
  };
}

function unknownBucketFields(name: string, owner: string): Partial<TrailBucket> {
  const {ownerAccountId: _owner, ...fields} = unknownTrailBucket(name, `bucket ${name} belongs to another account`, owner);
  return {...fields, ownerAccountId: undefined};
}

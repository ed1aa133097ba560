/**
 * A synthetic organization snapshot for benchmarks: N accounts × R regions with trails, buckets, log groups,
 * recorders and detectors in realistic proportions, from a seeded generator (the same arguments give the same
 * snapshot).
 */
import {unknownTrailBucket} from '../src/snapshot/evidence.js';
import type {AccountSnapshot, LogGroup, RegionSnapshot, Snapshot, Trail, TrailBucket} from '../src/snapshot/types.js';

export const ALL_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'sa-east-1',
];

/** A small deterministic PRNG (mulberry32), so benchmark inputs are reproducible. */
function prng(seed: number): () => number {
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
      KmsKeyId: `arn:aws:kms:us-east-1:${mgmt}:key/org`, HasCustomEventSelectors: false, HasInsightSelectors: false,
    },
    status: ownerView ? {IsLogging: true, LatestDeliveryTime: '2026-11-28T09:50:00Z'} : {unknown: {reason: 'organization trail owned by the management account', ownerAccountId: mgmt}},
    eventSelectors: {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]},
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

  const accounts: AccountSnapshot[] = [];
  for (let n = 0; n < accountCount; n++) {
    const accountId = id(n);
    const trails: Trail[] = [orgTrail(n === 0)];
    const trailBuckets: TrailBucket[] = [];
    if (n === 1) trailBuckets.push(bucket(orgBucket, archive, true));
    // One account in five keeps a legacy single-Region trail of its own, to its own bucket.
    const legacyArn = `arn:aws:cloudtrail:${regions[n % regions.length]}:${accountId}:trail/legacy`;
    if (random() < 0.2) {
      const name = `legacy-trail-${accountId}`;
      trails.push({
        arn: legacyArn,
        ownerAccountId: accountId,
        description: {Name: 'legacy', TrailARN: legacyArn, HomeRegion: regions[n % regions.length]!, S3BucketName: name, IsMultiRegionTrail: false, LogFileValidationEnabled: random() < 0.5},
        status: {IsLogging: random() < 0.8},
        eventSelectors: {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: random() < 0.3 ? [{Type: 'AWS::S3::Object', Values: ['arn:aws:s3']}] : []}]},
        insightSelectors: random() < 0.1 ? [{InsightType: 'ApiCallRateInsight'}] : [],
      });
      trailBuckets.push(bucket(name, accountId, random() < 0.3));
    }
    const regionSnapshots: RegionSnapshot[] = regions.map((name) => {
      const logGroups: LogGroup[] = [];
      const groupCount = Math.floor(random() * 8);
      for (let g = 0; g < groupCount; g++) {
        logGroups.push({
          logGroupName: `/aws/lambda/fn-${g}`,
          arn: `arn:aws:logs:${name}:${accountId}:log-group:/aws/lambda/fn-${g}:*`,
          ...(random() < 0.6 ? {retentionInDays: [7, 30, 90, 365][g % 4]} : {}),
          storedBytes: Math.floor(random() * 5e10),
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
      return region;
    });
    accounts.push({
      accountId,
      name: `account-${n}`,
      alias: null,
      organization,
      regions: regionSnapshots,
      trails,
      trailBuckets: n === 1 ? trailBuckets : n === 0 ? [{...bucket(orgBucket, archive, true), ...unknownBucketFields(orgBucket, archive)}] : trailBuckets,
      s3PublicAccessBlock: random() < 0.7 ? pab : null,
    });
  }
  return {
    schemaVersion: '1.0',
    collection: {tool: 'trailwise', toolVersion: '0.1.0', source: 'synthetic', startedAt: '2026-11-28T09:00:00Z', finishedAt: '2026-11-28T10:00:00Z'},
    accounts,
  };
}

function unknownBucketFields(name: string, owner: string): Partial<TrailBucket> {
  const {ownerAccountId: _owner, ...fields} = unknownTrailBucket(name, `bucket ${name} belongs to another account`, owner);
  return {...fields, ownerAccountId: undefined};
}

import {beforeEach, describe, expect, it} from '@jest/globals';
import 'aws-sdk-client-mock-jest';
import {GetTrailStatusCommand, DescribeTrailsCommand, ThrottlingException} from '@aws-sdk/client-cloudtrail';
import {DescribeLogGroupsCommand} from '@aws-sdk/client-cloudwatch-logs';
import {ListFindingsCommand, ListMembersCommand} from '@aws-sdk/client-guardduty';
import {GetBucketAclCommand, GetBucketPolicyCommand, ListBucketsCommand} from '@aws-sdk/client-s3';
import {collectAccount, collectSnapshot, collectTrailBuckets} from '../../src/collect/collect.js';
import type {CollectEvent} from '../../src/collect/events.js';
import {CredentialsError, InputError} from '../../src/errors.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {AccountSnapshot, GuardDutyDetector, RegionSnapshot, Snapshot, Trail, TrailBucket} from '../../src/snapshot/types.js';
import {
  ACCOUNT,
  accessDenied,
  accessDeniedException,
  awsError,
  configuredWorld,
  detector,
  emptyWorld,
  ENABLED_REGIONS,
  installWorld,
  LOG_ARCHIVE,
  mainTrail,
  MANAGEMENT,
  mocks,
  testFactory,
  TRAIL_ARN,
  TRAIL_BUCKET,
  TRAIL_LOG_GROUP,
  type World,
} from './mock-aws.js';

let world: World;

beforeEach(() => {
  world = installWorld(configuredWorld());
});

/** Collects with a fresh factory and returns the validated snapshot and every event (factory and collection). */
async function collect(
  options: {regions?: string[]; signal?: AbortSignal; onEvent?: (e: CollectEvent) => void; maxAttempts?: number; concurrency?: number} = {},
) {
  const {clients, events} = testFactory({maxAttempts: options.maxAttempts});
  const collectionEvents: CollectEvent[] = [];
  const snapshot = await collectSnapshot({
    clients,
    regions: options.regions,
    signal: options.signal,
    concurrency: options.concurrency,
    listener: (e) => {
      collectionEvents.push(e);
      options.onEvent?.(e);
    },
  });
  // Every result, whatever went wrong, must be a valid snapshot.
  validateSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected snapshot');
  return {snapshot, account: snapshot.accounts[0]!, events: collectionEvents, factoryEvents: events, clients};
}

const region = (account: AccountSnapshot, name: string): RegionSnapshot => account.regions.find((r) => r.name === name)!;
const detectors = (r: RegionSnapshot) => r.guardDuty!.detectors as GuardDutyDetector[];
const bucket = (account: AccountSnapshot, name = TRAIL_BUCKET): TrailBucket => account.trailBuckets.find((b) => b.name === name)!;

describe('collectSnapshot: a configured account', () => {
  it('GIVEN a multi-Region trail seen in every region WHEN collected THEN it is described once and listed by each region', async () => {
    const {account, snapshot} = await collect();

    expect(account.accountId).toBe(ACCOUNT);
    expect(account.trails.map((t) => t.arn)).toEqual([TRAIL_ARN]);
    for (const name of ENABLED_REGIONS) expect(region(account, name).trailArns).toEqual([TRAIL_ARN]);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 3);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 1);
    expect(mocks.cloudtrail).toHaveReceivedCommandWith(GetTrailStatusCommand, {Name: TRAIL_ARN});
    expect(snapshot.collection.calls).toMatchObject({'cloudtrail:DescribeTrails': 3, 'cloudtrail:GetTrailStatus': 1, 'cloudtrail:GetEventSelectors': 1});
  });

  it('GIVEN the configured account WHEN collected THEN account-wide evidence is kept as AWS gave it', async () => {
    const {account, snapshot} = await collect();

    expect(account.alias).toBe('prod-main');
    expect(account.organization).toEqual({
      id: 'o-abc123defg',
      managementAccountId: MANAGEMENT,
      arn: `arn:aws:organizations::${MANAGEMENT}:organization/o-abc123defg`,
      featureSet: 'ALL',
    });
    expect(account.s3PublicAccessBlock).toEqual({BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true});
    expect(snapshot.collection).toMatchObject({tool: 'trailwise', source: 'aws', partition: 'aws', retries: 0, errors: 0});
    expect(snapshot.collection.interrupted).toBeUndefined();
    expect(snapshot.collection.regionsRequested).toBeUndefined();
  });

  it('GIVEN the trail WHEN collected THEN status times become ISO strings, selectors are kept, and Insights off is []', async () => {
    const {account} = await collect();
    const trail = account.trails[0] as Trail;

    expect(trail.ownerAccountId).toBe(ACCOUNT);
    expect(trail.description).toMatchObject({Name: 'main', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: TRAIL_BUCKET});
    expect(trail.status).toMatchObject({IsLogging: true, LatestDeliveryTime: '2026-11-20T08:30:00.000Z', LatestCloudWatchLogsDeliveryTime: '2026-11-20T08:30:00.000Z'});
    expect(trail.eventSelectors).toEqual({
      AdvancedEventSelectors: [{Name: 'Management events', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]}],
    });
    expect(trail.insightSelectors).toEqual([]);
  });

  it('GIVEN the trail bucket WHEN collected THEN it is read once, from its region, with every field', async () => {
    const {account} = await collect();
    const b = bucket(account);

    expect(account.trailBuckets).toHaveLength(1);
    expect(b).toMatchObject({name: TRAIL_BUCKET, region: 'us-east-1', ownerAccountId: ACCOUNT});
    expect(b.objectLock).toEqual({ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'COMPLIANCE', Days: 365}}});
    expect(b.versioning).toEqual({Status: 'Enabled', MFADelete: 'Disabled'});
    expect(b.policyStatus).toEqual({IsPublic: false});
    expect(typeof b.policy).toBe('string');
    expect(b.encryption).toEqual({Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true}]});
    expect(b.logging).toEqual({TargetBucket: `access-logs-${ACCOUNT}`, TargetPrefix: 'trail/'});
    expect(b.lifecycle).toEqual({
      Rules: [
        {
          ID: 'expire-logs',
          Status: 'Enabled',
          Filter: {Prefix: 'AWSLogs/'},
          Expiration: {Days: 400},
          Transitions: [{Days: 90, StorageClass: 'GLACIER'}, {Date: '2027-01-01T00:00:00.000Z', StorageClass: 'DEEP_ARCHIVE'}],
          NoncurrentVersionExpiration: {NoncurrentDays: 30},
        },
      ],
    });
    expect(mocks.s3).toHaveReceivedCommandTimes(GetBucketAclCommand, 1);
  });

  it('GIVEN two trails that deliver to the same bucket WHEN collected THEN the bucket is read once', async () => {
    const second = {...mainTrail(), Name: 'regional', TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/regional`, HomeRegion: 'eu-west-1', IsMultiRegionTrail: false};
    world.trails['eu-west-1'] = [mainTrail(), second];
    world.trailStatus[second.TrailARN] = {IsLogging: false};
    world.eventSelectors[second.TrailARN] = {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]};
    world.insightSelectors[second.TrailARN] = {InsightSelectors: [{InsightType: 'ApiCallRateInsight'}]};

    const {account} = await collect();

    expect(account.trails.map((t) => t.arn)).toEqual([`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/regional`, TRAIL_ARN]);
    expect(account.trails[0]!.insightSelectors).toEqual([{InsightType: 'ApiCallRateInsight'}]);
    expect(region(account, 'eu-west-1').trailArns).toHaveLength(2);
    expect(region(account, 'us-east-1').trailArns).toEqual([TRAIL_ARN]);
    expect(account.trailBuckets.map((b) => b.name)).toEqual([TRAIL_BUCKET]);
    expect(mocks.s3).toHaveReceivedCommandTimes(GetBucketPolicyCommand, 1);
  });

  it('GIVEN log groups WHEN collected THEN only the trail log group gets filter counts, from the filter APIs', async () => {
    const {account} = await collect();
    const groups = region(account, 'us-east-1').logGroups as NonNullable<RegionSnapshot['logGroups']> & unknown[];

    expect(groups).toEqual([
      {
        logGroupName: TRAIL_LOG_GROUP,
        arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}:*`,
        retentionInDays: 365,
        storedBytes: 5 * 1024 ** 3,
        logGroupClass: 'STANDARD',
        creationTime: 1700000000000,
        metricFilterCount: 2,
        subscriptionFilterCount: 1,
      },
      {logGroupName: '/aws/lambda/report', arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/report:*`, storedBytes: 0, creationTime: 1700000001000},
    ]);
    expect(region(account, 'eu-west-1').logGroups).toEqual([]);
  });

  it('GIVEN Config, GuardDuty and Detective WHEN collected THEN each region holds them, with only the schema fields of a detector', async () => {
    const {account} = await collect();
    const us = region(account, 'us-east-1');

    expect(us.config!.recorders).toEqual([expect.objectContaining({name: 'default', recordingGroup: expect.objectContaining({allSupported: true})})]);
    expect(us.config!.recorderStatuses).toEqual([expect.objectContaining({recording: true, lastStatus: 'SUCCESS', lastStartTime: '2026-11-20T08:30:00.000Z'})]);
    expect(us.config!.aggregators).toEqual([]);
    expect(detectors(us)).toEqual([
      {
        detectorId: 'det-us-east-1',
        Status: 'ENABLED',
        FindingPublishingFrequency: 'SIX_HOURS',
        Features: [{Name: 'S3_DATA_EVENTS', Status: 'ENABLED', UpdatedAt: '2026-11-20T08:30:00.000Z'}],
        administrator: null,
        publishingDestinations: [{DestinationId: 'dest-us-east-1', DestinationType: 'S3', Status: 'PUBLISHING'}],
        organizationConfiguration: null,
        memberCount: 0,
        highSeverityFindingCount: 0,
      },
    ]);
    expect(us.detective).toEqual({graphs: [], memberships: []});
  });

  it('GIVEN the collection WHEN it runs THEN progress events arrive in order, with every call reported once', async () => {
    const {events, snapshot} = await collect();
    const types = events.map((e) => e.type);

    expect(types[0]).toBe('call'); // sts:GetCallerIdentity, before the account id is known to the collector
    expect(types.indexOf('account-start')).toBeLessThan(types.indexOf('regions-discovered'));
    expect(events.find((e) => e.type === 'regions-discovered')).toEqual({
      type: 'regions-discovered',
      accountId: ACCOUNT,
      regions: ENABLED_REGIONS,
      skipped: ['af-south-1'],
    });
    expect(events.filter((e) => e.type === 'region-start').map((e) => 'region' in e && e.region).sort()).toEqual(ENABLED_REGIONS);
    const done = events.filter((e): e is Extract<CollectEvent, {type: 'region-done'}> => e.type === 'region-done');
    expect(done.map((e) => e.region).sort()).toEqual(ENABLED_REGIONS);
    expect(done.every((e) => e.errors.length === 0 && e.evidence > 10)).toBe(true);
    expect(types.at(-1)).toBe('account-done');
    const calls = events.filter((e) => e.type === 'call');
    const total = Object.values(snapshot.collection.calls ?? {}).reduce((a, b) => a + b, 0);
    expect(calls).toHaveLength(total);
    expect(calls.every((e) => e.type === 'call' && e.accountId === ACCOUNT)).toBe(true);
  });

  it('GIVEN the same listener on the factory and the collection WHEN collected THEN each call is reported once', async () => {
    const events: CollectEvent[] = [];
    const listener = (e: CollectEvent) => events.push(e);
    const {createClientFactory} = await import('../../src/collect/clients.js');
    const clients = createClientFactory({credentials: async () => ({accessKeyId: 'a', secretAccessKey: 'b'}), defaultRegion: 'us-east-1'}, listener);

    const snapshot = await collectSnapshot({clients, listener});

    const total = Object.values(snapshot.collection.calls ?? {}).reduce((a, b) => a + b, 0);
    expect(events.filter((e) => e.type === 'call')).toHaveLength(total);
  });
});

describe('collectSnapshot: nothing configured', () => {
  it('GIVEN no trail, recorder, detector, organization or alias WHEN collected THEN the snapshot is valid and says so with facts, not errors', async () => {
    installWorld((world = emptyWorld()));

    const {account, snapshot} = await collect();

    expect(snapshot.collection.errors).toBe(0);
    expect(account.alias).toBeNull();
    expect(account.organization).toBeNull();
    expect(account.s3PublicAccessBlock).toBeNull();
    expect(account.trails).toEqual([]);
    expect(account.trailBuckets).toEqual([]);
    for (const name of ENABLED_REGIONS) {
      const r = region(account, name);
      expect(r.trailArns).toEqual([]);
      expect(r.config).toEqual({recorders: [], recorderStatuses: [], deliveryChannels: [], deliveryChannelStatuses: [], aggregators: []});
      expect(r.guardDuty).toEqual({detectors: []});
    }
  });

  it('GIVEN a bucket with none of its optional settings WHEN collected THEN "not configured" answers are null', async () => {
    world.buckets[TRAIL_BUCKET] = {
      location: {LocationConstraint: 'EU'},
      objectLock: awsError('ObjectLockConfigurationNotFoundError', 404, 'Object Lock configuration does not exist for this bucket'),
      versioning: {},
      publicAccessBlock: awsError('NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found'),
      policy: awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist'),
      policyStatus: awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist'),
      acl: {Owner: {ID: 'c0ffee'}, Grants: []},
      encryption: awsError('ServerSideEncryptionConfigurationNotFoundError', 404, 'The server side encryption configuration was not found'),
      lifecycle: awsError('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist'),
      logging: {},
    };

    const {account, snapshot} = await collect();

    expect(bucket(account)).toEqual({
      name: TRAIL_BUCKET,
      region: 'eu-west-1',
      ownerAccountId: ACCOUNT,
      objectLock: null,
      versioning: {},
      publicAccessBlock: null,
      policy: null,
      policyStatus: null,
      acl: {Owner: {ID: 'c0ffee'}, Grants: []},
      encryption: null,
      lifecycle: null,
      logging: null,
    });
    expect(snapshot.collection.errors).toBe(0);
    expect(snapshot.collection.calls).toMatchObject({'s3:GetBucketPolicy': 1});
  });
});

describe('collectSnapshot: failures are recorded where they happen', () => {
  it('GIVEN AccessDenied on one operation in one region WHEN collected THEN only that evidence holds the error', async () => {
    world.config['eu-west-1']!.channels = accessDeniedException('config:DescribeDeliveryChannels');

    const {account, snapshot, events} = await collect();

    expect(region(account, 'eu-west-1').config!.deliveryChannels).toEqual({
      error: {
        kind: 'AccessDenied',
        code: 'AccessDeniedException',
        message: `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: config:DescribeDeliveryChannels`,
        operation: 'config:DescribeDeliveryChannels',
        httpStatus: 403,
      },
    });
    expect(region(account, 'eu-west-1').config!.recorders).toEqual([expect.objectContaining({name: 'default'})]);
    expect(region(account, 'us-east-1').config!.deliveryChannels).toEqual([expect.objectContaining({name: 'default'})]);
    expect(snapshot.collection.errors).toBe(1);
    expect(events.filter((e) => e.type === 'evidence-error')).toEqual([
      expect.objectContaining({type: 'evidence-error', accountId: ACCOUNT, region: 'eu-west-1', error: expect.objectContaining({operation: 'config:DescribeDeliveryChannels'})}),
    ]);
    const done = events.find((e) => e.type === 'region-done' && e.region === 'eu-west-1');
    expect(done).toMatchObject({errors: [expect.objectContaining({kind: 'AccessDenied'})]});
  });

  it('GIVEN a denied bucket read on the account\'s own bucket WHEN collected THEN it is an AccessDenied error, not unknown', async () => {
    world.buckets[TRAIL_BUCKET]!.policy = accessDenied('s3:GetBucketPolicy');

    const {account} = await collect();

    expect(bucket(account).policy).toEqual({error: expect.objectContaining({kind: 'AccessDenied', code: 'AccessDenied', operation: 's3:GetBucketPolicy'})});
    expect(bucket(account).acl).toEqual(expect.objectContaining({Grants: expect.any(Array)}));
  });

  it('GIVEN a throttled call that then succeeds WHEN collected THEN the evidence is the value and the retry is counted', async () => {
    mocks.cloudtrail
      .on(GetTrailStatusCommand)
      .rejectsOnce(new ThrottlingException({message: 'Rate exceeded', $metadata: {httpStatusCode: 400}}))
      .resolves({IsLogging: true});

    const {account, snapshot, events} = await collect();

    expect(account.trails[0]!.status).toEqual({IsLogging: true});
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 2);
    expect(snapshot.collection.retries).toBe(1);
    expect(snapshot.collection.calls!['cloudtrail:GetTrailStatus']).toBe(1);
    expect(snapshot.collection.errors).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({type: 'call', operation: 'cloudtrail:GetTrailStatus', retries: 1, ok: true}));
  });

  it('GIVEN a call throttled on every attempt WHEN collected THEN the evidence is a Throttled error after the bounded retries', async () => {
    mocks.cloudtrail.on(GetTrailStatusCommand).rejects(new ThrottlingException({message: 'Rate exceeded', $metadata: {httpStatusCode: 400}}));

    const {account, snapshot} = await collect({maxAttempts: 2});

    expect(account.trails[0]!.status).toEqual({error: expect.objectContaining({kind: 'Throttled', code: 'ThrottlingException', operation: 'cloudtrail:GetTrailStatus'})});
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 2);
    expect(snapshot.collection.retries).toBe(1);
    expect(snapshot.collection.errors).toBe(1);
  });

  it('GIVEN an HTML error page instead of a DescribeTrails answer WHEN collected THEN that region\'s trail list is InvalidResponse', async () => {
    const page = Object.assign(new SyntaxError(`Unexpected token '<', "<html>" is not valid JSON\n  Deserialization error: …`), {
      $metadata: {httpStatusCode: 200},
      $response: {statusCode: 200, headers: {'content-type': 'text/html'}},
    });
    world.trails['ap-east-1'] = page;

    const {account} = await collect();

    expect(region(account, 'ap-east-1').trailArns).toEqual({
      error: {kind: 'InvalidResponse', message: 'the response is not a valid AWS answer (HTTP 200, text/html)', operation: 'cloudtrail:DescribeTrails', httpStatus: 200},
    });
    expect(account.trails.map((t) => t.arn)).toEqual([TRAIL_ARN]);
  });

  it('GIVEN GetDetector is denied WHEN collected THEN the region\'s detectors are an error rather than a detector without status', async () => {
    world.guardDuty['eu-west-1'] = {'det-eu': {...detector('eu-west-1'), detector: accessDeniedException('guardduty:GetDetector')}};

    const {account} = await collect();

    expect(region(account, 'eu-west-1').guardDuty).toEqual({detectors: {error: expect.objectContaining({kind: 'AccessDenied', operation: 'guardduty:GetDetector'})}});
  });

  it('GIVEN DescribeRegions is denied WHEN collected THEN the account is marked as not audited, with what was read', async () => {
    world.regions = awsError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.');

    const {account, events} = await collect();

    expect(account.error).toEqual(expect.objectContaining({kind: 'AccessDenied', code: 'UnauthorizedOperation', operation: 'ec2:DescribeRegions'}));
    expect(account.regions).toEqual([]);
    expect(account.alias).toBe('prod-main');
    expect(events.at(-1)).toEqual({type: 'account-done', accountId: ACCOUNT, error: account.error});
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 0);
  });
});

describe('collectSnapshot: unreachable regions', () => {
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {code: 'ECONNREFUSED'});

  it('GIVEN the CloudTrail endpoint of a region refuses connections WHEN collected THEN only CloudTrail\'s evidence there is Unreachable; the region\'s other services are read', async () => {
    world.trails['ap-east-1'] = refused();

    const {account, events} = await collect({maxAttempts: 1});
    const ap = region(account, 'ap-east-1');

    expect(ap.error).toBeUndefined();
    expect(ap.trailArns).toEqual({error: {kind: 'Unreachable', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443', operation: 'cloudtrail:DescribeTrails'}});
    expect(ap.config!.recorders).toEqual([expect.objectContaining({name: 'default'})]);
    expect(ap.logGroups).toEqual(expect.any(Array));
    expect(events).toContainEqual(expect.objectContaining({type: 'region-done', region: 'ap-east-1', errors: expect.arrayContaining([expect.objectContaining({kind: 'Unreachable'})])}));
  });

  it('GIVEN one service times out in a region WHEN its other calls there are waiting for a slot THEN they are not attempted, and say why, while the other services are read', async () => {
    const timeout = () => Object.assign(new Error('a request has exceeded the configured 10000 ms requestTimeout.'), {name: 'TimeoutError', code: 'ETIMEDOUT'});
    world.logGroups['eu-west-1'] = timeout();
    world.config['eu-west-1']!.recorders = timeout();

    // One call in flight: the region's other calls are queued behind DescribeLogGroups when it fails.
    const {account, snapshot} = await collect({maxAttempts: 1, concurrency: 1});
    const eu = region(account, 'eu-west-1');

    expect(eu.error).toBeUndefined();
    expect(eu.trailArns).toEqual([TRAIL_ARN]);
    expect(eu.logGroups).toEqual({error: expect.objectContaining({kind: 'Timeout', operation: 'logs:DescribeLogGroups'})});
    expect(eu.guardDuty!.detectors).toEqual([expect.objectContaining({detectorId: expect.any(String)})]);
    // Config's first call timed out: its other reads in the region are not attempted, and say why.
    const configErrors = Object.values(eu.config!).map((e) => (e as {error?: {kind: string; message: string}}).error);
    expect(configErrors.every((e) => e?.kind === 'Timeout')).toBe(true);
    expect(configErrors.filter((e) => /^not attempted: an earlier call in eu-west-1 failed \(config:/.test(e!.message)).length).toBeGreaterThan(0);
    // Config's recorders were asked once in each of the three regions read: the timeout was not retried by other reads.
    expect(snapshot.collection.calls!['config:DescribeConfigurationRecorders']).toBe(3);
  });
});

describe('collectSnapshot: a service missing from a region', () => {
  it('GIVEN one service\'s endpoint does not resolve in a region WHEN collected THEN only that service is skipped there', async () => {
    world.guardDuty['eu-west-1'] = Object.assign(new Error('getaddrinfo ENOTFOUND guardduty.eu-west-1.amazonaws.com'), {code: 'ENOTFOUND'});

    const {account} = await collect({maxAttempts: 1});
    const eu = region(account, 'eu-west-1');

    expect(eu.guardDuty).toEqual({detectors: {error: expect.objectContaining({kind: 'Unreachable', code: 'ENOTFOUND'})}});
    expect(eu.detective).toEqual({graphs: [], memberships: []});
    expect(eu.error).toBeUndefined();
  });
});

describe('collectTrailBuckets (the org audit, in the log-archive account)', () => {
  it('GIVEN bucket names WHEN read with that account\'s credentials THEN its own buckets are read in full, once each, and others are unknown', async () => {
    world.buckets['someone-elses'] = Object.fromEntries(
      ['location', 'objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'].map((op) => [op, accessDenied(`s3:${op}`)]),
    );
    const {clients} = testFactory();
    const events: CollectEvent[] = [];

    const buckets = await collectTrailBuckets(clients, ACCOUNT, [TRAIL_BUCKET, 'someone-elses', TRAIL_BUCKET], {listener: (e) => events.push(e)});

    expect(buckets.map((b) => [b.name, b.ownerAccountId, b.region])).toEqual([
      ['someone-elses', undefined, undefined],
      [TRAIL_BUCKET, ACCOUNT, 'us-east-1'],
    ]);
    expect(buckets[1]!.versioning).toEqual({Status: 'Enabled', MFADelete: 'Disabled'});
    expect(buckets[0]!.acl).toEqual({unknown: {reason: expect.stringContaining('someone-elses is not owned by account 111111111111')}});
    expect(mocks.s3).toHaveReceivedCommandTimes(GetBucketAclCommand, 2);
    expect(events.filter((e) => e.type === 'call').every((e) => e.type === 'call' && e.accountId === ACCOUNT)).toBe(true);
    validateSnapshot({
      schemaVersion: '1.0',
      collection: {tool: 'trailwise', toolVersion: '0', source: 'aws', startedAt: '2026-11-28T00:00:00Z', finishedAt: '2026-11-28T00:00:00Z'},
      accounts: [{accountId: ACCOUNT, regions: [], trails: [], trailBuckets: JSON.parse(JSON.stringify(buckets))}],
    });
  });
});

describe('collectSnapshot: pagination', () => {
  it('GIVEN lists longer than a page WHEN collected THEN every page is read and counted', async () => {
    world.pageSize = 2;
    world.logGroups['eu-west-1'] = Array.from({length: 5}, (_, i) => ({logGroupName: `/app/${i}`, retentionInDays: 30, storedBytes: i}));
    const gd = world.guardDuty['eu-west-1'] as Record<string, {highSeverityFindings: string[]; members: string[]}>;
    gd['det-eu-west-1']!.highSeverityFindings = Array.from({length: 7}, (_, i) => `finding-${i}`);
    gd['det-eu-west-1']!.members = ['444444444444', '555555555555', '666666666666'];
    world.ownBuckets = [{Name: 'a'}, {Name: 'b'}, {Name: TRAIL_BUCKET, BucketRegion: 'us-east-1'}];

    const {account} = await collect();
    const eu = region(account, 'eu-west-1');

    expect((eu.logGroups as unknown[]).length).toBe(5);
    expect(detectors(eu)[0]).toMatchObject({highSeverityFindingCount: 7, memberCount: 3});
    // eu-west-1 pages through 5 log groups, 7 findings and 3 members two at a time; the other regions fit in one page.
    expect(mocks.logs).toHaveReceivedCommandTimes(DescribeLogGroupsCommand, 3 + 1 + 1);
    expect(mocks.guardduty).toHaveReceivedCommandTimes(ListFindingsCommand, 4 + 1 + 1);
    expect(mocks.guardduty).toHaveReceivedCommandWith(ListFindingsCommand, {MaxResults: 50});
    expect(mocks.guardduty).toHaveReceivedCommandTimes(ListMembersCommand, 2 + 1 + 1);
    expect(mocks.s3).toHaveReceivedCommandTimes(ListBucketsCommand, 2);
    expect(bucket(account).ownerAccountId).toBe(ACCOUNT);
  });
});

describe('collectSnapshot: evidence held by other accounts', () => {
  it('GIVEN the account\'s trail delivers to a bucket it does not own WHEN the reads are denied THEN every bucket field is unknown, not an error', async () => {
    world.ownBuckets = [];
    world.buckets[TRAIL_BUCKET] = Object.fromEntries(
      ['location', 'objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'].map((op) => [op, accessDenied(`s3:${op}`)]),
    );

    const {account, snapshot} = await collect();
    const b = bucket(account);

    expect(b.ownerAccountId).toBeUndefined();
    expect(b.region).toBeUndefined();
    for (const field of ['objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'] as const) {
      expect(b[field]).toEqual({unknown: {reason: expect.stringContaining(`bucket ${TRAIL_BUCKET} is not owned by account ${ACCOUNT}`)}});
    }
    expect(snapshot.collection.errors).toBe(0);
  });

  it('GIVEN an organization trail seen from a member account WHEN its status and selectors cannot be read THEN they are unknown with the owner', async () => {
    const orgTrailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-trail`;
    const orgBucket = `org-trail-logs-${LOG_ARCHIVE}`;
    const orgTrail = {
      Name: 'org-trail',
      TrailARN: orgTrailArn,
      HomeRegion: 'us-east-1',
      S3BucketName: orgBucket,
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
    };
    installWorld((world = emptyWorld()));
    for (const name of ENABLED_REGIONS) world.trails[name] = [orgTrail];
    world.trailStatus[orgTrailArn] = accessDeniedException('cloudtrail:GetTrailStatus');
    world.eventSelectors[orgTrailArn] = awsError('TrailNotFoundException', 400, `Unknown trail: ${orgTrailArn} for the user: ${ACCOUNT}`);
    world.insightSelectors[orgTrailArn] = awsError('TrailNotFoundException', 400, `Unknown trail: ${orgTrailArn} for the user: ${ACCOUNT}`);
    world.buckets[orgBucket] = Object.fromEntries(
      ['location', 'objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'].map((op) => [op, accessDenied(`s3:${op}`)]),
    );

    const {account, snapshot} = await collect();
    const trail = account.trails[0]!;

    expect(trail.ownerAccountId).toBe(MANAGEMENT);
    expect(trail.status).toEqual({unknown: {reason: expect.stringContaining(`belongs to account ${MANAGEMENT}`), ownerAccountId: MANAGEMENT}});
    expect(trail.eventSelectors).toEqual({unknown: expect.objectContaining({ownerAccountId: MANAGEMENT})});
    expect(trail.insightSelectors).toEqual({unknown: expect.objectContaining({ownerAccountId: MANAGEMENT})});
    expect(bucket(account, orgBucket).ownerAccountId).toBe(MANAGEMENT);
    expect(bucket(account, orgBucket).acl).toEqual({unknown: expect.objectContaining({ownerAccountId: MANAGEMENT})});
    expect(snapshot.collection.errors).toBe(0);
  });

  it('GIVEN an organization trail whose status the member can read WHEN collected THEN the status is kept', async () => {
    const orgTrailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-trail`;
    world.trails['us-east-1'] = [{Name: 'org-trail', TrailARN: orgTrailArn, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true}];
    world.trailStatus[orgTrailArn] = {IsLogging: true};
    world.eventSelectors[orgTrailArn] = {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true}]};
    world.insightSelectors[orgTrailArn] = {InsightSelectors: []};

    const {account} = await collect();
    const trail = account.trails.find((t) => t.arn === orgTrailArn)!;

    expect(trail.status).toEqual({IsLogging: true});
    expect(trail.eventSelectors).toEqual({EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true}]});
  });

  it('GIVEN a bucket first seen behind another account\'s trail WHEN the account\'s own trail, listed later, uses it too THEN denied reads are errors, not unknown', async () => {
    const orgTrailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-trail`;
    const orgTrail = {Name: 'org-trail', TrailARN: orgTrailArn, HomeRegion: 'us-east-1', S3BucketName: TRAIL_BUCKET, IsMultiRegionTrail: true, IsOrganizationTrail: true};
    // ap-east-1 answers first (one call at a time, in region order) and lists only the organization trail.
    world.trails['ap-east-1'] = [orgTrail];
    world.trails['eu-west-1'] = [orgTrail, mainTrail()];
    world.trails['us-east-1'] = [orgTrail, mainTrail()];
    world.trailStatus[orgTrailArn] = {IsLogging: true};
    world.eventSelectors[orgTrailArn] = {EventSelectors: []};
    world.insightSelectors[orgTrailArn] = {InsightSelectors: []};
    world.ownBuckets = accessDenied('s3:ListBuckets');
    world.buckets[TRAIL_BUCKET] = Object.fromEntries(
      ['location', 'objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'].map((op) => [op, accessDenied(`s3:${op}`)]),
    );

    const {account} = await collect({concurrency: 1});
    const b = bucket(account);

    expect(account.trailBuckets).toHaveLength(1);
    expect(b.ownerAccountId).toBeUndefined();
    expect(b.acl).toEqual({error: expect.objectContaining({kind: 'AccessDenied', operation: 's3:GetBucketAcl'})});
    expect(b.versioning).toEqual({error: expect.objectContaining({kind: 'AccessDenied'})});
    expect(mocks.s3).toHaveReceivedCommandTimes(GetBucketAclCommand, 1);
  });

  it('GIVEN the foreign trail is throttled rather than denied WHEN collected THEN it stays an error (our failure, not the owner\'s)', async () => {
    const orgTrailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-trail`;
    world.trails['us-east-1'] = [{Name: 'org-trail', TrailARN: orgTrailArn, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true}];
    world.trailStatus[orgTrailArn] = awsError('ThrottlingException', 400, 'Rate exceeded');
    world.eventSelectors[orgTrailArn] = {EventSelectors: []};
    world.insightSelectors[orgTrailArn] = {InsightSelectors: []};

    const {account} = await collect({maxAttempts: 1});

    expect(account.trails.find((t) => t.arn === orgTrailArn)!.status).toEqual({error: expect.objectContaining({kind: 'Throttled'})});
  });
});

describe('collectSnapshot: regions', () => {
  it('GIVEN a region that is not opted in WHEN collected THEN it is listed with its status, without evidence, and never called', async () => {
    const {account} = await collect();

    expect(region(account, 'af-south-1')).toEqual({name: 'af-south-1', optInStatus: 'not-opted-in'});
    expect(region(account, 'ap-east-1').optInStatus).toBe('opted-in');
    const regionsCalled = await Promise.all(mocks.cloudtrail.calls().map((c) => (c.thisValue as {config: {region: () => Promise<string>}}).config.region()));
    expect(regionsCalled).not.toContain('af-south-1');
  });

  it('GIVEN --regions eu-west-1 WHEN collected THEN only that region is read, and the trail homed elsewhere is still described from home', async () => {
    const {account, snapshot} = await collect({regions: ['eu-west-1']});

    expect(account.regions.map((r) => r.name)).toEqual(['af-south-1', 'eu-west-1']);
    expect(snapshot.collection.regionsRequested).toEqual(['eu-west-1']);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
    expect(account.trails[0]!.status).toMatchObject({IsLogging: true});
  });

  it('GIVEN --regions with a name the account does not know WHEN collected THEN InputError names it', async () => {
    const {clients} = testFactory();
    await expect(collectAccount({clients, regions: ['eu-west-1', 'eu-south-9']})).rejects.toThrow(InputError);
    await expect(collectAccount({clients, regions: ['eu-south-9']})).rejects.toThrow(/eu-south-9 is not a region of this account/);
    await expect(collectAccount({clients, regions: ['Europe']})).rejects.toThrow(/"Europe" is not a region name/);
  });
});

describe('collectAccount: credentials', () => {
  it.each([
    ['expired', awsError('ExpiredToken', 403, 'The security token included in the request is expired'), /have expired/],
    ['unknown key', awsError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.'), /does not recognise/],
    ['wrong secret', awsError('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match the signature you provided.'), /signature/],
    ['no credentials', Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}), /No usable AWS credentials/],
  ])('GIVEN %s credentials WHEN collected THEN CredentialsError with one sentence and nothing else is called', async (_name, failure, pattern) => {
    world.identity = failure;
    const {clients} = testFactory();

    const attempt = collectAccount({clients});

    await expect(attempt).rejects.toThrow(CredentialsError);
    await expect(collectAccount({clients})).rejects.toThrow(pattern);
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(mocks.cloudtrail.calls()).toHaveLength(0);
  });

  it('GIVEN STS cannot be reached WHEN collected THEN CredentialsError says the credentials could not be verified', async () => {
    world.identity = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {code: 'ECONNREFUSED'});
    const {clients} = testFactory({maxAttempts: 1});

    await expect(collectAccount({clients})).rejects.toThrow(/Could not verify the AWS credentials from the credentials given: STS GetCallerIdentity failed \(ECONNREFUSED/);
  });
});

describe('collectSnapshot: interrupted', () => {
  it('GIVEN Ctrl-C after the first region is done WHEN collected THEN the rest is NotCollected and the snapshot is still valid', async () => {
    const abort = new AbortController();
    const {clients} = testFactory();

    const snapshot: Snapshot = await collectSnapshot({
      clients,
      concurrency: 1,
      signal: abort.signal,
      listener: (e) => {
        if (e.type === 'region-done') abort.abort();
      },
    });
    validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
    const account = snapshot.accounts[0]!;

    expect(snapshot.collection.interrupted).toBe(true);
    const read = account.regions.filter((r) => r.config && !('error' in r.config.recorders));
    expect(read).toHaveLength(1);
    const notRead = account.regions.filter((r) => r.optInStatus !== 'not-opted-in' && r !== read[0]);
    expect(notRead).toHaveLength(2);
    for (const r of notRead) {
      const markers = [r.error, ...(r.config ? Object.values(r.config) : [r.error])].filter(Boolean);
      expect(markers.length).toBeGreaterThan(0);
      expect(JSON.stringify(markers)).toContain('NotCollected');
    }
    // The bucket's name was known from the first trail list, so it was read before the first region was done.
    expect(bucket(account).acl).toEqual(expect.objectContaining({Grants: expect.any(Array)}));
    // NotCollected is not counted as an error: nothing failed.
    expect(snapshot.collection.errors).toBe(0);
  });

  it('GIVEN Ctrl-C as the first trail list answers WHEN collected THEN the trail and bucket it names are NotCollected, not read', async () => {
    const abort = new AbortController();

    const {account, snapshot} = await collect({
      concurrency: 1,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'call' && e.operation === 'cloudtrail:DescribeTrails') abort.abort();
      },
    });

    expect(snapshot.collection.interrupted).toBe(true);
    expect(account.regions.filter((r) => Array.isArray(r.trailArns))).toHaveLength(1);
    expect(account.trails.map((t) => [t.arn, t.status])).toEqual([[TRAIL_ARN, {error: expect.objectContaining({kind: 'NotCollected'})}]]);
    expect(account.trailBuckets.map((b) => [b.name, b.acl])).toEqual([[TRAIL_BUCKET, {error: expect.objectContaining({kind: 'NotCollected'})}]]);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(GetTrailStatusCommand, 0);
    expect(mocks.s3).toHaveReceivedCommandTimes(GetBucketAclCommand, 0);
    expect(snapshot.collection.errors).toBe(0);
  });

  it('GIVEN a signal aborted before the collection starts WHEN collected THEN only the identity is read and everything is NotCollected', async () => {
    const abort = new AbortController();
    abort.abort();

    const {account, snapshot} = await collect({signal: abort.signal});

    expect(snapshot.collection.interrupted).toBe(true);
    expect(account.accountId).toBe(ACCOUNT);
    expect(account.error).toEqual(expect.objectContaining({kind: 'NotCollected'}));
    expect(account.alias).toEqual({error: expect.objectContaining({kind: 'NotCollected'})});
    expect(Object.keys(snapshot.collection.calls ?? {})).toEqual(['sts:GetCallerIdentity']);
  });
});

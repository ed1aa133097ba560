// The collectors over HTTP: `collectSnapshot` with the real client factory and the real SDK clients, against the
// wire-format fake AWS (test/support/fake-aws). What the mocked unit tests cannot show is shown here: that the
// collectors send what AWS expects and read what AWS answers, errors and pages included.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals';
import {createClientFactory, type ClientSettings} from '../../src/collect/clients.js';
import {collectSnapshot, collectTrailBuckets} from '../../src/collect/collect.js';
import type {CollectEvent} from '../../src/collect/events.js';
import {CredentialsError} from '../../src/errors.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {AccountSnapshot, CollectionErrorRecord, Snapshot} from '../../src/snapshot/types.js';
import {
  DEFAULT_REGIONS,
  duplicateCalls,
  LOG_ARCHIVE_ACCOUNT,
  MANAGEMENT_ACCOUNT,
  neglectedAccount,
  organizationModel,
  SECURITY_ACCOUNT,
  startFakeAws,
  wellConfiguredAccount,
  type FakeAccount,
  type FakeAws,
  type FakeAwsModel,
  type FakeFault,
  type RecordedCall,
} from '../support/fake-aws/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const WELL = '111122223333';
const NEGLECTED = '444455556666';
const WORKLOAD = '444444440000';
const UNASSUMABLE = '444444440001';
const ORG_TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT}:trail/org-trail`;
const ORG_BUCKET = `org-cloudtrail-${LOG_ARCHIVE_ACCOUNT}`;

function buildModel(): FakeAwsModel {
  const org = organizationModel({unassumable: [UNASSUMABLE]});
  const well: FakeAccount = {...wellConfiguredAccount({accountId: WELL, secondTrail: true, optedIn: ['af-south-1']}), standalone: true};
  const neglected: FakeAccount = {...neglectedAccount({accountId: NEGLECTED}), standalone: true};
  // 120 log groups in one region: three pages of DescribeLogGroups.
  neglected.regions.find((r) => r.name === 'eu-west-1')!.logGroups = Array.from({length: 120}, (_, i) => ({
    logGroupName: `/aws/lambda/fn-${String(i).padStart(3, '0')}`,
    creationTime: '2025-01-01T00:00:00.000Z',
    storedBytes: 1024 * i,
  }));
  // 60 more active high-severity findings in the GuardDuty administrator: two pages of ListFindings.
  const securityDetector = org.accounts.find((a) => a.accountId === SECURITY_ACCOUNT)!.regions.find((r) => r.name === 'us-east-1')!.guardDutyDetectors![0];
  securityDetector.findings!.push(
    ...Array.from({length: 60}, (_, i) => ({id: `high-${i}`, severity: 7 + (i % 10) / 10, archived: false, type: 'Trojan:EC2/DNSDataExfiltration'})),
    {id: 'archived', severity: 8, archived: true, type: 'Recon:EC2/Portscan'},
    {id: 'low', severity: 3, archived: false, type: 'Recon:EC2/Portscan'},
  );
  return {accounts: [...org.accounts, well, neglected], organization: org.organization};
}

let aws: FakeAws;

beforeAll(async () => {
  // Small pages where the model has too little data to page by AWS's defaults.
  aws = await startFakeAws(buildModel(), {pageSizes: {'guardduty:ListMembers': 2, 'config:DescribeConfigurationAggregators': 1}});
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.setFaults([]);
  aws.setLatency(0);
  aws.resetCalls();
});

/** Settings for the real client factory against the fake, as one account's auditor (retries kept short). */
function settings(accountId: string, extra: Partial<ClientSettings> = {}): ClientSettings {
  const credentials = aws.credentialsFor(accountId);
  return {endpointUrl: aws.endpoint, credentials: async () => credentials, maxAttempts: 3, requestTimeoutMs: 5000, ...extra};
}

async function collect(accountId: string, extra: Partial<ClientSettings> = {}, options: {regions?: string[]; signal?: AbortSignal; onEvent?: (e: CollectEvent) => void} = {}): Promise<Snapshot> {
  const snapshot = await collectSnapshot({clients: createClientFactory(settings(accountId, extra)), regions: options.regions, signal: options.signal, listener: options.onEvent});
  return validateSnapshot(JSON.parse(JSON.stringify(snapshot)), `snapshot of ${accountId}`);
}

/** Runs `fn` with an account's keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, where the default chain finds them. */
async function withEnvironmentCredentials<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
  const saved = {id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, profile: process.env.AWS_PROFILE};
  const keys = aws.credentialsFor(accountId);
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  delete process.env.AWS_PROFILE;
  try {
    return await fn();
  } finally {
    for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret], ['AWS_PROFILE', saved.profile]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const regionOf = (account: AccountSnapshot, name: string) => account.regions.find((r) => r.name === name)!;
const errorOf = (evidence: unknown): CollectionErrorRecord | undefined => (evidence as {error?: CollectionErrorRecord} | undefined)?.error;

describe('a well-configured account', () => {
  let snapshot: Snapshot;
  let account: AccountSnapshot;
  // What the server saw, kept before the per-test reset.
  let log: RecordedCall[];
  beforeAll(async () => {
    aws.resetCalls();
    snapshot = await collect(WELL);
    account = snapshot.accounts[0];
    log = aws.callLog();
  });

  it('collects a schema-valid snapshot of the account with every piece of evidence', () => {
    expect(snapshot.collection).toMatchObject({tool: 'trailwise', source: 'aws'});
    expect(account).toMatchObject({accountId: WELL, alias: 'example-well-configured', organization: null});
    expect(account.s3PublicAccessBlock).toEqual({BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true});
    expect(account.error).toBeUndefined();
    expect(aws.problems()).toEqual([]);
  });

  it('lists every region with its opt-in status and reads only the enabled ones', () => {
    expect(account.regions).toHaveLength(29);
    expect(regionOf(account, 'me-south-1')).toEqual({name: 'me-south-1', optInStatus: 'not-opted-in'});
    const enabled = account.regions.filter((r) => r.optInStatus !== 'not-opted-in');
    expect(enabled.map((r) => r.name).sort()).toEqual([...DEFAULT_REGIONS, 'af-south-1'].sort());
    for (const region of enabled) {
      expect(region.trailArns).toContain(`arn:aws:cloudtrail:us-east-1:${WELL}:trail/management-events`);
      expect(region.config?.recorders).toEqual([expect.objectContaining({name: 'default', recordingGroup: expect.objectContaining({allSupported: true})})]);
      expect(region.guardDuty?.detectors).toEqual([expect.objectContaining({Status: 'ENABLED', administrator: null, publishingDestinations: [expect.objectContaining({DestinationType: 'S3', Status: 'PUBLISHING'})]})]);
      expect(region.detective?.graphs).toHaveLength(1);
    }
    const called = new Set(log.map((c) => c.region));
    expect(called.has('me-south-1')).toBe(false);
  });

  it('keeps each trail once, with status, selectors and Insights read from its home region', () => {
    expect(account.trails.map((t) => t.arn).sort()).toEqual([
      `arn:aws:cloudtrail:eu-west-1:${WELL}:trail/payments-data-events`,
      `arn:aws:cloudtrail:us-east-1:${WELL}:trail/management-events`,
    ]);
    const main = account.trails.find((t) => t.description.Name === 'management-events')!;
    expect(main.ownerAccountId).toBe(WELL);
    expect(main.status).toMatchObject({IsLogging: true, LatestCloudWatchLogsDeliveryTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)});
    expect(main.eventSelectors).toEqual({EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]});
    expect(main.insightSelectors).toEqual([{InsightType: 'ApiCallRateInsight'}]);
    const data = account.trails.find((t) => t.description.Name === 'payments-data-events')!;
    expect(data.insightSelectors).toEqual([]);
    for (const op of ['cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors']) {
      expect(log.filter((c) => c.operation === op).map((c) => c.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    }
  });

  it('reads each trail bucket once, from its own region, as the account\'s own', () => {
    expect(account.trailBuckets.map((b) => [b.name, b.region, b.ownerAccountId]).sort()).toEqual([
      [`trailwise-${WELL}-cloudtrail`, 'us-east-1', WELL],
      [`trailwise-${WELL}-data-events`, 'eu-west-1', WELL],
    ]);
    const bucket = account.trailBuckets.find((b) => b.region === 'us-east-1')!;
    expect(bucket).toMatchObject({
      objectLock: {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'COMPLIANCE', Days: 365}}},
      versioning: {Status: 'Enabled', MFADelete: 'Disabled'},
      publicAccessBlock: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
      policyStatus: {IsPublic: false},
      acl: {Grants: [{Grantee: {Type: 'CanonicalUser'}, Permission: 'FULL_CONTROL'}]},
      encryption: {Rules: [expect.objectContaining({ApplyServerSideEncryptionByDefault: expect.objectContaining({SSEAlgorithm: 'aws:kms'})})]},
      lifecycle: {Rules: [expect.objectContaining({Status: 'Enabled', Expiration: {Days: 2555}, NoncurrentVersionExpiration: {NoncurrentDays: 30}})]},
      logging: {TargetBucket: `trailwise-${WELL}-cloudtrail-access-logs`},
    });
    expect(JSON.parse(bucket.policy as string).Statement[1].Sid).toBe('AWSCloudTrailWrite');
    const bucketCalls = log.filter((c) => c.operation.startsWith('s3:Get') && c.operation !== 's3:GetBucketLocation');
    expect(bucketCalls.every((c) => (c.params.includes('data-events') ? c.region === 'eu-west-1' : c.region === 'us-east-1'))).toBe(true);
    expect(bucketCalls.every((c) => c.status === 200)).toBe(true);
  });

  it('collects the trail log group\'s metric and subscription filter counts', () => {
    const group = (regionOf(account, 'us-east-1').logGroups as {logGroupName: string; metricFilterCount?: unknown; subscriptionFilterCount?: unknown}[]).find(
      (g) => g.logGroupName === 'aws-cloudtrail-logs-management-events',
    );
    expect(group).toMatchObject({metricFilterCount: 5, subscriptionFilterCount: 0, retentionInDays: 365});
  });

  it('fetches no evidence twice, and its call counts agree with what the server saw', () => {
    expect(duplicateCalls(log)).toEqual([]);
    const seen: Record<string, number> = {};
    for (const c of log) seen[c.operation] = (seen[c.operation] ?? 0) + 1;
    expect(snapshot.collection.calls).toEqual(seen);
    expect(snapshot.collection.retries).toBe(0);
  });
});

describe('a neglected account', () => {
  it('is a valid snapshot of "nothing configured", not a list of errors', async () => {
    const [account] = (await collect(NEGLECTED)).accounts;
    expect(account).toMatchObject({accountId: NEGLECTED, alias: null, organization: null, s3PublicAccessBlock: null, trails: [], trailBuckets: []});
    for (const region of account.regions.filter((r) => r.optInStatus !== 'not-opted-in')) {
      expect(region.trailArns).toEqual([]);
      expect(region.config).toMatchObject({recorders: [], recorderStatuses: [], deliveryChannels: [], deliveryChannelStatuses: [], aggregators: []});
      expect(region.guardDuty).toEqual({detectors: []});
      expect(region.detective).toEqual({graphs: [], memberships: []});
    }
    expect(JSON.stringify(account)).not.toContain('"error"');
  });

  it('reads every page of DescribeLogGroups', async () => {
    const [account] = (await collect(NEGLECTED, {}, {regions: ['eu-west-1']})).accounts;
    const groups = regionOf(account, 'eu-west-1').logGroups as {logGroupName: string; retentionInDays?: number}[];
    expect(groups).toHaveLength(120);
    expect(groups[119]).toMatchObject({logGroupName: '/aws/lambda/fn-119'});
    expect(groups[0].retentionInDays).toBeUndefined();
    expect(aws.callLog().filter((c) => c.operation === 'logs:DescribeLogGroups' && c.region === 'eu-west-1')).toHaveLength(3);
  });
});

describe('failures are recorded on the evidence they were for', () => {
  const withFaults = async (faults: FakeFault[], accountId = WELL, extra: Partial<ClientSettings> = {}) => {
    aws.setFaults(faults);
    return (await collect(accountId, extra)).accounts[0];
  };

  it('AccessDenied on one operation marks that evidence only', async () => {
    const account = await withFaults([
      {operation: 'cloudtrail:GetEventSelectors', kind: 'AccessDenied'},
      {operation: 'guardduty:ListDetectors', kind: 'AccessDenied', region: 'eu-west-3'},
      {operation: 's3:GetBucketPolicy', kind: 'AccessDenied'},
    ]);
    for (const trail of account.trails) {
      expect(errorOf(trail.eventSelectors)).toMatchObject({kind: 'AccessDenied', code: 'AccessDeniedException', operation: 'cloudtrail:GetEventSelectors', httpStatus: 400});
      expect(trail.status).toMatchObject({IsLogging: true});
    }
    expect(errorOf(regionOf(account, 'eu-west-3').guardDuty?.detectors)).toMatchObject({kind: 'AccessDenied', operation: 'guardduty:ListDetectors', httpStatus: 403});
    expect(regionOf(account, 'eu-west-2').guardDuty?.detectors).toHaveLength(1);
    for (const bucket of account.trailBuckets) {
      expect(errorOf(bucket.policy)).toMatchObject({kind: 'AccessDenied', code: 'AccessDenied', operation: 's3:GetBucketPolicy', httpStatus: 403});
      expect(bucket.versioning).toMatchObject({Status: 'Enabled'});
    }
    expect(JSON.stringify(account)).not.toContain(aws.credentialsFor(WELL).secretAccessKey);
  });

  it('a throttled call is retried and succeeds, and the retry is counted', async () => {
    aws.setFaults([
      {operation: 'config:DescribeConfigurationRecorders', kind: 'Throttling', region: 'eu-west-1'},
      {operation: 's3:GetBucketAcl', kind: 'Throttling'},
    ]);
    const snapshot = await collect(WELL);
    const [account] = snapshot.accounts;
    expect(regionOf(account, 'eu-west-1').config?.recorders).toEqual([expect.objectContaining({name: 'default'})]);
    expect(account.trailBuckets.every((b) => !errorOf(b.acl))).toBe(true);
    expect(snapshot.collection.retries).toBe(2);
    expect(aws.calls()['config:DescribeConfigurationRecorders']).toBe(19);
    expect(snapshot.collection.calls?.['config:DescribeConfigurationRecorders']).toBe(18);
  });

  it('throttling that outlasts the retries is Throttled', async () => {
    const account = await withFaults([{operation: 'detective:ListGraphs', kind: 'Throttling', region: 'sa-east-1', times: 10}], WELL, {maxAttempts: 2});
    expect(errorOf(regionOf(account, 'sa-east-1').detective?.graphs)).toMatchObject({kind: 'Throttled', operation: 'detective:ListGraphs', httpStatus: 429});
  });

  it('an HTML error page is InvalidResponse', async () => {
    const account = await withFaults([{operation: 'logs:DescribeLogGroups', kind: 'Html', status: 502, region: 'ca-central-1'}], WELL, {maxAttempts: 2});
    expect(errorOf(regionOf(account, 'ca-central-1').logGroups)).toMatchObject({kind: 'InvalidResponse', operation: 'logs:DescribeLogGroups', httpStatus: 502});
    expect(regionOf(account, 'eu-west-1').logGroups).toHaveLength(1);
  });

  it('an HTML page with HTTP 200 is InvalidResponse on every S3, S3 Control and Query (IAM, EC2) call, never "not configured"', async () => {
    const account = await withFaults(
      [
        {operation: 's3:*', kind: 'Html', status: 200},
        {operation: 's3control:*', kind: 'Html', status: 200},
        {operation: 'iam:ListAccountAliases', kind: 'Html', status: 200},
      ],
      WELL,
      {maxAttempts: 1},
    );
    const invalid = (operation: string) => ({error: expect.objectContaining({kind: 'InvalidResponse', operation, httpStatus: 200})});
    expect(account.trailBuckets.length).toBeGreaterThan(0);
    for (const bucket of account.trailBuckets) {
      expect(bucket).toMatchObject({
        objectLock: invalid('s3:GetObjectLockConfiguration'),
        versioning: invalid('s3:GetBucketVersioning'),
        publicAccessBlock: invalid('s3:GetPublicAccessBlock'),
        policy: invalid('s3:GetBucketPolicy'),
        policyStatus: invalid('s3:GetBucketPolicyStatus'),
        acl: invalid('s3:GetBucketAcl'),
        encryption: invalid('s3:GetBucketEncryption'),
        lifecycle: invalid('s3:GetBucketLifecycleConfiguration'),
        logging: invalid('s3:GetBucketLogging'),
      });
    }
    expect(account.s3PublicAccessBlock).toEqual(invalid('s3control:GetPublicAccessBlock'));
    expect(account.alias).toEqual(invalid('iam:ListAccountAliases'));
  });

  it('an HTML page with HTTP 200 from EC2 DescribeRegions is InvalidResponse, not "no regions"', async () => {
    aws.setFaults([{operation: 'ec2:DescribeRegions', kind: 'Html', status: 200}]);
    const [account] = (await collect(WELL, {maxAttempts: 1})).accounts;
    // Caught where the response is read (with its HTTP status), not later by "no regions" in an empty answer.
    expect(account.error).toMatchObject({kind: 'InvalidResponse', operation: 'ec2:DescribeRegions', httpStatus: 200});
  });

  it('a connection reset is Unreachable (ECONNRESET), not a Timeout, and marks only its service in the region', async () => {
    const account = await withFaults([{operation: 'config:DescribeConfigurationRecorders', kind: 'Reset', region: 'ap-south-1'}], WELL, {maxAttempts: 1});
    const ap = regionOf(account, 'ap-south-1');
    expect(errorOf(ap.config?.recorders)).toMatchObject({kind: 'Unreachable', code: 'ECONNRESET', operation: 'config:DescribeConfigurationRecorders'});
    expect(ap.error).toBeUndefined();
    expect(ap.trailArns).toEqual(expect.any(Array));
    expect(ap.guardDuty?.detectors).toEqual(expect.any(Array));
  });

  it('a call that never answers is a Timeout', async () => {
    const account = await withFaults([{operation: 'config:DescribeDeliveryChannels', kind: 'Timeout', region: 'ap-south-1'}], WELL, {maxAttempts: 1, requestTimeoutMs: 300});
    expect(errorOf(regionOf(account, 'ap-south-1').config?.deliveryChannels)).toMatchObject({kind: 'Timeout', operation: 'config:DescribeDeliveryChannels'});
    // A hanging service marks only itself: the region's other services are read.
    expect(regionOf(account, 'ap-south-1').guardDuty?.detectors).toEqual(expect.any(Array));
    expect(regionOf(account, 'ap-south-1').logGroups).toEqual(expect.any(Array));
  });
});

describe('pagination', () => {
  it('counts every page of ListMembers and ListFindings in the GuardDuty administrator', async () => {
    const [account] = (await collect(SECURITY_ACCOUNT, {}, {regions: ['us-east-1']})).accounts;
    const [detector] = regionOf(account, 'us-east-1').guardDuty!.detectors as {memberCount?: number; highSeverityFindingCount?: number; organizationConfiguration?: unknown}[];
    expect(detector.memberCount).toBe(4);
    expect(detector.highSeverityFindingCount).toBe(61);
    expect(detector.organizationConfiguration).toMatchObject({AutoEnableOrganizationMembers: 'ALL'});
    expect(aws.calls()['guardduty:ListMembers']).toBe(2);
    expect(aws.calls()['guardduty:ListFindings']).toBe(2);
  });
});

describe('an organization', () => {
  it('a member account sees the organization trail, whose status and bucket are unknown there, not errors', async () => {
    const [account] = (await collect(WORKLOAD)).accounts;
    expect(account.organization).toMatchObject({id: 'o-exampleorg1', managementAccountId: MANAGEMENT_ACCOUNT});
    expect(account.trails.map((t) => [t.arn, t.ownerAccountId])).toEqual([[ORG_TRAIL, MANAGEMENT_ACCOUNT]]);
    const [trail] = account.trails;
    for (const evidence of [trail.status, trail.eventSelectors, trail.insightSelectors]) {
      expect(evidence).toEqual({unknown: expect.objectContaining({ownerAccountId: MANAGEMENT_ACCOUNT})});
    }
    const [bucket] = account.trailBuckets;
    expect(bucket.name).toBe(ORG_BUCKET);
    for (const field of ['objectLock', 'versioning', 'publicAccessBlock', 'policy', 'policyStatus', 'acl', 'encryption', 'lifecycle', 'logging'] as const) {
      expect(bucket[field]).toEqual({unknown: expect.objectContaining({ownerAccountId: MANAGEMENT_ACCOUNT})});
    }
    const [detector] = regionOf(account, 'eu-west-1').guardDuty!.detectors as {administrator: unknown; organizationConfiguration?: unknown}[];
    expect(detector.administrator).toMatchObject({AccountId: SECURITY_ACCOUNT, RelationshipStatus: 'Enabled'});
    expect(detector.organizationConfiguration ?? null).toBeNull();
    expect(regionOf(account, 'eu-west-1').detective?.memberships).toEqual([expect.objectContaining({AdministratorId: SECURITY_ACCOUNT, Status: 'ENABLED'})]);
  });

  it('the management account owns the trail; its bucket in the log-archive account is unknown without an owner', async () => {
    const [account] = (await collect(MANAGEMENT_ACCOUNT)).accounts;
    const [trail] = account.trails;
    expect(trail).toMatchObject({arn: ORG_TRAIL, ownerAccountId: MANAGEMENT_ACCOUNT, status: {IsLogging: true}});
    const [bucket] = account.trailBuckets;
    expect(bucket.ownerAccountId).toBeUndefined();
    expect(bucket.versioning).toEqual({unknown: {reason: expect.any(String)}});
  });

  it('the log-archive account reads the trail bucket in full (collectTrailBuckets)', async () => {
    const clients = createClientFactory(settings(LOG_ARCHIVE_ACCOUNT));
    const [bucket] = await collectTrailBuckets(clients, LOG_ARCHIVE_ACCOUNT, [ORG_BUCKET]);
    expect(bucket).toMatchObject({name: ORG_BUCKET, region: 'us-east-1', ownerAccountId: LOG_ARCHIVE_ACCOUNT, versioning: {Status: 'Enabled'}, objectLock: {ObjectLockEnabled: 'Enabled'}});
    expect(JSON.parse(bucket.policy as string).Statement[1].Condition.StringEquals['aws:SourceAccount']).toContain(WORKLOAD);
  });

  it('assumes roleArn with the credentials given (the org audit\'s way), with the external id the role requires', async () => {
    const member = aws.model.accounts.find((a) => a.accountId === WORKLOAD)!;
    member.externalId = 'audit-7f3a';
    try {
      const roleArn = `arn:aws:iam::${WORKLOAD}:role/OrganizationAccountAccessRole`;
      const [account] = (await collect(MANAGEMENT_ACCOUNT, {roleArn, externalId: 'audit-7f3a'}, {regions: ['eu-west-1']})).accounts;
      expect(account.accountId).toBe(WORKLOAD);
      const wrongId = await collectSnapshot({clients: createClientFactory(settings(MANAGEMENT_ACCOUNT, {roleArn, externalId: 'guess'}))}).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(wrongId).toBeInstanceOf(CredentialsError);
    } finally {
      delete member.externalId;
    }
  });

  it('reads a member account through an assumed role (--role-arn, base credentials from the environment)', async () => {
    const [account] = (await withEnvironmentCredentials(MANAGEMENT_ACCOUNT, () => collect(MANAGEMENT_ACCOUNT, {credentials: undefined, roleArn: `arn:aws:iam::${WORKLOAD}:role/OrganizationAccountAccessRole`}, {regions: ['eu-west-1']}))).accounts;
    expect(account.accountId).toBe(WORKLOAD);
    expect(aws.callLog().filter((c) => c.operation === 'sts:AssumeRole').map((c) => c.accountId)).toEqual([MANAGEMENT_ACCOUNT]);
    expect(new Set(aws.callLog().filter((c) => c.operation !== 'sts:AssumeRole').map((c) => c.accountId))).toEqual(new Set([WORKLOAD]));
  });
});

describe('credentials and interruption', () => {
  it('credentials AWS does not know stop the run with a CredentialsError and no secret in the message', async () => {
    const bogus = {accessKeyId: 'AKIA999999999999FAKE', secretAccessKey: 'bogus-secret-value'};
    const error = await collectSnapshot({clients: createClientFactory({endpointUrl: aws.endpoint, credentials: async () => bogus, maxAttempts: 1})}).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as Error).message).not.toContain('bogus-secret-value');
  });

  it('a role that cannot be assumed stops the run with a CredentialsError', async () => {
    const clients = createClientFactory(settings(MANAGEMENT_ACCOUNT, {credentials: undefined, roleArn: `arn:aws:iam::${UNASSUMABLE}:role/OrganizationAccountAccessRole`}));
    const error = await withEnvironmentCredentials(MANAGEMENT_ACCOUNT, () => collectSnapshot({clients})).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(CredentialsError);
  });

  it('an abort mid-run returns a valid snapshot marked interrupted, the rest NotCollected', async () => {
    aws.setLatency(20);
    const controller = new AbortController();
    let calls = 0;
    const snapshot = await collect(WELL, {}, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'call' && ++calls === 40) controller.abort();
      },
    });
    expect(snapshot.collection.interrupted).toBe(true);
    expect(JSON.stringify(snapshot.accounts[0])).toContain('"kind":"NotCollected"');
    expect(aws.callLog().length).toBeLessThan(200);
  });

  it('reports progress events from account-start to account-done', async () => {
    const events: CollectEvent[] = [];
    await collect(NEGLECTED, {}, {regions: ['eu-west-1', 'us-east-1'], onEvent: (e) => events.push(e)});
    // GetCallerIdentity comes first: the account is not known before it answers.
    const types = events.map((e) => e.type).filter((t) => t !== 'call');
    expect(types[0]).toBe('account-start');
    expect(types.at(-1)).toBe('account-done');
    expect(events.find((e) => e.type === 'regions-discovered')).toMatchObject({accountId: NEGLECTED, regions: expect.arrayContaining(['eu-west-1', 'us-east-1'])});
    expect(events.filter((e) => e.type === 'region-done').map((e) => (e as {region: string}).region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(events.filter((e) => e.type === 'call').length).toBe(aws.callLog().length);
  });
});

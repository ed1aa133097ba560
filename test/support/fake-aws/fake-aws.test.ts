// The fake AWS server against the real SDK v3 clients over HTTP: each protocol's success bodies, its error bodies
// (status, error code, modelled exception class), pagination, credentials, and the test controls (faults, latency,
// call counts). If the SDK parses these the way it parses AWS, the collectors' wire tests mean something.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  paginateDescribeConfigurationAggregators,
} from '@aws-sdk/client-config-service';
import {DetectiveClient, ListGraphsCommand, ListInvitationsCommand} from '@aws-sdk/client-detective';
import {DescribeRegionsCommand, EC2Client} from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListPublishingDestinationsCommand,
  paginateListFindings,
  paginateListMembers,
} from '@aws-sdk/client-guardduty';
import {IAMClient, ListAccountAliasesCommand} from '@aws-sdk/client-iam';
import {DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts, ListAccountsCommand} from '@aws-sdk/client-organizations';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient} from '@aws-sdk/client-s3-control';
import {AssumeRoleCommand, GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import type {AwsCredentialIdentity} from '@aws-sdk/types';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import {
  LOG_ARCHIVE_ACCOUNT,
  MANAGEMENT_ACCOUNT,
  neglectedAccount,
  organizationModel,
  SECURITY_ACCOUNT,
  startFakeAws,
  wellConfiguredAccount,
  duplicateCalls,
  startFakeAwsProcess,
  type FakeAccount,
  type FakeAws,
  type FakeAwsModel,
  type RecordedCall,
} from './index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const WELL = '111122223333';
const NEGLECTED = '444455556666';
const WORKLOAD = '444444440000';

function buildModel(): FakeAwsModel {
  const org = organizationModel({now: NOW, unassumable: ['444444440001']});
  const well = {...wellConfiguredAccount({accountId: WELL, now: NOW, secondTrail: true}), standalone: true};
  const neglected = {...neglectedAccount({accountId: NEGLECTED, optedIn: ['af-south-1']}), standalone: true};
  // Enough log groups for three pages of DescribeLogGroups (50 a page).
  neglected.regions.find((r) => r.name === 'eu-west-1')!.logGroups = Array.from({length: 120}, (_, i) => ({
    logGroupName: `/aws/lambda/fn-${String(i).padStart(3, '0')}`,
    creationTime: '2025-01-01T00:00:00.000Z',
    storedBytes: i,
  }));
  // One old eu-west-1 bucket whose location is the legacy "EU", with nothing configured on it.
  neglected.buckets.push({
    name: 'legacy-eu-bucket',
    region: 'eu-west-1',
    locationConstraint: 'EU',
    creationDate: '2012-06-01T10:00:00.000Z',
    objectLock: null,
    versioning: null,
    publicAccessBlock: null,
    policy: null,
    acl: [{grantee: {type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers'}, permission: 'READ'}],
    encryption: null,
    lifecycle: null,
    logging: null,
  });
  return {accounts: [...org.accounts, well, neglected], organization: org.organization};
}

let aws: FakeAws;
let model: FakeAwsModel;

beforeAll(async () => {
  model = buildModel();
  aws = await startFakeAws(model, {pageSizes: {'config:DescribeConfigurationAggregators': 1}});
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.setFaults([]);
  aws.setLatency(0);
  aws.resetCalls();
});

const account = (id: string): FakeAccount => model.accounts.find((a) => a.accountId === id)!;

/** Client settings for an account of the model: long-term keys unless credentials are given, no retries. */
function config(accountId: string, region = 'us-east-1', credentials?: AwsCredentialIdentity) {
  return {endpoint: aws.endpoint, region, credentials: credentials ?? aws.credentialsFor(accountId), maxAttempts: 1};
}

/** S3 Control puts the account id in front of the host; a local endpoint has no such host, so keep the URL as is. */
function s3ControlConfig(accountId: string) {
  return {...config(accountId), endpointProvider: () => ({url: new URL(aws.endpoint)})};
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<Error & {$metadata: {httpStatusCode?: number}; $fault?: string}> {
  try {
    await promise;
  } catch (err) {
    return err as never;
  }
  throw new Error('expected the call to fail');
}

describe('JSON 1.1: CloudTrail', () => {
  it('lists a multi-Region trail as a shadow trail outside its home region, and only with includeShadowTrails', async () => {
    const ct = new CloudTrailClient(config(WELL, 'eu-central-1'));
    const withShadows = await ct.send(new DescribeTrailsCommand({includeShadowTrails: true}));
    expect(withShadows.trailList?.map((t) => [t.Name, t.HomeRegion, t.IsMultiRegionTrail])).toEqual([['management-events', 'us-east-1', true]]);
    expect(withShadows.trailList?.[0]).toMatchObject({
      TrailARN: `arn:aws:cloudtrail:us-east-1:${WELL}:trail/management-events`,
      LogFileValidationEnabled: true,
      IncludeGlobalServiceEvents: true,
      HasInsightSelectors: true,
      HasCustomEventSelectors: false,
    });
    const withoutShadows = await ct.send(new DescribeTrailsCommand({includeShadowTrails: false}));
    expect(withoutShadows.trailList).toEqual([]);
  });

  it('answers GetTrailStatus by ARN from any region the trail records in, with epoch-second times as Dates', async () => {
    const ct = new CloudTrailClient(config(WELL, 'eu-central-1'));
    const status = await ct.send(new GetTrailStatusCommand({Name: `arn:aws:cloudtrail:us-east-1:${WELL}:trail/management-events`}));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestDeliveryTime?.toISOString()).toBe(account(WELL).trails[0].status.latestDeliveryTime);
    expect(status.LatestCloudWatchLogsDeliveryTime?.toISOString()).toBe('2026-11-28T09:56:00.000Z');
  });

  it('refuses a trail name outside its home region (TrailNotFoundException, 400)', async () => {
    const err = await failure(new CloudTrailClient(config(WELL, 'eu-central-1')).send(new GetTrailStatusCommand({Name: 'management-events'})));
    expect(err.name).toBe('TrailNotFoundException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toBe(`Unknown trail: management-events for the user: ${WELL}`);
  });

  it('returns basic and advanced event selectors as stored', async () => {
    const ct = new CloudTrailClient(config(WELL, 'eu-west-1'));
    const basic = await ct.send(new GetEventSelectorsCommand({TrailName: `arn:aws:cloudtrail:us-east-1:${WELL}:trail/management-events`}));
    expect(basic.EventSelectors).toEqual([{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}]);
    account(WELL).trails[1].advancedEventSelectors = [{Name: 'mgmt', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]}];
    try {
      const advanced = await ct.send(new GetEventSelectorsCommand({TrailName: 'payments-data-events'}));
      expect(advanced.AdvancedEventSelectors).toEqual([{Name: 'mgmt', FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]}]);
      expect(advanced.EventSelectors).toBeUndefined();
    } finally {
      delete account(WELL).trails[1].advancedEventSelectors;
    }
  });

  it('answers InsightNotEnabledException for a trail without Insights', async () => {
    const err = await failure(new CloudTrailClient(config(WELL, 'eu-west-1')).send(new GetInsightSelectorsCommand({TrailName: 'payments-data-events'})));
    expect(err.name).toBe('InsightNotEnabledException');
    expect(err.$fault).toBe('client');
    expect(err.message).toMatch(/does not have Insights enabled/);
  });

  it('shows the organization trail to a member account but refuses its status (CloudTrailARNInvalidException)', async () => {
    const ct = new CloudTrailClient(config(WORKLOAD, 'ap-southeast-2'));
    const {trailList} = await ct.send(new DescribeTrailsCommand({}));
    const orgTrailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT}:trail/org-trail`;
    expect(trailList?.map((t) => [t.TrailARN, t.IsOrganizationTrail])).toEqual([[orgTrailArn, true]]);
    const err = await failure(ct.send(new GetTrailStatusCommand({Name: orgTrailArn})));
    expect(err.name).toBe('CloudTrailARNInvalidException');
    expect(err.message).toBe(`AccountID in ARN is wrong, you can only access resources with AccountID ${WORKLOAD}.`);
  });
});

describe('JSON 1.1: CloudWatch Logs, AWS Config, Organizations', () => {
  it('pages DescribeLogGroups by 50 until nextToken runs out', async () => {
    const logs = new CloudWatchLogsClient(config(NEGLECTED, 'eu-west-1'));
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({client: logs}, {})) names.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
    expect(names).toHaveLength(120);
    expect(names[0]).toBe('/aws/lambda/fn-000');
    expect(names[119]).toBe('/aws/lambda/fn-119');
    expect(aws.calls()['logs:DescribeLogGroups']).toBe(3);
  });

  it('serves log group fields with the ARN forms AWS uses, and the filters of one group', async () => {
    const logs = new CloudWatchLogsClient(config(WELL));
    const pages = [];
    for await (const page of paginateDescribeLogGroups({client: logs}, {logGroupNamePrefix: 'aws-cloudtrail'})) pages.push(page);
    expect(pages[0].logGroups?.[0]).toMatchObject({
      logGroupName: 'aws-cloudtrail-logs-management-events',
      arn: `arn:aws:logs:us-east-1:${WELL}:log-group:aws-cloudtrail-logs-management-events:*`,
      logGroupArn: `arn:aws:logs:us-east-1:${WELL}:log-group:aws-cloudtrail-logs-management-events`,
      retentionInDays: 365,
      metricFilterCount: 5,
      creationTime: Date.parse('2024-01-15T09:31:00.000Z'),
    });
    const metric = await logs.send(new DescribeMetricFiltersCommand({logGroupName: 'aws-cloudtrail-logs-management-events'}));
    expect(metric.metricFilters).toHaveLength(5);
    const subscriptions = await logs.send(new DescribeSubscriptionFiltersCommand({logGroupName: 'aws-cloudtrail-logs-management-events'}));
    expect(subscriptions.subscriptionFilters).toEqual([]);
    const err = await failure(logs.send(new DescribeSubscriptionFiltersCommand({logGroupName: 'nope'})));
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('describes recorders, their status, delivery channels and their status', async () => {
    const cfg = new ConfigServiceClient(config(WELL));
    const recorders = await cfg.send(new DescribeConfigurationRecordersCommand({}));
    expect(recorders.ConfigurationRecorders?.[0]).toMatchObject({
      name: 'default',
      recordingGroup: {allSupported: true, includeGlobalResourceTypes: true},
      recordingMode: {recordingFrequency: 'CONTINUOUS'},
    });
    const statuses = await cfg.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(statuses.ConfigurationRecordersStatus?.[0]).toMatchObject({name: 'default', recording: true, lastStatus: 'SUCCESS'});
    expect(statuses.ConfigurationRecordersStatus?.[0].lastStartTime?.toISOString()).toBe('2024-01-15T09:40:00.000Z');
    const channels = await cfg.send(new DescribeDeliveryChannelsCommand({}));
    expect(channels.DeliveryChannels?.[0].s3BucketName).toBe(`config-bucket-${WELL}`);
    const channelStatus = await cfg.send(new DescribeDeliveryChannelStatusCommand({}));
    expect(channelStatus.DeliveryChannelsStatus?.[0].configHistoryDeliveryInfo?.lastStatus).toBe('SUCCESS');
    const none = await new ConfigServiceClient(config(NEGLECTED)).send(new DescribeConfigurationRecordersCommand({}));
    expect(none.ConfigurationRecorders).toEqual([]);
  });

  it('pages configuration aggregators with NextToken', async () => {
    const region = account(SECURITY_ACCOUNT).regions.find((r) => r.name === 'us-east-1')!;
    const original = region.config!.aggregators;
    region.config!.aggregators = [...original, {...original[0], name: 'second'}, {...original[0], name: 'third'}];
    try {
      const cfg = new ConfigServiceClient(config(SECURITY_ACCOUNT));
      const names: string[] = [];
      for await (const page of paginateDescribeConfigurationAggregators({client: cfg}, {})) {
        names.push(...(page.ConfigurationAggregators ?? []).map((a) => a.ConfigurationAggregatorName!));
      }
      expect(names).toEqual(['aws-controltower-GuardrailsComplianceAggregator', 'second', 'third']);
      expect(aws.calls()['config:DescribeConfigurationAggregators']).toBe(3);
      const first = await cfg.send(new DescribeConfigurationAggregatorsCommand({}));
      expect(first.ConfigurationAggregators?.[0].OrganizationAggregationSource).toMatchObject({AllAwsRegions: true});
      const bad = await failure(cfg.send(new DescribeConfigurationAggregatorsCommand({NextToken: 'forged'})));
      expect(bad.name).toBe('InvalidNextTokenException');
    } finally {
      region.config!.aggregators = original;
    }
  });

  it('describes the organization to members and says AWSOrganizationsNotInUseException to a standalone account', async () => {
    const {Organization} = await new OrganizationsClient(config(WORKLOAD)).send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({Id: 'o-exampleorg1', MasterAccountId: MANAGEMENT_ACCOUNT, FeatureSet: 'ALL'});
    const err = await failure(new OrganizationsClient(config(WELL)).send(new DescribeOrganizationCommand({})));
    expect(err.name).toBe('AWSOrganizationsNotInUseException');
    expect(err.message).toBe('Your account is not a member of an organization.');
  });

  it('pages ListAccounts for the management account and denies it to a member', async () => {
    const org = new OrganizationsClient(config(MANAGEMENT_ACCOUNT));
    const ids: string[] = [];
    for await (const page of paginateListAccounts({client: org, pageSize: 2}, {})) ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
    expect(ids).toEqual([MANAGEMENT_ACCOUNT, LOG_ARCHIVE_ACCOUNT, SECURITY_ACCOUNT, '444444440000', '444444440001']);
    expect(aws.calls()['organizations:ListAccounts']).toBe(3);
    const denied = await failure(new OrganizationsClient(config(WORKLOAD)).send(new ListAccountsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
  });
});

describe('REST-JSON: GuardDuty and Detective', () => {
  const detectorOf = (accountId: string, region = 'us-east-1') => account(accountId).regions.find((r) => r.name === region)!.guardDutyDetectors![0];

  it('lists and describes detectors', async () => {
    const gd = new GuardDutyClient(config(WELL));
    const {DetectorIds} = await gd.send(new ListDetectorsCommand({}));
    expect(DetectorIds).toEqual([detectorOf(WELL).detectorId]);
    const detector = await gd.send(new GetDetectorCommand({DetectorId: DetectorIds![0]}));
    expect(detector.Status).toBe('ENABLED');
    expect(detector.Features?.find((f) => f.Name === 'S3_DATA_EVENTS')?.Status).toBe('ENABLED');
    expect(detector.Features?.[0].UpdatedAt?.toISOString()).toBe('2024-06-01T12:00:00.000Z');
    const none = await new GuardDutyClient(config(NEGLECTED)).send(new ListDetectorsCommand({}));
    expect(none.DetectorIds).toEqual([]);
  });

  it('reads the administrator of a member detector, and an empty 200 for a standalone one', async () => {
    const member = await new GuardDutyClient(config(WORKLOAD)).send(new GetAdministratorAccountCommand({DetectorId: detectorOf(WORKLOAD).detectorId}));
    expect(member.Administrator).toMatchObject({AccountId: SECURITY_ACCOUNT, RelationshipStatus: 'Enabled'});
    const standalone = await new GuardDutyClient(config(WELL)).send(new GetAdministratorAccountCommand({DetectorId: detectorOf(WELL).detectorId}));
    expect(standalone.Administrator).toBeUndefined();
    expect(standalone.$metadata.httpStatusCode).toBe(200);
  });

  it('lists publishing destinations', async () => {
    const {Destinations} = await new GuardDutyClient(config(WELL)).send(new ListPublishingDestinationsCommand({DetectorId: detectorOf(WELL).detectorId}));
    expect(Destinations).toEqual([{DestinationId: expect.any(String), DestinationType: 'S3', Status: 'PUBLISHING'}]);
  });

  it('describes the organization configuration in the administrator and answers BadRequestException elsewhere', async () => {
    const admin = await new GuardDutyClient(config(SECURITY_ACCOUNT)).send(new DescribeOrganizationConfigurationCommand({DetectorId: detectorOf(SECURITY_ACCOUNT).detectorId}));
    expect(admin).toMatchObject({AutoEnableOrganizationMembers: 'ALL', AutoEnable: true, MemberAccountLimitReached: false});
    const err = await failure(new GuardDutyClient(config(WORKLOAD)).send(new DescribeOrganizationConfigurationCommand({DetectorId: detectorOf(WORKLOAD).detectorId})));
    // The SDK names the error from x-amzn-ErrorType; the body's finer __type is kept beside it.
    expect(err.name).toBe('BadRequestException');
    expect((err as unknown as {__type: string}).__type).toBe('InvalidInputException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toMatch(/not the GuardDuty administrator/);
  });

  it('pages ListMembers and filters ListFindings by severity and archived state', async () => {
    const gd = new GuardDutyClient(config(SECURITY_ACCOUNT));
    const detectorId = detectorOf(SECURITY_ACCOUNT).detectorId;
    const members: string[] = [];
    for await (const page of paginateListMembers({client: gd, pageSize: 2}, {DetectorId: detectorId})) members.push(...(page.Members ?? []).map((m) => m.AccountId!));
    expect(members).toEqual([MANAGEMENT_ACCOUNT, LOG_ARCHIVE_ACCOUNT, '444444440000', '444444440001']);
    expect(aws.calls()['guardduty:ListMembers']).toBe(2);

    detectorOf(SECURITY_ACCOUNT).findings!.push(
      {id: 'low', severity: 2, archived: false, type: 'Recon:EC2/PortProbeUnprotectedPort'},
      {id: 'archived-high', severity: 8.9, archived: true, type: 'Backdoor:EC2/C&CActivity.B'},
      ...Array.from({length: 60}, (_, i) => ({id: `high-${i}`, severity: 7 + (i % 10) / 10, archived: false, type: 'Trojan:EC2/DNSDataExfiltration'})),
    );
    const ids: string[] = [];
    const criteria = {Criterion: {severity: {Gte: 7}, 'service.archived': {Eq: ['false']}}};
    for await (const page of paginateListFindings({client: gd}, {DetectorId: detectorId, FindingCriteria: criteria})) ids.push(...(page.FindingIds ?? []));
    expect(ids).toHaveLength(61);
    expect(ids).not.toContain('low');
    expect(ids).not.toContain('archived-high');
    expect(aws.calls()['guardduty:ListFindings']).toBe(2);
  });

  it('answers BadRequestException for a detector the account does not own', async () => {
    const err = await failure(new GuardDutyClient(config(WELL)).send(new GetDetectorCommand({DetectorId: detectorOf(WORKLOAD).detectorId})));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toBe('The request is rejected because the input detectorId is not owned by the current account.');
  });

  it('lists Detective graphs with ISO 8601 times, and memberships', async () => {
    const graphs = await new DetectiveClient(config(SECURITY_ACCOUNT)).send(new ListGraphsCommand({}));
    expect(graphs.GraphList?.[0].Arn).toMatch(/^arn:aws:detective:us-east-1:333333333333:graph:[0-9a-f]{32}$/);
    expect(graphs.GraphList?.[0].CreatedTime?.toISOString()).toBe('2024-02-01T10:00:00.000Z');
    const invitations = await new DetectiveClient(config(WORKLOAD, 'eu-west-2')).send(new ListInvitationsCommand({}));
    expect(invitations.Invitations?.[0]).toMatchObject({AdministratorId: SECURITY_ACCOUNT, Status: 'ENABLED'});
    expect(invitations.Invitations?.[0].GraphArn).toMatch(/^arn:aws:detective:eu-west-2:333333333333:graph:/);
  });
});

describe('REST-XML: S3 and S3 Control', () => {
  const trailBucket = `trailwise-${WELL}-cloudtrail`;
  const s3 = (accountId: string, region = 'us-east-1') => new S3Client({...config(accountId, region), forcePathStyle: true});

  it('lists the caller\'s own buckets only', async () => {
    const {Buckets} = await s3(WELL).send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toEqual([trailBucket, `${trailBucket}-access-logs`, `trailwise-${WELL}-data-events`, `trailwise-${WELL}-data-events-access-logs`]);
    expect(Buckets?.[0].CreationDate?.toISOString()).toBe('2024-01-15T09:30:00.000Z');
  });

  it('reads every sub-resource of a configured bucket', async () => {
    const client = s3(WELL);
    expect((await client.send(new GetBucketLocationCommand({Bucket: trailBucket}))).LocationConstraint).toBeUndefined();
    expect(await client.send(new GetObjectLockConfigurationCommand({Bucket: trailBucket}))).toMatchObject({
      ObjectLockConfiguration: {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'COMPLIANCE', Days: 365}}},
    });
    expect(await client.send(new GetBucketVersioningCommand({Bucket: trailBucket}))).toMatchObject({Status: 'Enabled', MFADelete: 'Disabled'});
    expect((await client.send(new GetPublicAccessBlockCommand({Bucket: trailBucket}))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const policy = await client.send(new GetBucketPolicyCommand({Bucket: trailBucket}));
    expect(JSON.parse(policy.Policy!).Statement[0].Sid).toBe('AWSCloudTrailAclCheck');
    expect((await client.send(new GetBucketPolicyStatusCommand({Bucket: trailBucket}))).PolicyStatus).toEqual({IsPublic: false});
    const acl = await client.send(new GetBucketAclCommand({Bucket: trailBucket}));
    expect(acl.Grants).toEqual([{Grantee: {Type: 'CanonicalUser', ID: expect.stringMatching(/^[0-9a-f]{64}$/)}, Permission: 'FULL_CONTROL'}]);
    const encryption = await client.send(new GetBucketEncryptionCommand({Bucket: trailBucket}));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]).toMatchObject({ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}, BucketKeyEnabled: true});
    const lifecycle = await client.send(new GetBucketLifecycleConfigurationCommand({Bucket: trailBucket}));
    expect(lifecycle.Rules).toEqual([
      {
        ID: 'archive-then-expire-trail-logs',
        Filter: {Prefix: 'AWSLogs/'},
        Status: 'Enabled',
        Transitions: [{Days: 90, StorageClass: 'GLACIER_IR'}],
        NoncurrentVersionExpiration: {NoncurrentDays: 30},
        Expiration: {Days: 2555},
      },
    ]);
    expect(lifecycle.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K');
    expect((await client.send(new GetBucketLoggingCommand({Bucket: trailBucket}))).LoggingEnabled).toEqual({
      TargetBucket: `${trailBucket}-access-logs`,
      TargetPrefix: `${trailBucket}/`,
    });
  });

  it('answers "not configured" with S3\'s own 404 error codes', async () => {
    const client = s3(NEGLECTED, 'eu-west-1');
    const bucket = 'legacy-eu-bucket';
    expect((await client.send(new GetBucketLocationCommand({Bucket: bucket}))).LocationConstraint).toBe('EU');
    const cases: [Promise<unknown>, string][] = [
      [client.send(new GetObjectLockConfigurationCommand({Bucket: bucket})), 'ObjectLockConfigurationNotFoundError'],
      [client.send(new GetPublicAccessBlockCommand({Bucket: bucket})), 'NoSuchPublicAccessBlockConfiguration'],
      [client.send(new GetBucketPolicyCommand({Bucket: bucket})), 'NoSuchBucketPolicy'],
      [client.send(new GetBucketPolicyStatusCommand({Bucket: bucket})), 'NoSuchBucketPolicy'],
      [client.send(new GetBucketEncryptionCommand({Bucket: bucket})), 'ServerSideEncryptionConfigurationNotFoundError'],
      [client.send(new GetBucketLifecycleConfigurationCommand({Bucket: bucket})), 'NoSuchLifecycleConfiguration'],
    ];
    for (const [promise, code] of cases) {
      const err = await failure(promise);
      expect([err.name, err.$metadata.httpStatusCode]).toEqual([code, 404]);
    }
    expect(await client.send(new GetBucketVersioningCommand({Bucket: bucket}))).not.toHaveProperty('Status');
    expect((await client.send(new GetBucketLoggingCommand({Bucket: bucket}))).LoggingEnabled).toBeUndefined();
    const acl = await client.send(new GetBucketAclCommand({Bucket: bucket}));
    expect(acl.Grants?.[0].Grantee).toEqual({Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers'});
  });

  it('denies another account\'s bucket (AccessDenied, 403) and redirects a request signed for the wrong region (301)', async () => {
    const orgBucket = `org-cloudtrail-${LOG_ARCHIVE_ACCOUNT}`;
    const denied = await failure(s3(MANAGEMENT_ACCOUNT).send(new GetBucketVersioningCommand({Bucket: orgBucket})));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(denied.message).toMatch(/is not authorized to perform: s3:GetBucketVersioning on resource: "arn:aws:s3:::org-cloudtrail-222222222222"/);
    const lockDenied = await failure(s3(MANAGEMENT_ACCOUNT).send(new GetObjectLockConfigurationCommand({Bucket: orgBucket})));
    expect(lockDenied.message).toMatch(/s3:GetBucketObjectLockConfiguration/);
    const redirected = await failure(s3(WELL, 'us-east-1').send(new GetBucketAclCommand({Bucket: `trailwise-${WELL}-data-events`})));
    expect(redirected.$metadata.httpStatusCode).toBe(301);
    expect(redirected.name).toBe('PermanentRedirect');
    const missing = await failure(s3(WELL).send(new GetBucketAclCommand({Bucket: 'no-such-bucket'})));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
  });

  it('reads the account Block Public Access from S3 Control, and its <ErrorResponse> 404 when there is none', async () => {
    const pab = await new S3ControlClient(s3ControlConfig(WELL)).send(new GetAccountPublicAccessBlockCommand({AccountId: WELL}));
    expect(pab.PublicAccessBlockConfiguration).toEqual({BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true});
    const err = await failure(new S3ControlClient(s3ControlConfig(NEGLECTED)).send(new GetAccountPublicAccessBlockCommand({AccountId: NEGLECTED})));
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['NoSuchPublicAccessBlockConfiguration', 404]);
    expect(err.message).toBe('The public access block configuration was not found');
  });
});

describe('Query: STS, IAM, EC2', () => {
  it('tells the caller who it is', async () => {
    const identity = await new STSClient(config(WELL)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({Account: WELL, Arn: `arn:aws:iam::${WELL}:user/trailwise-auditor`});
  });

  it('issues working temporary credentials on AssumeRole, and denies an unassumable role (AccessDenied, 403)', async () => {
    const sts = new STSClient(config(MANAGEMENT_ACCOUNT));
    const roleArn = `arn:aws:iam::${WORKLOAD}:role/OrganizationAccountAccessRole`;
    const {Credentials} = await sts.send(new AssumeRoleCommand({RoleArn: roleArn, RoleSessionName: 'trailwise'}));
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA444444440000/);
    expect(Credentials?.Expiration).toBeInstanceOf(Date);
    const assumed = {accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken!};
    const identity = await new STSClient(config(WORKLOAD, 'us-east-1', assumed)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({Account: WORKLOAD, Arn: `arn:aws:sts::${WORKLOAD}:assumed-role/OrganizationAccountAccessRole/trailwise`});
    // The session token is part of the credentials: without it the key is not recognised.
    const noToken = await failure(new STSClient(config(WORKLOAD, 'us-east-1', {...assumed, sessionToken: undefined})).send(new GetCallerIdentityCommand({})));
    expect(noToken.name).toBe('InvalidClientTokenId');
    const denied = await failure(sts.send(new AssumeRoleCommand({RoleArn: 'arn:aws:iam::444444440001:role/OrganizationAccountAccessRole', RoleSessionName: 'trailwise'})));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(denied.message).toMatch(/is not authorized to perform: sts:AssumeRole on resource/);
  });

  it('checks signatures and access keys like AWS', async () => {
    const wrongSecret = {...aws.credentialsFor(WELL), secretAccessKey: 'not-the-secret'};
    const bad = await failure(new STSClient(config(WELL, 'us-east-1', wrongSecret)).send(new GetCallerIdentityCommand({})));
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const unknown = {accessKeyId: 'AKIA999999999999FAKE', secretAccessKey: 'x'};
    const sts = await failure(new STSClient(config(WELL, 'us-east-1', unknown)).send(new GetCallerIdentityCommand({})));
    expect([sts.name, sts.$metadata.httpStatusCode]).toEqual(['InvalidClientTokenId', 403]);
    const ct = await failure(new CloudTrailClient(config(WELL, 'us-east-1', unknown)).send(new DescribeTrailsCommand({})));
    expect(ct.name).toBe('UnrecognizedClientException');
    const s3 = await failure(new S3Client({...config(WELL, 'us-east-1', unknown), forcePathStyle: true}).send(new ListBucketsCommand({})));
    expect(s3.name).toBe('InvalidAccessKeyId');
  });

  it('answers expired credentials with ExpiredToken', async () => {
    const expiring = await startFakeAws(buildModel(), {expiredAccessKeys: [`AKIA${WELL}FAKE`]});
    try {
      const err = await failure(new STSClient({...config(WELL), endpoint: expiring.endpoint, credentials: expiring.credentialsFor(WELL)}).send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('ExpiredToken');
    } finally {
      await expiring.stop();
    }
  });

  it('lists the account alias', async () => {
    expect((await new IAMClient(config(WELL)).send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['example-well-configured']);
    expect((await new IAMClient(config(NEGLECTED)).send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });

  it('lists regions with their opt-in status; AllRegions includes the disabled ones', async () => {
    const ec2 = new EC2Client(config(NEGLECTED));
    const all = await ec2.send(new DescribeRegionsCommand({AllRegions: true}));
    expect(all.Regions).toHaveLength(29);
    expect(all.Regions?.find((r) => r.RegionName === 'af-south-1')).toEqual({RegionName: 'af-south-1', Endpoint: 'ec2.af-south-1.amazonaws.com', OptInStatus: 'opted-in'});
    expect(all.Regions?.find((r) => r.RegionName === 'me-south-1')?.OptInStatus).toBe('not-opted-in');
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions).toHaveLength(18);
    const filtered = await ec2.send(new DescribeRegionsCommand({AllRegions: true, Filters: [{Name: 'opt-in-status', Values: ['opted-in']}]}));
    expect(filtered.Regions?.map((r) => r.RegionName)).toEqual(['af-south-1']);
  });

  it('refuses calls in a region the account has not opted in to', async () => {
    const err = await failure(new CloudTrailClient(config(WELL, 'me-south-1')).send(new DescribeTrailsCommand({})));
    expect(err.name).toBe('UnrecognizedClientException');
  });
});

describe('test controls: faults, latency, call counts', () => {
  it('injects AccessDenied in each protocol\'s own form', async () => {
    aws.setFaults([
      {operation: 'cloudtrail:GetEventSelectors', kind: 'AccessDenied'},
      {operation: 'guardduty:ListDetectors', kind: 'AccessDenied', region: 'eu-west-1'},
      {operation: 's3:GetBucketPolicy', kind: 'AccessDenied'},
      {operation: 'ec2:DescribeRegions', kind: 'AccessDenied', accountId: WELL},
    ]);
    const ct = await failure(new CloudTrailClient(config(WELL)).send(new GetEventSelectorsCommand({TrailName: 'management-events'})));
    expect([ct.name, ct.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 400]);
    expect(ct.message).toBe(
      `User: arn:aws:iam::${WELL}:user/trailwise-auditor is not authorized to perform: cloudtrail:GetEventSelectors because no identity-based policy allows the cloudtrail:GetEventSelectors action`,
    );
    const gd = await failure(new GuardDutyClient(config(WELL, 'eu-west-1')).send(new ListDetectorsCommand({})));
    expect([gd.name, gd.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    expect((await new GuardDutyClient(config(WELL, 'eu-west-2')).send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
    const s3 = await failure(new S3Client({...config(WELL), forcePathStyle: true}).send(new GetBucketPolicyCommand({Bucket: `trailwise-${WELL}-cloudtrail`})));
    expect([s3.name, s3.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    const ec2 = await failure(new EC2Client(config(WELL)).send(new DescribeRegionsCommand({})));
    expect([ec2.name, ec2.$metadata.httpStatusCode]).toEqual(['UnauthorizedOperation', 403]);
    expect((await new EC2Client(config(NEGLECTED)).send(new DescribeRegionsCommand({}))).Regions).toHaveLength(18);
  });

  it('throttles once, then answers: the SDK retries and succeeds', async () => {
    aws.setFaults([
      {operation: 'cloudtrail:DescribeTrails', kind: 'Throttling'},
      {operation: 'guardduty:ListDetectors', kind: 'Throttling'},
      {operation: 's3:ListBuckets', kind: 'Throttling'},
    ]);
    const retrying = {maxAttempts: 3};
    expect((await new CloudTrailClient({...config(WELL), ...retrying}).send(new DescribeTrailsCommand({}))).trailList).toHaveLength(1);
    expect((await new GuardDutyClient({...config(WELL), ...retrying}).send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
    const s3 = await new S3Client({...config(WELL), ...retrying, forcePathStyle: true}).send(new ListBucketsCommand({}));
    expect(s3.$metadata.attempts).toBe(2);
    expect(aws.calls()).toMatchObject({'cloudtrail:DescribeTrails': 2, 'guardduty:ListDetectors': 2, 's3:ListBuckets': 2});
  });

  it('answers with an HTML error page the SDK cannot parse', async () => {
    aws.setFaults([{operation: 'config:DescribeConfigurationRecorders', kind: 'Html', status: 502}]);
    const err = await failure(new ConfigServiceClient(config(WELL)).send(new DescribeConfigurationRecordersCommand({})));
    expect(err.$metadata.httpStatusCode).toBe(502);
    expect(aws.calls()['config:DescribeConfigurationRecorders']).toBe(1);
  });

  it('never answers a timed-out call, and the client gives up', async () => {
    aws.setFaults([{operation: 'logs:DescribeLogGroups', kind: 'Timeout'}]);
    // Since @smithy/node-http-handler 4.x a requestTimeout alone only logs a warning; throwOnRequestTimeout aborts.
    const logs = new CloudWatchLogsClient({...config(WELL), requestHandler: new NodeHttpHandler({requestTimeout: 200, throwOnRequestTimeout: true})});
    const started = Date.now();
    const err = await failure(logs.send(new DescribeLogGroupsCommand({})));
    expect(err.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waits the configured latency before each answer and records every call with its parameters', async () => {
    aws.setLatency(60);
    const iam = new IAMClient(config(WELL));
    const started = Date.now();
    await iam.send(new ListAccountAliasesCommand({}));
    await iam.send(new ListAccountAliasesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    const log = aws.callLog();
    expect(log.map((c) => [c.operation, c.accountId, c.region, c.status])).toEqual([
      ['iam:ListAccountAliases', WELL, 'us-east-1', 200],
      ['iam:ListAccountAliases', WELL, 'us-east-1', 200],
    ]);
    expect(log[0].params).toBe(log[1].params);
    expect(log[0].invocationId).not.toBe(log[1].invocationId);
    expect(log[0].finishedAt! - log[0].startedAt).toBeGreaterThanOrEqual(59);
    expect(aws.problems()).toEqual([]);
  });
});

describe('duplicateCalls', () => {
  const call = (operation: string, region: string, params: string, invocationId: string): RecordedCall => ({operation, accountId: WELL, region, params, invocationId, attempt: 1, startedAt: 0});

  it('finds the same question asked twice, not retries, and not the same question in two regions where the answer differs', () => {
    const log = [
      call('guardduty:ListDetectors', 'eu-west-1', '{}', 'a'),
      call('guardduty:ListDetectors', 'eu-west-2', '{}', 'b'),
      call('logs:DescribeLogGroups', 'eu-west-1', '{}', 'c'),
      call('logs:DescribeLogGroups', 'eu-west-1', '{}', 'c'),
      call('cloudtrail:GetTrailStatus', 'us-east-1', '{"Name":"arn"}', 'd'),
      call('cloudtrail:GetTrailStatus', 'eu-west-1', '{"Name":"arn"}', 'e'),
      call('s3:GetBucketAcl', 'us-east-1', '{"path":"/b"}', 'f'),
      call('s3:GetBucketAcl', 'us-east-1', '{"path":"/b"}', 'g'),
      call('s3:GetBucketAcl', 'us-east-1', '{"path":"/c"}', 'h'),
    ];
    expect(duplicateCalls(log).map((d) => [d.operation, d.region, d.count])).toEqual([
      ['cloudtrail:GetTrailStatus', '*', 2],
      ['s3:GetBucketAcl', '*', 2],
    ]);
  });
});

describe('startFakeAwsProcess', () => {
  it('serves the same model from a child process, with the controls over IPC', async () => {
    const remote = await startFakeAwsProcess(buildModel());
    try {
      await remote.setLatency(30);
      const identity = await new STSClient({...config(WELL), endpoint: remote.endpoint, credentials: remote.credentialsFor(WELL)}).send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe(WELL);
      const log = await remote.callLog();
      expect(log.map((c) => [c.operation, c.accountId, c.status])).toEqual([['sts:GetCallerIdentity', WELL, 200]]);
      expect(log[0].finishedAt! - log[0].startedAt).toBeGreaterThanOrEqual(29);
      expect(await remote.problems()).toEqual([]);
    } finally {
      await remote.stop();
    }
  });
});

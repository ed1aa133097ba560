// The service-log collectors (EKS, API Gateway v1/v2, Security Hub, Security Lake, CloudTrail Lake) over HTTP: the
// real SDK clients against the wire-format fake, so that what is sent and read is what AWS sends and reads, every
// page included, and "not enabled" answers are facts rather than errors.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals';
import {createClientFactory} from '../../src/collect/clients.js';
import {collectSnapshot} from '../../src/collect/collect.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {RegionSnapshot, Snapshot} from '../../src/snapshot/types.js';
import {duplicateCalls, neglectedAccount, startFakeAws, wellConfiguredAccount, type FakeAccount, type FakeAws, type FakeFault} from '../support/fake-aws/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const WELL = '111122223333';
const NEGLECTED = '444455556666';
const REGIONS = ['eu-west-1', 'us-east-1'];

let aws: FakeAws;

beforeAll(async () => {
  const well: FakeAccount = wellConfiguredAccount({accountId: WELL});
  const eu = well.regions.find((r) => r.name === 'eu-west-1')!;
  // Three clusters, APIs and stages where one page holds one: every list is read to its end.
  eu.eksClusters!.push(
    {name: 'batch', version: '1.30', createdAt: '2024-06-01T09:00:00.000Z', enabledLogTypes: []},
    {name: 'search', version: '1.31', createdAt: '2024-06-02T09:00:00.000Z', enabledLogTypes: ['audit']},
  );
  eu.restApis!.push({id: 'z9y8x7w6v5', name: 'legacy', createdDate: '2023-01-01T00:00:00.000Z', stages: [{stageName: 'dev', deploymentId: 'dep9', createdDate: '2023-01-01T00:00:00.000Z'}]});
  eu.apisV2!.push({
    apiId: 'ws0001',
    name: 'chat',
    protocolType: 'WEBSOCKET',
    createdDate: '2024-07-01T09:00:00.000Z',
    stages: [
      {stageName: 'prod', createdDate: '2024-07-01T09:00:00.000Z', stageVariables: {apiKey: 'not-for-snapshots'}},
      {stageName: 'beta', createdDate: '2024-07-02T09:00:00.000Z', accessLogDestinationArn: `arn:aws:logs:eu-west-1:${WELL}:log-group:/apigw/chat-beta`},
    ],
  });
  eu.securityHub!.standards.push({standardsPath: 'cis-aws-foundations-benchmark/v/1.4.0', status: 'PENDING'});
  const usEast = well.regions.find((r) => r.name === 'us-east-1')!;
  usEast.securityHub!.administratorAccountId = '333333333333';
  usEast.securityLake!.sources.push({account: '555555555555', sourceNames: ['VPC_FLOW']});
  usEast.eventDataStores!.push({...usEast.eventDataStores![0]!, name: 'aws-managed', id: 'EXAMPLE-no-cmk', kmsKeyId: undefined});
  aws = await startFakeAws(
    {accounts: [{...well, standalone: true}, {...neglectedAccount({accountId: NEGLECTED}), standalone: true}]},
    {
      pageSizes: {
        'eks:ListClusters': 1,
        'apigateway:GetRestApis': 1,
        'apigatewayv2:GetApis': 1,
        'apigatewayv2:GetStages': 1,
        'securityhub:GetEnabledStandards': 1,
        'securitylake:ListLogSources': 1,
        'cloudtrail:ListEventDataStores': 1,
      },
    },
  );
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.setFaults([]);
  aws.resetCalls();
});

async function collect(accountId: string, faults: FakeFault[] = []): Promise<Snapshot> {
  aws.setFaults(faults);
  const credentials = aws.credentialsFor(accountId);
  const clients = createClientFactory({endpointUrl: aws.endpoint, credentials: async () => credentials, maxAttempts: 2, requestTimeoutMs: 5000});
  const snapshot = await collectSnapshot({clients, regions: REGIONS});
  return validateSnapshot(JSON.parse(JSON.stringify(snapshot)), `snapshot of ${accountId}`);
}

const region = (snapshot: Snapshot, name: string): RegionSnapshot => snapshot.accounts[0]!.regions.find((r) => r.name === name)!;

describe('a well-configured account, one item a page', () => {
  let snapshot: Snapshot;
  let log: ReturnType<FakeAws['callLog']>;
  beforeAll(async () => {
    aws.resetCalls();
    snapshot = await collect(WELL);
    log = aws.callLog();
  });

  it('reads every EKS cluster with its control-plane logging, as EKS returns it', () => {
    const clusters = region(snapshot, 'eu-west-1').eks!.clusters as {name: string; cluster: {logging: unknown; arn: string; createdAt: string}}[];
    expect(clusters.map((c) => c.name)).toEqual(['payments', 'batch', 'search']);
    expect(clusters[0]!.cluster).toMatchObject({
      arn: `arn:aws:eks:eu-west-1:${WELL}:cluster/payments`,
      createdAt: '2024-04-01T09:00:00.000Z',
      logging: {clusterLogging: [{types: ['api', 'audit', 'authenticator'], enabled: true}, {types: ['controllerManager', 'scheduler'], enabled: false}]},
    });
    // The certificate and endpoint are not logging configuration: not kept.
    expect(JSON.stringify(clusters)).not.toContain('certificateAuthority');
    expect(region(snapshot, 'us-east-1').eks).toEqual({clusters: []});
  });

  it('reads REST and HTTP/WebSocket stages with their access-log settings, and never their stage variables', () => {
    const apiGateway = region(snapshot, 'eu-west-1').apiGateway!;
    expect(apiGateway.restApis).toEqual([
      {
        id: 'a1b2c3d4e5',
        name: 'orders',
        createdDate: '2024-04-02T09:00:00.000Z',
        stages: [
          expect.objectContaining({stageName: 'prod', accessLogSettings: {format: '$context.requestId $context.status', destinationArn: `arn:aws:logs:eu-west-1:${WELL}:log-group:/apigw/orders`}}),
        ],
      },
      {id: 'z9y8x7w6v5', name: 'legacy', createdDate: '2023-01-01T00:00:00.000Z', stages: [expect.not.objectContaining({accessLogSettings: expect.anything()})]},
    ]);
    const chat = (apiGateway.apisV2 as {Name?: string; ProtocolType?: string; stages: unknown}[]).find((a) => a.Name === 'chat')!;
    expect(chat).toMatchObject({ProtocolType: 'WEBSOCKET', stages: [{StageName: 'prod'}, {StageName: 'beta', AccessLogSettings: {DestinationArn: `arn:aws:logs:eu-west-1:${WELL}:log-group:/apigw/chat-beta`}}]});
    expect((chat.stages as object[])[0]).not.toHaveProperty('AccessLogSettings');
    expect(JSON.stringify(snapshot)).not.toContain('not-for-snapshots');
  });

  it('reads the hub, every standard, the administrator, and "not the administrator" as null', () => {
    expect(region(snapshot, 'eu-west-1').securityHub).toEqual({
      hub: {HubArn: `arn:aws:securityhub:eu-west-1:${WELL}:hub/default`, SubscribedAt: '2024-01-15T10:00:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL'},
      enabledStandards: [
        expect.objectContaining({StandardsArn: 'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0', StandardsStatus: 'READY'}),
        expect.objectContaining({StandardsArn: 'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0', StandardsStatus: 'PENDING'}),
      ],
      administrator: null,
      organizationConfiguration: null,
    });
    expect(region(snapshot, 'us-east-1').securityHub!.administrator).toMatchObject({AccountId: '333333333333', MemberStatus: 'Enabled'});
  });

  it('reads the region\'s data lake and every log source page', () => {
    expect(region(snapshot, 'us-east-1').securityLake).toEqual({
      dataLakes: [expect.objectContaining({dataLakeArn: `arn:aws:securitylake:us-east-1:${WELL}:data-lake/default`, region: 'us-east-1', createStatus: 'COMPLETED'})],
      logSources: [
        {account: WELL, region: 'us-east-1', sources: ['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'ROUTE53', 'SH_FINDINGS'].map((sourceName) => ({awsLogSource: {sourceName, sourceVersion: '2.0'}}))},
        {account: '555555555555', region: 'us-east-1', sources: [{awsLogSource: {sourceName: 'VPC_FLOW', sourceVersion: '2.0'}}]},
      ],
    });
    // No lake in eu-west-1: its log sources are not asked for.
    expect(region(snapshot, 'eu-west-1').securityLake).toEqual({dataLakes: []});
    expect(log.filter((c) => c.operation === 'securitylake:ListLogSources')).toHaveLength(2);
  });

  it('reads each event data store with its KMS key (absent: an AWS-owned key)', () => {
    const stores = region(snapshot, 'us-east-1').cloudTrailLake!.eventDataStores as {Name?: string; details: Record<string, unknown>}[];
    expect(stores.map((s) => s.Name)).toEqual(['investigations', 'aws-managed']);
    expect(stores[0]!.details).toMatchObject({Status: 'ENABLED', KmsKeyId: expect.stringContaining(':key/'), MultiRegionEnabled: true, CreatedTimestamp: '2024-05-01T09:00:00.000Z'});
    expect(stores[1]!.details).not.toHaveProperty('KmsKeyId');
    expect(log.filter((c) => c.operation === 'cloudtrail:GetEventDataStore')).toHaveLength(2);
  });

  it('makes one call per resource, none twice, and counts them as the server did', () => {
    expect(duplicateCalls(log)).toEqual([]);
    const count = (operation: string) => log.filter((c) => c.operation === operation).length;
    expect(count('eks:ListClusters')).toBe(3 + 1); // eu-west-1 in three pages, us-east-1 in one
    expect(count('eks:DescribeCluster')).toBe(3);
    expect(count('apigateway:GetStages')).toBe(2);
    expect(count('apigatewayv2:GetStages')).toBe(1 + 2);
    const seen: Record<string, number> = {};
    for (const c of log) seen[c.operation] = (seen[c.operation] ?? 0) + 1;
    expect(snapshot.collection.calls).toEqual(seen);
  });
});

describe('an account with none of these services', () => {
  it('is a snapshot of facts (no hub, no lake, no clusters, no APIs, no stores), not of errors', async () => {
    const snapshot = await collect(NEGLECTED);
    for (const name of REGIONS) {
      const r = region(snapshot, name);
      expect(r.eks).toEqual({clusters: []});
      expect(r.apiGateway).toEqual({restApis: [], apisV2: []});
      expect(r.securityHub).toEqual({hub: null});
      expect(r.securityLake).toEqual({dataLakes: []});
      expect(r.cloudTrailLake).toEqual({eventDataStores: []});
    }
    expect(JSON.stringify(snapshot.accounts[0])).not.toContain('"error"');
  });
});

describe('failures are recorded on the evidence they were for', () => {
  it('AccessDenied on one API\'s stages marks those stages only; the denial names apigateway:GET', async () => {
    const snapshot = await collect(WELL, [{operation: 'apigatewayv2:GetStages', kind: 'AccessDenied', region: 'eu-west-1'}]);
    const apis = region(snapshot, 'eu-west-1').apiGateway!.apisV2 as {stages: unknown}[];
    for (const api of apis) expect(api.stages).toEqual({error: expect.objectContaining({kind: 'AccessDenied', operation: 'apigatewayv2:GetStages', httpStatus: 403})});
    expect(JSON.stringify(apis)).toContain('apigateway:GET');
    expect(Array.isArray(region(snapshot, 'eu-west-1').apiGateway!.restApis)).toBe(true);
  });

  it('a Security Hub denial is an error, never "not enabled"', async () => {
    const snapshot = await collect(WELL, [{operation: 'securityhub:DescribeHub', kind: 'AccessDenied'}]);
    expect(region(snapshot, 'us-east-1').securityHub).toEqual({hub: {error: expect.objectContaining({kind: 'AccessDenied', operation: 'securityhub:DescribeHub'})}});
  });

  it('throttling that outlasts the retries is an error on that evidence', async () => {
    const snapshot = await collect(WELL, [{operation: 'eks:DescribeCluster', kind: 'Throttling', times: 100}]);
    const clusters = region(snapshot, 'eu-west-1').eks!.clusters as {cluster: unknown}[];
    expect(clusters).toHaveLength(3);
    for (const c of clusters) expect(c.cluster).toEqual({error: expect.objectContaining({kind: 'Throttled', code: 'ThrottlingException'})});
  });
});

// The service-log collectors against aws-sdk-client-mock: EKS, API Gateway v1/v2, Security Hub, Security Lake and
// CloudTrail Lake. GIVEN a world, WHEN collected, THEN each answer becomes the evidence the rules need: a value,
// a "not enabled" fact, a dropped (deleted) resource, or an error on exactly the evidence it was for.
import {beforeEach, describe, expect, it} from '@jest/globals';
import {collectSnapshot} from '../../src/collect/collect.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {AccountSnapshot, RegionSnapshot} from '../../src/snapshot/types.js';
import {ACCOUNT, accessDeniedException, awsError, configuredWorld, emptyWorld, installWorld, securityHubNotEnabled, testFactory, type World} from './mock-aws.js';

let world: World;

beforeEach(() => {
  world = installWorld(configuredWorld());
});

async function collect(): Promise<AccountSnapshot> {
  const {clients} = testFactory();
  const snapshot = await collectSnapshot({clients, regions: ['eu-west-1', 'us-east-1']});
  validateSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected snapshot');
  return snapshot.accounts[0]!;
}

const region = (account: AccountSnapshot, name: string): RegionSnapshot => account.regions.find((r) => r.name === name)!;

describe('EKS', () => {
  it('GIVEN a cluster WHEN collected THEN its logging is kept as DescribeCluster returns it, and its certificate is not', async () => {
    const account = await collect();
    const [payments] = region(account, 'eu-west-1').eks!.clusters as {name: string; cluster: Record<string, unknown>}[];
    expect(payments).toEqual({
      name: 'payments',
      cluster: {
        name: 'payments',
        arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/payments`,
        status: 'ACTIVE',
        version: '1.31',
        createdAt: '2026-11-20T08:30:00.000Z',
        logging: {clusterLogging: [{types: ['api', 'audit', 'authenticator'], enabled: true}, {types: ['controllerManager', 'scheduler'], enabled: false}]},
      },
    });
  });

  it('GIVEN 250 clusters WHEN collected THEN every page is listed and each cluster described once', async () => {
    world.pageSize = 100;
    world.eks['us-east-1'] = Object.fromEntries(Array.from({length: 250}, (_, i) => [`c${i}`, {name: `c${i}`, logging: {clusterLogging: []}}]));
    const account = await collect();
    expect(region(account, 'us-east-1').eks!.clusters).toHaveLength(250);
  });

  it('GIVEN a cluster deleted between list and describe WHEN collected THEN it is dropped, not an error', async () => {
    (world.eks['eu-west-1'] as Record<string, unknown>).gone = awsError('ResourceNotFoundException', 404, 'No cluster found for name: gone.');
    const account = await collect();
    expect((region(account, 'eu-west-1').eks!.clusters as {name: string}[]).map((c) => c.name)).toEqual(['payments']);
  });

  it('GIVEN DescribeCluster denied WHEN collected THEN that cluster carries the error and the list stands', async () => {
    (world.eks['eu-west-1'] as Record<string, unknown>).payments = accessDeniedException('eks:DescribeCluster');
    const account = await collect();
    expect(region(account, 'eu-west-1').eks!.clusters).toEqual([{name: 'payments', cluster: {error: expect.objectContaining({kind: 'AccessDenied', operation: 'eks:DescribeCluster'})}}]);
  });

  it('GIVEN ListClusters denied WHEN collected THEN the region\'s clusters are an error', async () => {
    world.eks['us-east-1'] = accessDeniedException('eks:ListClusters');
    const account = await collect();
    expect(region(account, 'us-east-1').eks).toEqual({clusters: {error: expect.objectContaining({kind: 'AccessDenied', operation: 'eks:ListClusters'})}});
  });
});

describe('API Gateway', () => {
  it('GIVEN REST and HTTP APIs WHEN collected THEN stages keep access-log settings and drop stage variables', async () => {
    const account = await collect();
    const {restApis, apisV2} = region(account, 'eu-west-1').apiGateway!;
    expect(restApis).toEqual([
      {
        id: 'a1b2c3',
        name: 'orders',
        createdDate: '2026-11-20T08:30:00.000Z',
        stages: [
          {
            stageName: 'prod',
            deploymentId: 'd3p',
            accessLogSettings: {destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/apigw/orders`, format: '$context.requestId'},
            methodSettings: {'*/*': {loggingLevel: 'ERROR', metricsEnabled: true}},
            createdDate: '2026-11-20T08:30:00.000Z',
            lastUpdatedDate: '2026-11-20T08:30:00.000Z',
          },
        ],
      },
    ]);
    expect(apisV2).toEqual([
      {
        ApiId: 'h77p',
        Name: 'webhooks',
        ProtocolType: 'HTTP',
        CreatedDate: '2026-11-20T08:30:00.000Z',
        stages: [{StageName: '$default', AccessLogSettings: {DestinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/apigw/webhooks`, Format: '$context.requestId'}, AutoDeploy: true, CreatedDate: '2026-11-20T08:30:00.000Z'}],
      },
    ]);
    expect(JSON.stringify(account)).not.toContain('not-for-snapshots');
  });

  it('GIVEN more APIs and stages than a page WHEN collected THEN the v2 NextToken loop reads them all', async () => {
    world.pageSize = 2;
    world.apisV2['us-east-1'] = Object.fromEntries(
      Array.from({length: 5}, (_, i) => [`api${i}`, {api: {ApiId: `api${i}`, Name: `n${i}`, ProtocolType: 'HTTP'}, stages: Array.from({length: 3}, (__, j) => ({StageName: `s${j}`}))}]),
    );
    world.restApis['us-east-1'] = Object.fromEntries(Array.from({length: 5}, (_, i) => [`r${i}`, {api: {id: `r${i}`}, stages: []}]));
    const account = await collect();
    const {restApis, apisV2} = region(account, 'us-east-1').apiGateway!;
    expect(restApis).toHaveLength(5);
    expect(apisV2).toHaveLength(5);
    for (const api of apisV2 as {stages: unknown[]}[]) expect(api.stages).toHaveLength(3);
  });

  it('GIVEN an API deleted before its stages are read WHEN collected THEN it is dropped; a denial is an error on its stages', async () => {
    (world.restApis['eu-west-1'] as Record<string, unknown>).gone = {api: {id: 'gone', name: 'gone'}, stages: awsError('NotFoundException', 404, 'Invalid API identifier specified')};
    (world.apisV2['eu-west-1'] as Record<string, {stages: unknown}>).h77p!.stages = accessDeniedException('apigateway:GET');
    const account = await collect();
    const {restApis, apisV2} = region(account, 'eu-west-1').apiGateway!;
    expect((restApis as {id: string}[]).map((a) => a.id)).toEqual(['a1b2c3']);
    expect((apisV2 as {stages: unknown}[])[0]!.stages).toEqual({error: expect.objectContaining({kind: 'AccessDenied', operation: 'apigatewayv2:GetStages'})});
  });
});

describe('Security Hub', () => {
  it('GIVEN a hub with a standard WHEN collected THEN hub, standards, no administrator, and "not the administrator" are facts', async () => {
    const account = await collect();
    expect(region(account, 'eu-west-1').securityHub).toEqual({
      hub: {HubArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:hub/default`, SubscribedAt: '2024-01-01T00:00:00.000Z', AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL'},
      enabledStandards: [expect.objectContaining({StandardsStatus: 'READY', StandardsArn: expect.stringContaining('aws-foundational-security-best-practices')})],
      administrator: null,
      organizationConfiguration: null,
    });
  });

  it('GIVEN "not subscribed" WHEN collected THEN the hub is null and nothing else is asked', async () => {
    world.securityHub['eu-west-1'] = securityHubNotEnabled();
    const account = await collect();
    expect(region(account, 'eu-west-1').securityHub).toEqual({hub: null});
  });

  it('GIVEN an InvalidAccessException that is not "not subscribed" WHEN collected THEN it is an error, never "not enabled"', async () => {
    world.securityHub['eu-west-1']!.hub = awsError('InvalidAccessException', 401, 'The account does not have permission to perform this action.');
    const account = await collect();
    expect(region(account, 'eu-west-1').securityHub).toEqual({hub: {error: expect.objectContaining({code: 'InvalidAccessException', operation: 'securityhub:DescribeHub'})}});
  });

  it('GIVEN the delegated administrator with central configuration WHEN collected THEN the organization configuration is kept', async () => {
    world.securityHub['us-east-1']!.organizationConfiguration = {
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      OrganizationConfiguration: {ConfigurationType: 'CENTRAL', Status: 'ENABLED'},
    };
    world.securityHub['eu-west-1']!.administrator = {Administrator: {AccountId: '333333333333', MemberStatus: 'Enabled', InvitationId: 'x'}};
    const account = await collect();
    expect(region(account, 'us-east-1').securityHub!.organizationConfiguration).toMatchObject({OrganizationConfiguration: {ConfigurationType: 'CENTRAL', Status: 'ENABLED'}});
    expect(region(account, 'eu-west-1').securityHub!.administrator).toEqual({AccountId: '333333333333', MemberStatus: 'Enabled'});
  });
});

describe('Security Lake', () => {
  it('GIVEN a data lake WHEN collected THEN its log sources for the region are read; without one they are not asked', async () => {
    const account = await collect();
    expect(region(account, 'us-east-1').securityLake).toEqual({
      dataLakes: [expect.objectContaining({region: 'us-east-1', createStatus: 'COMPLETED'})],
      logSources: [{account: ACCOUNT, region: 'us-east-1', sources: [{awsLogSource: {sourceName: 'CLOUD_TRAIL_MGMT', sourceVersion: '2.0'}}, {awsLogSource: {sourceName: 'VPC_FLOW', sourceVersion: '2.0'}}]}],
    });
    expect(region(account, 'eu-west-1').securityLake).toEqual({dataLakes: []});
  });

  it('GIVEN ResourceNotFoundException (never enabled) WHEN collected THEN there is no data lake, not an error', async () => {
    world.securityLake['us-east-1']!.dataLakes = awsError('ResourceNotFoundException', 404, 'Security Lake is not enabled');
    const account = await collect();
    expect(region(account, 'us-east-1').securityLake).toEqual({dataLakes: []});
  });

  it('GIVEN ListLogSources denied WHEN collected THEN the sources are an error and the lake stands', async () => {
    world.securityLake['us-east-1']!.logSources = accessDeniedException('securitylake:ListLogSources');
    const account = await collect();
    expect(region(account, 'us-east-1').securityLake!.logSources).toEqual({error: expect.objectContaining({kind: 'AccessDenied'})});
  });
});

describe('CloudTrail Lake', () => {
  it('GIVEN an event data store WHEN collected THEN GetEventDataStore supplies its KMS key and selectors', async () => {
    const account = await collect();
    const [store] = region(account, 'us-east-1').cloudTrailLake!.eventDataStores as {EventDataStoreArn: string; details: Record<string, unknown>}[];
    expect(store!.details).toMatchObject({Status: 'ENABLED', KmsKeyId: expect.stringContaining(':key/'), BillingMode: 'EXTENDABLE_RETENTION_PRICING', CreatedTimestamp: '2026-11-20T08:30:00.000Z'});
    expect(store!.EventDataStoreArn).toBe(store!.details.EventDataStoreArn);
  });

  it('GIVEN a store deleted between list and read, and one denied WHEN collected THEN the first is dropped, the second carries the error', async () => {
    const stores = world.eventDataStores['us-east-1'] as Record<string, unknown>;
    stores['arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/gone'] = awsError('EventDataStoreNotFoundException', 400, 'not found');
    stores['arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/denied'] = accessDeniedException('cloudtrail:GetEventDataStore');
    const account = await collect();
    const listed = region(account, 'us-east-1').cloudTrailLake!.eventDataStores as {EventDataStoreArn: string; details: unknown}[];
    expect(listed.map((s) => s.EventDataStoreArn.split('/').pop())).toEqual(['EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', 'denied']);
    expect(listed[1]!.details).toEqual({error: expect.objectContaining({kind: 'AccessDenied', operation: 'cloudtrail:GetEventDataStore'})});
  });
});

describe('an account with none of these', () => {
  it('GIVEN nothing set up WHEN collected THEN every service group is a fact, with no error anywhere', async () => {
    installWorld(emptyWorld());
    const account = await collect();
    for (const name of ['eu-west-1', 'us-east-1']) {
      const r = region(account, name);
      expect({eks: r.eks, apiGateway: r.apiGateway, securityHub: r.securityHub, securityLake: r.securityLake, cloudTrailLake: r.cloudTrailLake}).toEqual({
        eks: {clusters: []},
        apiGateway: {restApis: [], apisV2: []},
        securityHub: {hub: null},
        securityLake: {dataLakes: []},
        cloudTrailLake: {eventDataStores: []},
      });
    }
  });
});

/**
 * Amazon API Gateway: the REST APIs (v1) and the HTTP and WebSocket APIs (v2) of a region, each with its stages'
 * access-log settings. One `GetStages` per API: stages come back with their settings, so there is no per-stage call.
 */
import {APIGatewayClient, GetStagesCommand as GetRestStagesCommand, paginateGetRestApis} from '@aws-sdk/client-api-gateway';
import {ApiGatewayV2Client, GetApisCommand, GetStagesCommand} from '@aws-sdk/client-apigatewayv2';
import type {ApiGatewayEvidence, ApiV2, ApiV2Stage, Evidence, RestApi, RestApiStage} from '../snapshot/types.js';
import {pick, readEach, type AccountContext, type Calls, type SendOptions} from './context.js';

/** Stage fields kept. Stage variables are left out on purpose: they often carry secrets. */
const REST_STAGE_FIELDS = ['stageName', 'deploymentId', 'accessLogSettings', 'methodSettings', 'tracingEnabled', 'webAclArn', 'createdDate', 'lastUpdatedDate'] as const;
const V2_STAGE_FIELDS = ['StageName', 'AccessLogSettings', 'DefaultRouteSettings', 'ApiGatewayManaged', 'AutoDeploy', 'DeploymentId', 'CreatedDate', 'LastUpdatedDate'] as const;

/** Largest page API Gateway serves (`limit` for v1, `MaxResults` — a string — for v2). */
const PAGE_SIZE = 500;

/**
 * The pages of an API Gateway v2 list call, which the SDK has no paginator for: `NextToken` in, `NextToken` out. Each
 * page is one request through `send`, so it takes a slot among the calls in flight.
 */
async function allV2Pages<P extends {NextToken?: string | undefined}, T>(send: Calls['send'], request: (NextToken: string | undefined) => (o: SendOptions) => Promise<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await send(request(token));
    all.push(...(items(page) ?? []));
    token = page.NextToken || undefined;
    // A token served twice would loop for ever: stop, as the SDK's own paginators do.
    if (token !== undefined && seen.has(token)) break;
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return all;
}

async function restApis(c: AccountContext, region: string): Promise<Evidence<RestApi[]>> {
  const client = c.clients.get(APIGatewayClient, region);
  const apis = await c.evidence(region, 'apigateway:GetRestApis', async ({allPages}) => {
    const items = await allPages(paginateGetRestApis({client, pageSize: PAGE_SIZE}, {}, c.sendOptions), (p) => p.items);
    return items.filter((api) => api.id).map((api) => pick(api, ['id', 'name', 'createdDate']) as Omit<RestApi, 'stages'>);
  });
  if (!Array.isArray(apis)) return apis;
  // An API deleted between the list and this call (NotFoundException) is dropped.
  const withStages = await readEach(c, region, 'apigateway:GetStages', apis, async (api, {send}) => {
    const out = await send((o) => client.send(new GetRestStagesCommand({restApiId: api.id}), o));
    return (out.item ?? []).map((stage) => pick(stage, REST_STAGE_FIELDS) as RestApiStage);
  });
  return withStages.map(({item, evidence: stages}): RestApi => ({...item, stages}));
}

async function apisV2(c: AccountContext, region: string): Promise<Evidence<ApiV2[]>> {
  const client = c.clients.get(ApiGatewayV2Client, region);
  const MaxResults = String(PAGE_SIZE);
  const apis = await c.evidence(region, 'apigatewayv2:GetApis', async ({send}) => {
    const items = await allV2Pages(send, (NextToken) => (o) => client.send(new GetApisCommand({MaxResults, NextToken}), o), (p) => p.Items);
    return items.filter((api) => api.ApiId).map((api) => pick(api, ['ApiId', 'Name', 'ProtocolType', 'CreatedDate']) as Omit<ApiV2, 'stages'>);
  });
  if (!Array.isArray(apis)) return apis;
  const withStages = await readEach(c, region, 'apigatewayv2:GetStages', apis, async (api, {send}) => {
    const items = await allV2Pages(send, (NextToken) => (o) => client.send(new GetStagesCommand({ApiId: api.ApiId, MaxResults, NextToken}), o), (p) => p.Items);
    return items.map((stage) => pick(stage, V2_STAGE_FIELDS) as ApiV2Stage);
  });
  return withStages.map(({item, evidence: stages}): ApiV2 => ({...item, stages}));
}

/** The API Gateway evidence of one region: REST APIs and HTTP/WebSocket APIs side by side. */
export async function collectApiGateway(c: AccountContext, region: string): Promise<ApiGatewayEvidence> {
  c.serviceStart(region, 'apigateway');
  const [rest, v2] = await Promise.all([restApis(c, region), apisV2(c, region)]);
  return {restApis: rest, apisV2: v2};
}

/**
 * Amazon API Gateway facts (fed by src/collect/apigateway.ts): one subject per stage, REST (v1) and HTTP/WebSocket
 * (v2) alike, with where its access logs go.
 */
import {isMissing} from '../evidence.js';
import type {Subject} from '../normalize.js';
import type {Missing, RegionSnapshot} from '../types.js';
import {notCollectedMarker, partitionOfRegion} from './common.js';

export interface ApiStageFacts {
  apiId: string;
  apiName: string | null;
  /** `REST` (v1), `HTTP` or `WEBSOCKET` (v2). */
  apiType: string;
  stageName: string;
  /** The access-log destination ARN; null: no access logging. */
  accessLogDestination: string | null | Missing;
  /** Stages API Gateway manages for a quick-create HTTP API (`$default`): still logged only if configured. */
  apiGatewayManaged: boolean;
}

type StageSubject = Subject<ApiStageFacts>;

/** A subject that stands for stages that could not be read (an API's, or every API's of the region). */
function unreadStages(accountId: string, region: string, resource: string, apiId: string, apiType: string, marker: Missing, apiName: string | null = null): StageSubject {
  return {
    accountId,
    region,
    resource,
    resourceType: 'AWS::ApiGateway::Stage',
    facts: {apiId, apiName, apiType, stageName: '(not read)', accessLogDestination: marker, apiGatewayManaged: false},
  };
}

/** The API Gateway stage subjects of one region. */
export function apiStageSubjects(accountId: string, region: RegionSnapshot): StageSubject[] {
  const group = region.apiGateway;
  if (group && 'unavailable' in group) return [];
  const r = region.name;
  const regionMarker = region.error ? {error: region.error} : undefined;
  const restApis = regionMarker ?? group?.restApis ?? notCollectedMarker('API Gateway REST APIs');
  const apisV2 = regionMarker ?? group?.apisV2 ?? notCollectedMarker('API Gateway HTTP and WebSocket APIs');
  const out: StageSubject[] = [];
  const partition = partitionOfRegion(r);
  const restArn = (path: string) => `arn:${partition}:apigateway:${r}::/restapis/${path}`;
  const v2Arn = (path: string) => `arn:${partition}:apigateway:${r}::/apis/${path}`;

  if (isMissing(restApis)) out.push(unreadStages(accountId, r, restArn('*'), '(not listed)', 'REST', restApis));
  else {
    for (const api of restApis) {
      if (isMissing(api.stages)) {
        out.push(unreadStages(accountId, r, restArn(`${api.id}/stages/*`), api.id, 'REST', api.stages, api.name ?? null));
        continue;
      }
      for (const stage of api.stages) {
        const stageName = stage.stageName ?? '';
        out.push({
          accountId,
          region: r,
          resource: restArn(`${api.id}/stages/${stageName}`),
          resourceType: 'AWS::ApiGateway::Stage',
          facts: {apiId: api.id, apiName: api.name ?? null, apiType: 'REST', stageName, accessLogDestination: stage.accessLogSettings?.destinationArn || null, apiGatewayManaged: false},
        });
      }
    }
  }
  if (isMissing(apisV2)) out.push(unreadStages(accountId, r, v2Arn('*'), '(not listed)', 'HTTP', apisV2));
  else {
    for (const api of apisV2) {
      const apiType = api.ProtocolType ?? 'HTTP';
      if (isMissing(api.stages)) {
        out.push(unreadStages(accountId, r, v2Arn(`${api.ApiId}/stages/*`), api.ApiId, apiType, api.stages, api.Name ?? null));
        continue;
      }
      for (const stage of api.stages) {
        const stageName = stage.StageName ?? '';
        out.push({
          accountId,
          region: r,
          resource: v2Arn(`${api.ApiId}/stages/${stageName}`),
          resourceType: 'AWS::ApiGatewayV2::Stage',
          facts: {
            apiId: api.ApiId,
            apiName: api.Name ?? null,
            apiType,
            stageName,
            accessLogDestination: stage.AccessLogSettings?.DestinationArn || null,
            apiGatewayManaged: stage.ApiGatewayManaged === true,
          },
        });
      }
    }
  }
  return out;
}

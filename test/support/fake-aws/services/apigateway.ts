/**
 * Amazon API Gateway, both APIs behind one signing name (`apigateway`), REST-JSON:
 * - v1 (REST APIs): `GET /restapis` (`limit`/`position`, list under `item`, epoch-second dates) and
 *   `GET /restapis/{id}/stages` (`item`, no pagination);
 * - v2 (HTTP/WebSocket APIs): `GET /v2/apis` and `GET /v2/apis/{id}/stages` (`maxResults` — a string — /`nextToken`,
 *   list under `items`, camelCase names, ISO 8601 dates).
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import {paginate} from '../paging.js';
import {AwsError, compact, epochSeconds, restJsonReply, unknownOperation, type FakeResponse} from '../wire.js';

const notFound = (what: string) => new AwsError(404, 'NotFoundException', `Invalid ${what} identifier specified`);
const badRequest = (message: string) => new AwsError(400, 'BadRequestException', message);

/** Routes an API Gateway request (v1 or v2). */
export function routeApiGateway(req: FakeRequest): Route {
  const v2 = req.path.startsWith('/v2/');
  const route = (operation: string, run: () => FakeResponse): Route => ({
    operation: `${v2 ? 'apigatewayv2' : 'apigateway'}:${operation}`,
    params: canonicalJson({path: req.path, query: Object.fromEntries(req.query)}),
    run,
  });
  const region = () => regionOf(req);
  const segments = req.path.split('/').filter(Boolean);
  if (req.method !== 'GET') throw unknownOperation(req.service, `${req.method} ${req.path}`);

  if (!v2 && segments[0] === 'restapis' && segments.length === 1) {
    return route('GetRestApis', () => {
      const limit = req.query.get('limit');
      const {items, nextToken} = paginate(region().restApis ?? [], {
        scope: `GetRestApis/${req.region}`,
        token: req.query.get('position'),
        maxResults: limit === null ? undefined : Number(limit),
        defaultSize: 25,
        maxSize: 500,
        forcedSize: req.forcedPageSize('apigateway:GetRestApis'),
        invalid: badRequest,
      });
      const item = items.map((api) => ({
        id: api.id,
        name: api.name,
        createdDate: epochSeconds(api.createdDate),
        apiKeySource: 'HEADER',
        endpointConfiguration: {types: ['REGIONAL']},
        disableExecuteApiEndpoint: false,
        rootResourceId: `${api.id}root`,
      }));
      return restJsonReply(compact({item, position: nextToken}));
    });
  }
  if (!v2 && segments[0] === 'restapis' && segments[2] === 'stages' && segments.length === 3) {
    return route('GetStages', () => {
      const api = (region().restApis ?? []).find((a) => a.id === segments[1]);
      if (!api) throw notFound('API');
      const item = api.stages.map((s) =>
        compact({
          deploymentId: s.deploymentId,
          stageName: s.stageName,
          cacheClusterEnabled: false,
          cacheClusterStatus: 'NOT_AVAILABLE',
          methodSettings: {},
          variables: s.variables,
          accessLogSettings: s.accessLogDestinationArn ? {format: '$context.requestId $context.status', destinationArn: s.accessLogDestinationArn} : undefined,
          tracingEnabled: false,
          createdDate: epochSeconds(s.createdDate),
          lastUpdatedDate: epochSeconds(s.createdDate),
        }),
      );
      return restJsonReply({item});
    });
  }
  const v2Page = <T>(operation: string, items: T[]) => {
    const maxResults = req.query.get('maxResults');
    return paginate(items, {
      scope: `${operation}/${req.region}/${req.path}`,
      token: req.query.get('nextToken'),
      maxResults: maxResults === null ? undefined : Number(maxResults),
      defaultSize: 25,
      maxSize: 500,
      forcedSize: req.forcedPageSize(`apigatewayv2:${operation}`),
      invalid: badRequest,
    });
  };
  if (v2 && segments[1] === 'apis' && segments.length === 2) {
    return route('GetApis', () => {
      const {items, nextToken} = v2Page('GetApis', region().apisV2 ?? []);
      return restJsonReply(
        compact({
          items: items.map((api) => ({
            apiEndpoint: `https://${api.apiId}.execute-api.${req.region}.amazonaws.com`,
            apiId: api.apiId,
            name: api.name,
            protocolType: api.protocolType,
            routeSelectionExpression: api.protocolType === 'HTTP' ? '$request.method $request.path' : '$request.body.action',
            createdDate: api.createdDate,
            disableExecuteApiEndpoint: false,
            tags: {},
          })),
          nextToken,
        }),
      );
    });
  }
  if (v2 && segments[1] === 'apis' && segments[3] === 'stages' && segments.length === 4) {
    return route('GetStages', () => {
      const api = (region().apisV2 ?? []).find((a) => a.apiId === segments[2]);
      if (!api) throw notFound('API');
      const {items, nextToken} = v2Page('GetStages', api.stages);
      return restJsonReply(
        compact({
          items: items.map((s) =>
            compact({
              stageName: s.stageName,
              accessLogSettings: s.accessLogDestinationArn ? {destinationArn: s.accessLogDestinationArn, format: '$context.requestId'} : undefined,
              apiGatewayManaged: s.apiGatewayManaged,
              autoDeploy: true,
              createdDate: s.createdDate,
              lastUpdatedDate: s.createdDate,
              defaultRouteSettings: {detailedMetricsEnabled: false},
              routeSettings: {},
              stageVariables: s.stageVariables,
              tags: {},
            }),
          ),
          nextToken,
        }),
      );
    });
  }
  throw unknownOperation(req.service, `${req.method} ${req.path}`);
}

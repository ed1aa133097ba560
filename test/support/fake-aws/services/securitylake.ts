/**
 * Amazon Security Lake (REST-JSON, camelCase JSON names): `GET /v1/datalakes?regions=…` (ListDataLakes; an empty
 * list where Security Lake is not enabled) and `POST /v1/datalake/logsources/list` (ListLogSources).
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import {paginate} from '../paging.js';
import {AwsError, compact, restJsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam} from './json-rpc.js';

/** Routes a Security Lake request. */
export function routeSecurityLake(req: FakeRequest): Route {
  const body = req.method === 'POST' ? parseJsonBody(req) : {};
  const accountId = req.caller.account.accountId;
  const route = (operation: string, run: () => FakeResponse): Route => ({
    operation: `securitylake:${operation}`,
    params: canonicalJson({path: req.path, query: req.query.getAll('regions'), body}),
    run,
  });
  const lakeOf = (name: string) => req.caller.account.regions.find((r) => r.name === name)?.securityLake;
  switch (`${req.method} ${req.path}`) {
    case 'GET /v1/datalakes':
      return route('ListDataLakes', () => {
        const asked = req.query.getAll('regions');
        const regions = asked.length ? asked : req.caller.account.regions.map((r) => r.name);
        const dataLakes = regions.flatMap((name) => {
          const lake = lakeOf(name);
          return lake
            ? [
                {
                  dataLakeArn: `arn:aws:securitylake:${name}:${accountId}:data-lake/default`,
                  region: name,
                  s3BucketArn: `arn:aws:s3:::aws-security-data-lake-${name}-${accountId}`,
                  createStatus: lake.createStatus,
                  encryptionConfiguration: {kmsKeyId: 'S3_MANAGED_KEY'},
                  lifecycleConfiguration: {expiration: {days: 365}, transitions: []},
                  replicationConfiguration: {regions: []},
                },
              ]
            : [];
        });
        return restJsonReply({dataLakes});
      });
    case 'POST /v1/datalake/logsources/list':
      return route('ListLogSources', () => {
        const regions = Array.isArray(body.regions) ? (body.regions as string[]) : [req.region];
        const accounts = Array.isArray(body.accounts) ? (body.accounts as string[]) : undefined;
        const all = regions.flatMap((name) =>
          (lakeOf(name)?.sources ?? [])
            .filter((s) => !accounts || accounts.includes(s.account))
            .map((s) => ({account: s.account, region: name, sources: s.sourceNames.map((sourceName) => ({awsLogSource: {sourceName, sourceVersion: '2.0'}}))})),
        );
        if (!regionOf(req).securityLake) throw new AwsError(404, 'ResourceNotFoundException', 'The data lake is not enabled in this Region.');
        const {items, nextToken} = paginate(all, {
          scope: `ListLogSources/${req.region}`,
          token: stringParam(body.nextToken),
          maxResults: numberParam(body.maxResults),
          defaultSize: 100,
          maxSize: 100,
          forcedSize: req.forcedPageSize('securitylake:ListLogSources'),
          invalid: (message) => new AwsError(400, 'BadRequestException', message),
        });
        return restJsonReply(compact({sources: items, nextToken}));
      });
    default:
      throw unknownOperation(req.service, `${req.method} ${req.path}`);
  }
}

/** Amazon EKS (REST-JSON, camelCase JSON names, epoch-second times): ListClusters and DescribeCluster. */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeEksCluster} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, epochSeconds, restJsonReply, unknownOperation, type FakeResponse} from '../wire.js';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** DescribeCluster's `cluster`: enabled and disabled log types in two groups, as EKS returns them. */
function describeCluster(req: FakeRequest, cluster: FakeEksCluster): Record<string, unknown> {
  const enabled = LOG_TYPES.filter((t) => cluster.enabledLogTypes.includes(t));
  const disabled = LOG_TYPES.filter((t) => !cluster.enabledLogTypes.includes(t));
  return {
    name: cluster.name,
    arn: `arn:aws:eks:${req.region}:${req.caller.account.accountId}:cluster/${cluster.name}`,
    createdAt: epochSeconds(cluster.createdAt),
    version: cluster.version,
    endpoint: `https://${cluster.name.toUpperCase()}.gr7.${req.region}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::${req.caller.account.accountId}:role/eks-cluster`,
    resourcesVpcConfig: {subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: [], endpointPublicAccess: true, endpointPrivateAccess: false},
    logging: {clusterLogging: [...(enabled.length ? [{types: enabled, enabled: true}] : []), ...(disabled.length ? [{types: disabled, enabled: false}] : [])]},
    status: cluster.status ?? 'ACTIVE',
    certificateAuthority: {data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'},
    platformVersion: 'eks.5',
    tags: {},
  };
}

/** Routes an EKS request. */
export function routeEks(req: FakeRequest): Route {
  const route = (operation: string, run: () => FakeResponse): Route => ({
    operation: `eks:${operation}`,
    params: canonicalJson({path: req.path, query: Object.fromEntries(req.query)}),
    run,
  });
  const clusters = () => regionOf(req).eksClusters ?? [];
  const match = /^\/clusters(?:\/([^/]+))?$/.exec(req.path);
  if (req.method === 'GET' && match && !match[1]) {
    return route('ListClusters', () => {
      const maxResults = req.query.get('maxResults');
      const {items, nextToken} = paginate(clusters(), {
        scope: `ListClusters/${req.region}`,
        token: req.query.get('nextToken'),
        maxResults: maxResults === null ? undefined : Number(maxResults),
        defaultSize: 100,
        maxSize: 100,
        forcedSize: req.forcedPageSize('eks:ListClusters'),
        invalid: (message) => new AwsError(400, 'InvalidParameterException', message),
      });
      return restJsonReply({clusters: items.map((c) => c.name), ...(nextToken ? {nextToken} : {})});
    });
  }
  if (req.method === 'GET' && match?.[1]) {
    const name = match[1];
    return route('DescribeCluster', () => {
      const found = clusters().find((c) => c.name === name);
      if (!found) throw new AwsError(404, 'ResourceNotFoundException', `No cluster found for name: ${name}.`);
      return restJsonReply({cluster: describeCluster(req, found)});
    });
  }
  throw unknownOperation(req.service, `${req.method} ${req.path}`);
}

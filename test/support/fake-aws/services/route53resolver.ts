/**
 * Route 53 Resolver (JSON 1.1, target prefix `Route53Resolver`): ListResolverQueryLogConfigs and
 * ListResolverQueryLogConfigAssociations, paged by `MaxResults` (1–100) and `NextToken`.
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import {paginate} from '../paging.js';
import {AwsError, compact, jsonReply, unknownOperation} from '../wire.js';
import {numberParam, parseJsonBody, stringParam, targetOperation} from './json-rpc.js';

const CREATED = '2025-03-01T12:00:00.000Z';

/** Routes a Route 53 Resolver request. */
export function routeRoute53Resolver(req: FakeRequest): Route {
  const operation = targetOperation(req, ['Route53Resolver']);
  const body = parseJsonBody(req);
  const logging = () => regionOf(req).resolverQueryLogging ?? {configs: [], associations: []};
  const page = <T>(items: T[]) =>
    paginate(items, {
      scope: `route53resolver:${operation}/${req.region}`,
      token: stringParam(body.NextToken),
      maxResults: numberParam(body.MaxResults),
      defaultSize: 100,
      maxSize: 100,
      forcedSize: req.forcedPageSize(`route53resolver:${operation}`),
      invalid: (message) => new AwsError(400, 'InvalidParameterException', message, {fields: {FieldName: 'MaxResults'}}),
    });
  const route = (run: () => ReturnType<typeof jsonReply>): Route => ({operation: `route53resolver:${operation}`, params: canonicalJson(body), run});
  switch (operation) {
    case 'ListResolverQueryLogConfigs':
      return route(() => {
        const all = logging().configs;
        const {items, nextToken} = page(all);
        return jsonReply(
          compact({
            NextToken: nextToken,
            TotalCount: all.length,
            TotalFilteredCount: all.length,
            ResolverQueryLogConfigs: items.map((c) => ({
              Id: c.id,
              OwnerId: c.ownerId,
              Status: 'CREATED',
              ShareStatus: c.shareStatus,
              AssociationCount: c.associationCount,
              Arn: `arn:aws:route53resolver:${req.region}:${c.ownerId}:resolver-query-log-config/${c.id}`,
              Name: c.name,
              DestinationArn: c.destinationArn,
              CreatorRequestId: `${c.id}-request`,
              CreationTime: CREATED,
            })),
          }),
        );
      });
    case 'ListResolverQueryLogConfigAssociations':
      return route(() => {
        const all = logging().associations;
        const {items, nextToken} = page(all);
        return jsonReply(
          compact({
            NextToken: nextToken,
            TotalCount: all.length,
            TotalFilteredCount: all.length,
            ResolverQueryLogConfigAssociations: items.map((a) =>
              compact({
                Id: a.id,
                ResolverQueryLogConfigId: a.configId,
                ResourceId: a.vpcId,
                Status: a.status,
                Error: a.error ?? 'NONE',
                ErrorMessage: a.errorMessage ?? '',
                CreationTime: CREATED,
              }),
            ),
          }),
        );
      });
    default:
      throw unknownOperation(req.service, operation);
  }
}

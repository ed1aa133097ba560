/**
 * AWS WAF v2 (JSON 1.1, target prefix `AWSWAF_20190729`): ListWebACLs and ListLoggingConfigurations per `Scope`
 * (CLOUDFRONT only through us-east-1) and, for the latter, `LogScope` (default CUSTOMER); paged by `Limit` (1–100) and
 * `NextMarker`.
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeWebAcl} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, jsonReply, unknownOperation} from '../wire.js';
import {numberParam, parseJsonBody, stringParam, targetOperation} from './json-rpc.js';

/** The ARN of a web ACL, as WAF writes it (`global` for scope CLOUDFRONT). */
export function webAclArn(region: string, accountId: string, acl: FakeWebAcl): string {
  return `arn:aws:wafv2:${region}:${accountId}:${acl.scope === 'CLOUDFRONT' ? 'global' : 'regional'}/webacl/${acl.name}/${acl.id}`;
}

/** Routes a WAF v2 request. */
export function routeWafv2(req: FakeRequest): Route {
  const operation = targetOperation(req, ['AWSWAF_20190729']);
  const body = parseJsonBody(req);
  const invalid = (message: string, field: string) => new AwsError(400, 'WAFInvalidParameterException', message, {fields: {Field: field}});
  const route = (run: () => ReturnType<typeof jsonReply>): Route => ({operation: `wafv2:${operation}`, params: canonicalJson(body), run});
  const scope = stringParam(body.Scope);
  const inScope = () => {
    if (scope !== 'REGIONAL' && scope !== 'CLOUDFRONT') throw invalid('Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: Scope', 'SCOPE_VALUE');
    if (scope === 'CLOUDFRONT' && req.region !== 'us-east-1') {
      throw invalid('Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: CLOUDFRONT', 'SCOPE_VALUE');
    }
    return (regionOf(req).webAcls ?? []).filter((a) => a.scope === scope);
  };
  const page = <T>(items: T[], extra = '') =>
    paginate(items, {
      scope: `wafv2:${operation}/${req.region}/${scope}/${extra}`,
      token: stringParam(body.NextMarker),
      maxResults: numberParam(body.Limit),
      defaultSize: 100,
      maxSize: 100,
      forcedSize: req.forcedPageSize(`wafv2:${operation}`),
      invalid: (message) => invalid(message, 'NEXT_MARKER'),
    });
  const accountId = req.caller.account.accountId;
  switch (operation) {
    case 'ListWebACLs':
      return route(() => {
        const {items, nextToken} = page(inScope());
        return jsonReply(
          compact({
            NextMarker: nextToken,
            WebACLs: items.map((a) => ({Name: a.name, Id: a.id, Description: '', LockToken: `${a.id}-lock`, ARN: webAclArn(req.region, accountId, a)})),
          }),
        );
      });
    case 'ListLoggingConfigurations':
      return route(() => {
        const logScope = stringParam(body.LogScope) ?? 'CUSTOMER';
        const logged = inScope().filter((a) => a.logging && (a.logging.logScope ?? 'CUSTOMER') === logScope);
        const {items, nextToken} = page(logged, logScope);
        return jsonReply(
          compact({
            NextMarker: nextToken,
            LoggingConfigurations: items.map((a) => ({
              ResourceArn: webAclArn(req.region, accountId, a),
              LogDestinationConfigs: a.logging!.destinations,
              ManagedByFirewallManager: false,
              LogType: 'WAF_LOGS',
              LogScope: logScope,
            })),
          }),
        );
      });
    default:
      throw unknownOperation(req.service, operation);
  }
}

/** Amazon Detective (REST-JSON, PascalCase JSON names, ISO 8601 times): ListGraphs and ListInvitations. */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import {paginate} from '../paging.js';
import {AwsError, compact, restJsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam} from './json-rpc.js';

/** Routes a Detective request. */
export function routeDetective(req: FakeRequest): Route {
  const body = req.method === 'POST' ? parseJsonBody(req) : {};
  const route = (operation: string, run: () => FakeResponse): Route => ({operation: `detective:${operation}`, params: canonicalJson(body), run});
  const detective = () => regionOf(req).detective ?? {graphs: [], invitations: []};
  const page = <T>(operation: string, items: T[]) =>
    paginate(items, {
      scope: `${operation}/${req.region}`,
      token: stringParam(body.NextToken),
      maxResults: numberParam(body.MaxResults),
      defaultSize: 100,
      maxSize: 200,
      forcedSize: req.forcedPageSize(`detective:${operation}`),
      invalid: (message) => new AwsError(400, 'ValidationException', message, {bodyType: 'ValidationException'}),
    });
  switch (`${req.method} ${req.path}`) {
    case 'POST /graphs/list':
      return route('ListGraphs', () => {
        const {items, nextToken} = page('ListGraphs', detective().graphs);
        return restJsonReply(compact({GraphList: items.map((g) => ({Arn: g.arn, CreatedTime: g.createdTime})), NextToken: nextToken}));
      });
    case 'POST /invitations/list':
      return route('ListInvitations', () => {
        const {items, nextToken} = page('ListInvitations', detective().invitations);
        const accountId = req.caller.account.accountId;
        return restJsonReply(
          compact({
            Invitations: items.map((i) => ({
              AccountId: accountId,
              EmailAddress: i.emailAddress,
              GraphArn: i.graphArn,
              MasterId: i.administratorId,
              AdministratorId: i.administratorId,
              Status: i.status,
              InvitedTime: i.invitedTime,
              UpdatedTime: i.updatedTime,
              InvitationType: 'INVITATION',
            })),
            NextToken: nextToken,
          }),
        );
      });
    default:
      throw unknownOperation(req.service, `${req.method} ${req.path}`);
  }
}

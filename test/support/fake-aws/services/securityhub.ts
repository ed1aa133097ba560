/**
 * AWS Security Hub CSPM (REST-JSON, PascalCase JSON names): DescribeHub, GetEnabledStandards, GetAdministratorAccount,
 * DescribeOrganizationConfiguration. A region without the hub answers every call with InvalidAccessException
 * ("… is not subscribed to AWS Security Hub", HTTP 401); a non-administrator asking for the organization
 * configuration is told it "is not an administrator for this organization".
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeSecurityHub} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, restJsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam} from './json-rpc.js';

const invalidAccess = (message: string) => new AwsError(401, 'InvalidAccessException', message);

/** Routes a Security Hub request. */
export function routeSecurityHub(req: FakeRequest): Route {
  const body = req.method === 'POST' ? parseJsonBody(req) : {};
  const accountId = req.caller.account.accountId;
  const route = (operation: string, run: () => FakeResponse): Route => ({
    operation: `securityhub:${operation}`,
    params: canonicalJson({path: req.path, body}),
    run,
  });
  const hub = (): FakeSecurityHub => {
    const found = regionOf(req).securityHub;
    if (!found) throw invalidAccess(`Account ${accountId} is not subscribed to AWS Security Hub`);
    return found;
  };
  switch (`${req.method} ${req.path}`) {
    case 'GET /accounts':
      return route('DescribeHub', () => {
        const h = hub();
        return restJsonReply({
          HubArn: `arn:aws:securityhub:${req.region}:${accountId}:hub/default`,
          SubscribedAt: h.subscribedAt,
          AutoEnableControls: true,
          ControlFindingGenerator: 'SECURITY_CONTROL',
        });
      });
    case 'POST /standards/get':
      return route('GetEnabledStandards', () => {
        const {items, nextToken} = paginate(hub().standards, {
          scope: `GetEnabledStandards/${req.region}`,
          token: stringParam(body.NextToken),
          maxResults: numberParam(body.MaxResults),
          defaultSize: 10,
          maxSize: 100,
          forcedSize: req.forcedPageSize('securityhub:GetEnabledStandards'),
          invalid: (message) => new AwsError(400, 'InvalidInputException', message),
        });
        return restJsonReply(
          compact({
            StandardsSubscriptions: items.map((s) => ({
              StandardsSubscriptionArn: `arn:aws:securityhub:${req.region}:${accountId}:subscription/${s.standardsPath}`,
              StandardsArn: `arn:aws:securityhub:${req.region}::standards/${s.standardsPath}`,
              StandardsInput: {},
              StandardsStatus: s.status,
              StandardsControlsUpdatable: 'READY_FOR_UPDATES',
            })),
            NextToken: nextToken,
          }),
        );
      });
    case 'GET /administrator':
      return route('GetAdministratorAccount', () => {
        const admin = hub().administratorAccountId;
        return restJsonReply(admin ? {Administrator: {AccountId: admin, InvitationId: `inv-${accountId}`, InvitedAt: '2024-01-01T00:00:00.000Z', MemberStatus: 'Enabled'}} : {});
      });
    case 'GET /organization/configuration':
      return route('DescribeOrganizationConfiguration', () => {
        const configuration = hub().organizationConfiguration;
        if (!configuration) throw invalidAccess(`Account ${accountId} is not an administrator for this organization`);
        return restJsonReply({
          AutoEnable: false,
          MemberAccountLimitReached: false,
          AutoEnableStandards: 'NONE',
          OrganizationConfiguration: {ConfigurationType: configuration.configurationType, Status: configuration.status},
        });
      });
    default:
      throw unknownOperation(req.service, `${req.method} ${req.path}`);
  }
}

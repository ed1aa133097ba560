/**
 * AWS Organizations (JSON 1.1, `AWSOrganizationsV20161128.<Operation>`): DescribeOrganization for any member, and
 * ListAccounts (pages of at most 20) for the management account and delegated administrators only, and the tree:
 * ListRoots, ListOrganizationalUnitsForParent and ListAccountsForParent (pages of at most 20).
 */
import {canonicalJson, type FakeRequest, type Route} from '../context.js';
import {inOrganization, type FakeOrganization} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, epochSeconds, jsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam, targetOperation} from './json-rpc.js';

const ROOT_ID = 'r-root';

/** The parent id of a tree listing, checked: the root or one of the organization's OUs. */
function parentOf(org: FakeOrganization, id: string | undefined): string {
  if (id === ROOT_ID || (org.organizationalUnits ?? []).some((ou) => ou.id === id)) return id!;
  throw new AwsError(400, 'ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.');
}

const notInUse = () => new AwsError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');

/** Routes an Organizations request. */
export function routeOrganizations(req: FakeRequest): Route {
  const operation = targetOperation(req, ['AWSOrganizationsV20161128']);
  const body = parseJsonBody(req);
  const route = (run: () => FakeResponse): Route => ({operation: `organizations:${operation}`, params: canonicalJson(body), run});
  const organization = () => {
    const org = req.model.organization;
    if (!org || !inOrganization(req.model, req.caller.account)) throw notInUse();
    return org;
  };
  // The tree and the account list are for the management account and delegated administrators only.
  const administrator = () => {
    const org = organization();
    const caller = req.caller.account.accountId;
    if (caller !== org.managementAccountId && !org.delegatedAdministrators?.includes(caller)) {
      throw new AwsError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
    }
    return org;
  };
  const page = <T>(name: string, scope: string, items: T[]) =>
    paginate(items, {
      scope,
      token: stringParam(body.NextToken),
      maxResults: numberParam(body.MaxResults),
      defaultSize: 20,
      maxSize: 20,
      forcedSize: req.forcedPageSize(name),
      invalid: (message) => new AwsError(400, 'InvalidInputException', message, {fields: {Reason: 'INVALID_INPUT'}}),
    });
  switch (operation) {
    case 'DescribeOrganization':
      return route(() => {
        const org = organization();
        const managementEmail = org.accounts.find((a) => a.id === org.managementAccountId)?.email;
        return jsonReply({
          Organization: compact({
            Id: org.id,
            Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
            FeatureSet: org.featureSet,
            MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
            MasterAccountId: org.managementAccountId,
            MasterAccountEmail: org.masterAccountEmail ?? managementEmail,
            AvailablePolicyTypes: [{Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED'}],
          }),
        });
      });
    case 'ListAccounts':
      return route(() => {
        const org = organization();
        const caller = req.caller.account.accountId;
        if (caller !== org.managementAccountId && !org.delegatedAdministrators?.includes(caller)) {
          throw new AwsError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
        }
        const {items, nextToken} = paginate(org.accounts, {
          scope: `accounts/${org.id}`,
          token: stringParam(body.NextToken),
          maxResults: numberParam(body.MaxResults),
          defaultSize: 20,
          maxSize: 20,
          forcedSize: req.forcedPageSize('organizations:ListAccounts'),
          invalid: (message) =>
            new AwsError(400, 'InvalidInputException', message.includes('nextToken') ? 'You specified an invalid value for nextToken.' : message, {
              fields: {Reason: message.includes('nextToken') ? 'INVALID_NEXT_TOKEN' : 'INVALID_INPUT'},
            }),
        });
        return jsonReply(
          compact({
            Accounts: items.map((a) => ({
              Id: a.id,
              Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.id}`,
              Email: a.email,
              Name: a.name,
              Status: a.status,
              State: a.status === 'ACTIVE' ? 'ACTIVE' : a.status === 'SUSPENDED' ? 'SUSPENDED' : 'PENDING_CLOSURE',
              JoinedMethod: a.joinedMethod,
              JoinedTimestamp: epochSeconds(a.joinedTimestamp),
            })),
            NextToken: nextToken,
          }),
        );
      });
    case 'ListRoots':
      return route(() => {
        const org = administrator();
        return jsonReply({Roots: [{Id: ROOT_ID, Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${ROOT_ID}`, Name: 'Root', PolicyTypes: []}]});
      });
    case 'ListOrganizationalUnitsForParent':
      return route(() => {
        const org = administrator();
        const parent = parentOf(org, stringParam(body.ParentId));
        const children = (org.organizationalUnits ?? []).filter((ou) => (ou.parentId ?? ROOT_ID) === parent);
        const {items, nextToken} = page('organizations:ListOrganizationalUnitsForParent', `ous/${parent}`, children);
        return jsonReply(compact({OrganizationalUnits: items.map((ou) => ({Id: ou.id, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${ou.id}`, Name: ou.name})), NextToken: nextToken}));
      });
    case 'ListAccountsForParent':
      return route(() => {
        const org = administrator();
        const parent = parentOf(org, stringParam(body.ParentId));
        const placed = new Set((org.organizationalUnits ?? []).flatMap((ou) => ou.accountIds));
        const children =
          parent === ROOT_ID ? org.accounts.filter((a) => !placed.has(a.id)) : org.accounts.filter((a) => org.organizationalUnits!.find((ou) => ou.id === parent)!.accountIds.includes(a.id));
        const {items, nextToken} = page('organizations:ListAccountsForParent', `accounts/${parent}`, children);
        return jsonReply(compact({Accounts: items.map((a) => ({Id: a.id, Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.id}`, Email: a.email, Name: a.name, Status: a.status})), NextToken: nextToken}));
      });
    default:
      throw unknownOperation(req.service, operation);
  }
}

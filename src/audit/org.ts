/**
 * The organization as the caller sees it: who the caller is, the organization, and every account in it (all pages).
 * Run with the management account's credentials or a delegated administrator's.
 */
import {
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
} from '@aws-sdk/client-organizations';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {InputError} from '../errors.js';
import type {OrganizationInfo, OrganizationalUnitRef} from '../snapshot/types.js';
import type {OrgAccount} from './types.js';

/** The part of the collectors' `ClientFactory` the audit needs. */
export interface ClientSource {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get<C>(ctor: new (config: any) => C, region: string): C;
}

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

/** Who the credentials belong to, and the partition they work in. */
export async function callerIdentity(clients: ClientSource, region: string): Promise<CallerIdentity> {
  const id = await clients.get(STSClient, region).send(new GetCallerIdentityCommand({}));
  const arn = id.Arn ?? '';
  return {accountId: id.Account ?? '', arn, partition: arn.split(':')[1] || 'aws'};
}

/** The organization and its accounts; an `InputError` when the caller is not allowed to list them. */
export async function listOrganization(
  clients: ClientSource,
  region: string,
): Promise<{organization: OrganizationInfo; accounts: OrgAccount[]}> {
  const client = clients.get(OrganizationsClient, region);
  let organization: OrganizationInfo;
  try {
    const {Organization: o} = await client.send(new DescribeOrganizationCommand({}));
    organization = {
      id: o?.Id ?? '',
      managementAccountId: o?.MasterAccountId ?? '',
      ...(o?.Arn ? {arn: o.Arn} : {}),
      ...(o?.FeatureSet ? {featureSet: o.FeatureSet} : {}),
    };
  } catch (err) {
    throw organizationsError(err, 'DescribeOrganization');
  }
  const accounts: OrgAccount[] = [];
  try {
    for await (const page of paginateListAccounts({client}, {})) {
      for (const a of page.Accounts ?? []) {
        if (!a.Id) continue;
        // `Status` is retired in favour of `State` (September 2026); accept either.
        accounts.push({id: a.Id, ...(a.Name ? {name: a.Name} : {}), state: a.State ?? a.Status ?? 'ACTIVE'});
      }
    }
  } catch (err) {
    throw organizationsError(err, 'ListAccounts');
  }
  return {organization, accounts};
}

/**
 * The organizational unit of every account, by walking the tree from the root: per OU one listing of its child OUs and
 * one of its accounts (paginated), so the calls grow with the number of OUs, not of accounts. The tree is presentation
 * (the HTML report's OU scores), not evidence: when it cannot be read the audit goes on without it, and says so.
 */
export async function listOrganizationalUnits(clients: ClientSource, region: string): Promise<Map<string, OrganizationalUnitRef>> {
  const client = clients.get(OrganizationsClient, region);
  const byAccount = new Map<string, OrganizationalUnitRef>();
  const pending: OrganizationalUnitRef[] = [];
  for await (const page of paginateListRoots({client}, {})) {
    for (const root of page.Roots ?? []) if (root.Id) pending.push({id: root.Id, name: root.Name ?? 'Root', path: 'Root'});
  }
  for (let parent = pending.pop(); parent; parent = pending.pop()) {
    for await (const page of paginateListAccountsForParent({client}, {ParentId: parent.id})) {
      for (const a of page.Accounts ?? []) if (a.Id) byAccount.set(a.Id, parent);
    }
    for await (const page of paginateListOrganizationalUnitsForParent({client}, {ParentId: parent.id})) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (!ou.Id) continue;
        const name = ou.Name ?? ou.Id;
        pending.push({id: ou.Id, name, path: parent.path === 'Root' ? name : `${parent.path}/${name}`});
      }
    }
  }
  return byAccount;
}

function organizationsError(err: unknown, operation: string): Error {
  const name = (err as {name?: string}).name ?? '';
  if (name === 'AWSOrganizationsNotInUseException') {
    return new InputError('--org: the caller\'s account is not in an AWS Organization');
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new InputError(
      `--org: the caller may not call organizations:${operation}; run the audit with the management account or a ` +
        'delegated administrator (see docs/org-audit.md)',
    );
  }
  return err as Error;
}

/** The role to assume in an account. */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  // A role name may carry a path (`audit/TrailwiseAudit`); the ARN keeps it.
  return `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, '')}`;
}

/**
 * AWS Security Hub (CSPM): whether the hub is enabled in a region, its enabled standards, the administrator that
 * manages the account and, in the delegated administrator, the organization configuration (central or local).
 * "Not subscribed" is an answer (`hub: null`), not an error.
 */
import {
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  paginateGetEnabledStandards,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {isMissing} from '../snapshot/evidence.js';
import type {SecurityHubEvidence, SecurityHubHub, SecurityHubOrganizationConfiguration, StandardsSubscription} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

const STANDARD_FIELDS = ['StandardsSubscriptionArn', 'StandardsArn', 'StandardsStatus', 'StandardsStatusReason'] as const;

/** The Security Hub evidence of one region; the other reads are made only when the hub is enabled. */
export async function collectSecurityHub(c: AccountContext, region: string): Promise<SecurityHubEvidence> {
  const client = c.clients.get(SecurityHubClient, region);
  c.serviceStart(region, 'securityhub');
  const hub = await c.evidence(
    region,
    'securityhub:DescribeHub',
    async ({send}) => {
      const out = await send((o) => client.send(new DescribeHubCommand({}), o));
      return pick(out, ['HubArn', 'SubscribedAt', 'AutoEnableControls', 'ControlFindingGenerator']) as SecurityHubHub;
    },
    {notConfigured: null},
  );
  if (hub === null || isMissing(hub)) return {hub};
  const [enabledStandards, administrator, organizationConfiguration] = await Promise.all([
    c.evidence(region, 'securityhub:GetEnabledStandards', async ({allPages}) => {
      const list = await allPages(paginateGetEnabledStandards({client, pageSize: 100}, {}, c.sendOptions), (p) => p.StandardsSubscriptions);
      return list.map((s) => pick(s, STANDARD_FIELDS) as StandardsSubscription);
    }),
    c.evidence(region, 'securityhub:GetAdministratorAccount', async ({send}) => {
      const out = await send((o) => client.send(new GetAdministratorAccountCommand({}), o));
      return out.Administrator ? (pick(out.Administrator, ['AccountId', 'MemberStatus', 'InvitedAt']) as {AccountId?: string}) : null;
    }),
    c.evidence(
      region,
      'securityhub:DescribeOrganizationConfiguration',
      async ({send}) => {
        const out = await send((o) => client.send(new DescribeOrganizationConfigurationCommand({}), o));
        return pick(out, ['AutoEnable', 'AutoEnableStandards', 'MemberAccountLimitReached', 'OrganizationConfiguration']) as SecurityHubOrganizationConfiguration;
      },
      // Any account other than the delegated administrator is told it "is not an administrator for this organization".
      {notConfigured: null},
    ),
  ]);
  return {hub, enabledStandards, administrator, organizationConfiguration};
}

/**
 * Amazon Detective: the behavior graphs this account administers, and the graphs it has been invited into.
 */
import {DetectiveClient, paginateListGraphs, paginateListInvitations} from '@aws-sdk/client-detective';
import type {DetectiveEvidence} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

/** Membership fields kept; the member's e-mail address is left out on purpose. */
const MEMBERSHIP_FIELDS = ['GraphArn', 'AccountId', 'AdministratorId', 'Status', 'InvitationType', 'InvitedTime', 'UpdatedTime', 'DisabledReason'] as const;

/** The Detective evidence of one region. */
export async function collectDetective(c: AccountContext, region: string): Promise<DetectiveEvidence> {
  const client = c.clients.get(DetectiveClient, region);
  c.serviceStart(region, 'detective');
  const [graphs, memberships] = await Promise.all([
    c.evidence(region, 'detective:ListGraphs', async ({allPages}) => {
      const list = await allPages(paginateListGraphs({client}, {}, c.sendOptions), (p) => p.GraphList);
      return list.map((g) => pick(g, ['Arn', 'CreatedTime']) as {Arn?: string; CreatedTime?: string});
    }),
    c.evidence(region, 'detective:ListInvitations', async ({allPages}) => {
      const list = await allPages(paginateListInvitations({client}, {}, c.sendOptions), (p) => p.Invitations);
      return list.map((m) => pick(m, MEMBERSHIP_FIELDS) as {GraphArn?: string; Status?: string; AdministratorId?: string});
    }),
  ]);
  return {graphs, memberships};
}

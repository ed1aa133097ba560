/**
 * GuardDuty: the detectors of a region, each with its administrator, finding export destinations, organization
 * configuration, member count and count of active high-severity findings.
 */
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  paginateListDetectors,
  paginateListFindings,
  paginateListMembers,
  paginateListPublishingDestinations,
} from '@aws-sdk/client-guardduty';
import type {GuardDutyDetector, GuardDutyEvidence} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

/** Active findings with severity ≥ 7 (GuardDuty's "High" band and above). */
const HIGH_SEVERITY_ACTIVE = {
  Criterion: {
    severity: {Gte: 7},
    'service.archived': {Eq: ['false']},
  },
};

type DetectorSettings = Pick<GuardDutyDetector, 'detectorId' | 'Status' | 'FindingPublishingFrequency' | 'Features'>;

async function readDetector(c: AccountContext, client: GuardDutyClient, region: string, settings: DetectorSettings): Promise<GuardDutyDetector> {
  const DetectorId = settings.detectorId;
  // Five independent reads of one detector: they run side by side.
  const [administrator, publishingDestinations, organizationConfiguration, memberCount, highSeverityFindingCount] = await Promise.all([
    c.evidence(region, 'guardduty:GetAdministratorAccount', async ({send}) => {
      const out = await send((o) => client.send(new GetAdministratorAccountCommand({DetectorId}), o));
      return out.Administrator ? (pick(out.Administrator, ['AccountId', 'RelationshipStatus', 'InvitationId', 'InvitedAt']) as {AccountId?: string}) : null;
    }),
    c.evidence(region, 'guardduty:ListPublishingDestinations', async ({allPages}) => {
      const list = await allPages(paginateListPublishingDestinations({client}, {DetectorId}, c.sendOptions), (p) => p.Destinations);
      return list.map((d) => pick(d, ['DestinationId', 'DestinationType', 'Status']) as {DestinationId?: string});
    }),
    c.evidence(
      region,
      'guardduty:DescribeOrganizationConfiguration',
      async ({send}) => {
        // Only the top-level settings are kept; every page repeats them, so the first page is enough.
        const out = await send((o) => client.send(new DescribeOrganizationConfigurationCommand({DetectorId}), o));
        return pick(out, ['AutoEnable', 'AutoEnableOrganizationMembers', 'MemberAccountLimitReached']) as {AutoEnable?: boolean};
      },
      {notConfigured: null},
    ),
    c.evidence(region, 'guardduty:ListMembers', async ({allPages}) => {
      const members = await allPages(paginateListMembers({client}, {DetectorId}, c.sendOptions), (p) => p.Members);
      return members.length;
    }),
    c.evidence(region, 'guardduty:ListFindings', async ({allPages}) => {
      const ids = await allPages(
        paginateListFindings({client, pageSize: 50}, {DetectorId, FindingCriteria: HIGH_SEVERITY_ACTIVE}, c.sendOptions),
        (p) => p.FindingIds,
      );
      return ids.length;
    }),
  ]);
  return {...settings, administrator, publishingDestinations, organizationConfiguration, memberCount, highSeverityFindingCount};
}

/** The GuardDuty evidence of one region; a region with no detector has an empty list, not an error. */
export async function collectGuardDuty(c: AccountContext, region: string): Promise<GuardDutyEvidence> {
  const client = c.clients.get(GuardDutyClient, region);
  c.serviceStart(region, 'guardduty');
  // Without GetDetector a detector's status is unknown; listing it anyway would read as "disabled", so the two
  // calls make one piece of evidence.
  const settings = await c.evidence(region, 'guardduty:ListDetectors', async ({send, allPages}) => {
    const ids = await allPages(paginateListDetectors({client}, {}, c.sendOptions), (p) => p.DetectorIds);
    return Promise.all(
      ids.map(async (detectorId): Promise<DetectorSettings> => {
        const out = await send((o) => client.send(new GetDetectorCommand({DetectorId: detectorId}), o));
        return {detectorId, ...(pick(out, ['Status', 'FindingPublishingFrequency', 'Features']) as Omit<DetectorSettings, 'detectorId'>)};
      }),
    );
  });
  if (!Array.isArray(settings)) return {detectors: settings};
  return {detectors: await Promise.all(settings.map((detector) => readDetector(c, client, region, detector)))};
}

/**
 * AWS Config facts (fed by src/collect/config.ts): the recorder and delivery channel of each region, the regions that
 * record global resource types, and the aggregators of every audited account of the organization.
 */
import {isMissing} from '../evidence.js';
import type {Evidence, Missing, RegionSnapshot} from '../types.js';
import type {AccountFacts} from '../normalize.js';
import {anyKnown, mapEvidence, notCollectedMarker} from './common.js';

export interface ConfigRegionFacts {
  recorderCount: number;
  recording: boolean;
  lastStatus: string | null;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** True when the account records global resource types in at least one region. */
  globalTypesRecordedSomewhere: Evidence<boolean>;
  recordingFrequency: string | null;
  recordingModeOverrideTypes: string[];
  /** Resource types that a recording-mode override records DAILY, as keys, so a rule can `required` a list of them. */
  dailyOverrideTypes: Record<string, true>;
  deliveryChannelCount: Evidence<number>;
  deliveryLastStatus: Evidence<string | null>;
}

/** The Config facts of a region, or the marker when its recorders could not be read. */
export function configFacts(region: RegionSnapshot, globalTypesRegions: (string | Missing)[]): Evidence<ConfigRegionFacts> {
  const c = region.config;
  if (!c) return notCollectedMarker('AWS Config evidence');
  if (isMissing(c.recorders)) return c.recorders;
  if (isMissing(c.recorderStatuses)) return c.recorderStatuses;
  const recorder = c.recorders[0];
  const status = c.recorderStatuses.find((s) => !recorder || s.name === recorder.name) ?? c.recorderStatuses[0];
  return {
    recorderCount: c.recorders.length,
    recording: status?.recording === true,
    lastStatus: status?.lastStatus ? status.lastStatus.toUpperCase() : null,
    allSupported: recorder?.recordingGroup?.allSupported === true,
    includeGlobalResourceTypes: recorder?.recordingGroup?.includeGlobalResourceTypes === true,
    globalTypesRecordedSomewhere: anyKnown(globalTypesRegions.map((r) => (isMissing(r) ? r : true))),
    recordingFrequency: recorder?.recordingMode?.recordingFrequency ?? (recorder ? 'CONTINUOUS' : null),
    recordingModeOverrideTypes: (recorder?.recordingMode?.recordingModeOverrides ?? []).flatMap((o) => o.resourceTypes ?? []),
    dailyOverrideTypes: Object.fromEntries(
      (recorder?.recordingMode?.recordingModeOverrides ?? [])
        .filter((o) => o.recordingFrequency === 'DAILY')
        .flatMap((o) => (o.resourceTypes ?? []).map((type) => [type, true] as const)),
    ),
    deliveryChannelCount: mapEvidence(c.deliveryChannels, (l) => l.length),
    deliveryLastStatus: mapEvidence(c.deliveryChannelStatuses, (l) => {
      const s = l[0]?.configHistoryDeliveryInfo?.lastStatus;
      return s ? s.toUpperCase() : null;
    }),
  };
}

/** The regions whose Config recorder includes global resource types, with the marker of each region not read. */
export function configGlobalRegions(regions: RegionSnapshot[]): (string | Missing)[] {
  const found: (string | Missing)[] = [];
  for (const r of regions) {
    const recorders = r.error ? ({error: r.error} as Missing) : r.config?.recorders;
    if (!recorders || isMissing(recorders)) found.push(recorders ?? notCollectedMarker('Config recorders'));
    else if (recorders.some((rec) => rec.recordingGroup?.includeGlobalResourceTypes === true)) found.push(r.name);
  }
  return found;
}

/** The Config aggregators of an account's enabled regions, each as a fact or the marker of a region not read. */
export function configAggregatorFacts(enabledRegions: RegionSnapshot[]): AccountFacts['configAggregators'] {
  return enabledRegions.flatMap((r): AccountFacts['configAggregators'] => {
    const ev = r.error ? {error: r.error} : (r.config?.aggregators ?? notCollectedMarker('Config aggregators'));
    if (isMissing(ev)) return [ev];
    return ev.map((a) => ({
      name: a.ConfigurationAggregatorName ?? '',
      organizationWide: !!a.OrganizationAggregationSource,
      allRegions: a.OrganizationAggregationSource?.AllAwsRegions === true,
    }));
  });
}

/** An account's Config aggregators as its organization's peers see them (each named with the account that holds it). */
export function organizationAggregatorEntries(accountId: string, aggregators: AccountFacts['configAggregators']): AccountFacts['organizationConfigAggregators'] {
  return aggregators.map((a) => (isMissing(a) ? a : {accountId, ...a}));
}

/**
 * Gives one account the Config aggregators of every audited account of its organization (its own when standalone).
 * `byOrganization` is the organization index's list per organization id, shared and read-only: copying it per account
 * would be quadratic in the organization's size.
 */
export function linkOrganizationAggregators(account: AccountFacts, byOrganization: ReadonlyMap<string, AccountFacts['organizationConfigAggregators']>): void {
  const orgId = account.organizationId;
  const shared = orgId ? byOrganization.get(orgId) : undefined;
  account.organizationConfigAggregators = shared ?? organizationAggregatorEntries(account.accountId, account.configAggregators);
  // Without the organization, its other accounts' aggregators are unknown: "none found" must not be a verdict.
  const org = account.inOrganization;
  if (isMissing(org)) account.organizationConfigAggregators.push(org);
}

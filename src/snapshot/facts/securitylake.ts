/**
 * Amazon Security Lake facts (fed by src/collect/securitylake.ts): per account, the regions whose data lake collects
 * the account's CloudTrail management events — read from the account's own lakes and from those of any other audited
 * account (the Security Lake delegated administrator collects for its members).
 */
import {isMissing, unknownEvidence} from '../evidence.js';
import type {AccountSnapshot, Missing} from '../types.js';
import {isEnabledRegion, notCollectedMarker} from './common.js';

/** The AWS log source that carries CloudTrail management events. */
export const CLOUDTRAIL_MANAGEMENT_SOURCE = 'CLOUD_TRAIL_MGMT';

/** Adds to `collected` the accounts whose CloudTrail management events the account's Security Lake data lakes collect. */
export function addCloudTrailLakeSources(account: AccountSnapshot, collected: Map<string, string[]>): void {
  for (const region of account.regions) {
    const group = region.securityLake;
    if (!group || 'unavailable' in group || isMissing(group.logSources) || !group.logSources) continue;
    if (isMissing(group.dataLakes) || !group.dataLakes.some((l) => l.createStatus === 'COMPLETED')) continue;
    for (const entry of group.logSources) {
      const names = (entry.sources ?? []).map((s) => ('awsLogSource' in s ? s.awsLogSource?.sourceName : undefined));
      if (entry.account && names.includes(CLOUDTRAIL_MANAGEMENT_SOURCE)) {
        collected.set(entry.account, [...(collected.get(entry.account) ?? []), `${account.accountId}/${entry.region ?? region.name}`]);
      }
    }
  }
}

/**
 * The lakes collecting the account's CloudTrail management events, plus a marker for each region whose lake could not
 * be read; with none found in an organization member, an `unknown` marker (the lake may be held by a delegated
 * administrator that was not audited).
 */
export function securityLakeCoverage(account: AccountSnapshot, collecting: string[] | undefined, inOrganization: boolean): (string | Missing)[] {
  const found: (string | Missing)[] = [...(collecting ?? [])];
  let anyLake = false;
  for (const region of account.regions.filter(isEnabledRegion)) {
    const group = region.securityLake;
    if (group && 'unavailable' in group) continue;
    const lakes = region.error ? {error: region.error} : (group?.dataLakes ?? notCollectedMarker('Security Lake data lakes'));
    if (isMissing(lakes)) found.push(lakes);
    else if (lakes.length > 0) {
      anyLake = true;
      if (group?.logSources && isMissing(group.logSources)) found.push(group.logSources);
    }
  }
  if (found.length === 0 && !anyLake && inOrganization) {
    found.push(unknownEvidence('no Security Lake data lake in this account; in an organization it is usually held by the Security Lake delegated administrator, which was not audited'));
  }
  return found;
}

/**
 * AWS Security Hub facts (fed by src/collect/securityhub.ts): per region, whether the hub is enabled, which standards
 * are ready, and how the account is managed (alone, by an administrator, by central configuration).
 */
import {isMissing, unknownEvidence} from '../evidence.js';
import type {Subject} from '../normalize.js';
import type {Evidence, RegionSnapshot} from '../types.js';
import {notCollectedMarker} from './common.js';

export interface SecurityHubRegionFacts {
  /** False where AWS does not offer Security Hub: the region is then not judged. */
  offered: boolean;
  enabled: Evidence<boolean>;
  /**
   * Standards whose subscription is READY. When none is ready but one is still PENDING, an `unknown` marker: the hub
   * is being set up, which is neither a pass nor a fail yet.
   */
  readyStandardCount: Evidence<number>;
  /** The ready standards' names (`aws-foundational-security-best-practices/v/1.0.0`). */
  readyStandards: string[];
  /** The Security Hub administrator account that manages this one; null when none. */
  administratorAccountId: Evidence<string | null>;
  /** `CENTRAL` or `LOCAL` in the organization's delegated administrator; null elsewhere. */
  organizationConfigurationType: Evidence<string | null>;
  /**
   * How the hub is configured: `central` when the administrator (audited in the same snapshot) uses central
   * configuration, `administrator` when an administrator not audited here manages it, else `local`.
   */
  managedBy: 'central' | 'administrator' | 'local';
}

const standardName = (arn: string | undefined) => (arn ?? '').split(':standards/').pop() ?? '';

function field<T, U>(evidence: Evidence<T> | undefined, what: string, read: (value: T) => U): Evidence<U> {
  if (evidence === undefined) return notCollectedMarker(what);
  return isMissing(evidence) ? evidence : read(evidence as T);
}

/** The Security Hub facts of one region (the marker in every field when the hub could not be read). */
export function securityHubFacts(region: RegionSnapshot): SecurityHubRegionFacts {
  const group = region.securityHub;
  const none = {readyStandards: [], administratorAccountId: null, organizationConfigurationType: null, managedBy: 'local' as const};
  if (group && 'unavailable' in group) return {offered: false, enabled: false, readyStandardCount: 0, ...none};
  // `null` is evidence ("not subscribed"); only an absent field is "not collected": so `=== undefined`, not `??`.
  const hub = region.error ? {error: region.error} : group?.hub === undefined ? notCollectedMarker('Security Hub') : group.hub;
  if (isMissing(hub)) return {offered: true, enabled: hub, readyStandardCount: hub, ...none, administratorAccountId: hub, organizationConfigurationType: hub};
  if (hub === null) return {offered: true, enabled: false, readyStandardCount: 0, ...none};
  const standards = group?.enabledStandards ?? notCollectedMarker('Security Hub standards');
  const ready = isMissing(standards) ? [] : standards.filter((s) => s.StandardsStatus === 'READY').map((s) => standardName(s.StandardsArn));
  const pending = isMissing(standards) ? [] : standards.filter((s) => s.StandardsStatus === 'PENDING').map((s) => standardName(s.StandardsArn));
  const administratorAccountId = field(group?.administrator, 'Security Hub administrator', (a) => a?.AccountId ?? null);
  return {
    offered: true,
    enabled: true,
    readyStandardCount: isMissing(standards)
      ? standards
      : ready.length === 0 && pending.length > 0
        ? unknownEvidence(`standard ${pending.join(', ')} is still being enabled (PENDING)`)
        : ready.length,
    readyStandards: ready,
    administratorAccountId,
    organizationConfigurationType: field(group?.organizationConfiguration, 'Security Hub organization configuration', (o) => o?.OrganizationConfiguration?.ConfigurationType ?? null),
    managedBy: typeof administratorAccountId === 'string' ? 'administrator' : 'local',
  };
}

/** Whether an account's hub uses central configuration in any of the given regions (it then configures its members). */
export function usesCentralConfiguration(regions: SecurityHubRegionFacts[]): boolean {
  return regions.some((hub) => hub.organizationConfigurationType === 'CENTRAL');
}

/**
 * Marks the regions of one account whose Security Hub administrator — audited in the same snapshot — uses central
 * configuration (org-aware join: the member's hub is configured by the administrator's policies, not by the member).
 * `central` holds the audited accounts that use it.
 */
export function linkSecurityHubAdministrators(regions: Subject<{securityHub: SecurityHubRegionFacts}>[], central: ReadonlySet<string>): void {
  for (const r of regions) {
    const hub = r.facts.securityHub;
    if (central.has(r.accountId) || (typeof hub.administratorAccountId === 'string' && central.has(hub.administratorAccountId))) hub.managedBy = 'central';
  }
}

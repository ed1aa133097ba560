/**
 * GuardDuty facts (fed by src/collect/guardduty.ts): each detector with its protection plans, findings export and the
 * organization settings that govern it — a member's come from its administrator's detector in the same region.
 */
import {isMissing, unknownEvidence} from '../evidence.js';
import type {Evidence, GuardDutyDetector, RegionSnapshot} from '../types.js';
import type {NormalizedSnapshot} from '../normalize.js';
import {anyKnown, mapEvidence, notCollectedMarker} from './common.js';

export interface DetectorFacts {
  region: string;
  detectorId: string;
  enabled: boolean;
  s3Protection: boolean;
  administratorAccountId: Evidence<string | null>;
  memberCount: Evidence<number> | null;
  autoEnableOrganizationMembers: Evidence<string | null> | null;
  publishingToS3: Evidence<boolean>;
  highSeverityFindingCount: Evidence<number> | null;
  /**
   * The organization auto-enable setting that governs this detector: its own as administrator, its administrator's
   * (same region) as a member (`unknown` when the administrator was not audited); null when neither.
   */
  organizationAutoEnable: Evidence<string | null>;
  /** Findings reach S3: this detector publishes, or (member) its administrator's detector in the region does. */
  findingsExported: Evidence<boolean>;
}


/** The facts of a region's detectors, or the marker when they could not be listed. */
export function detectorFacts(region: string, d: NonNullable<RegionSnapshot['guardDuty']>['detectors']): Evidence<DetectorFacts[]> {
  return mapEvidence(d, (list) =>
    list.map((det) => ({
      region,
      detectorId: det.detectorId,
      enabled: det.Status === 'ENABLED',
      s3Protection: (det.Features ?? []).some((f) => f.Name === 'S3_DATA_EVENTS' && f.Status === 'ENABLED'),
      administratorAccountId: mapEvidence(det.administrator, (a) => a?.AccountId ?? null),
      memberCount: det.memberCount ?? null,
      autoEnableOrganizationMembers: det.organizationConfiguration
        ? mapEvidence(det.organizationConfiguration, (c) => c?.AutoEnableOrganizationMembers ?? (c?.AutoEnable ? 'NEW' : null))
        : null,
      publishingToS3: mapEvidence(det.publishingDestinations, (list) =>
        list.some((p) => p.DestinationType === 'S3' && p.Status === 'PUBLISHING'),
      ),
      // Absent means the collector did not count findings: that is missing evidence, not "no findings".
      highSeverityFindingCount: det.highSeverityFindingCount ?? notCollectedMarker('GuardDuty high-severity findings count'),
      // Members get their administrator's values in linkGuardDutyAdministrators, once every account is normalized.
      organizationAutoEnable: ownAutoEnable(det),
      findingsExported: mapEvidence(det.publishingDestinations, (list) => list.some((p) => p.DestinationType === 'S3' && p.Status === 'PUBLISHING')),
    })),
  );
}

function ownAutoEnable(det: GuardDutyDetector): Evidence<string | null> {
  if (det.organizationConfiguration !== undefined && det.organizationConfiguration !== null) {
    return mapEvidence(det.organizationConfiguration, (c) => c?.AutoEnableOrganizationMembers ?? (c?.AutoEnable ? 'NEW' : null));
  }
  // An administrator with members whose organization configuration was not read: missing, not "off".
  const members = det.memberCount;
  return typeof members === 'number' && members > 0 && det.organizationConfiguration === undefined
    ? notCollectedMarker('GuardDuty organization configuration')
    : null;
}

/** What a member's detector takes from its administrator's detector in the same region. */
export type AdministratorDetector = Pick<DetectorFacts, 'enabled' | 'organizationAutoEnable' | 'publishingToS3'>;

/**
 * The detectors of an audited account's region as its members see them (the organization index keeps these for
 * every account and region, since any account may turn out to be another's administrator).
 */
export function administratorView(detectors: Evidence<DetectorFacts[]>): Evidence<AdministratorDetector[]> {
  return mapEvidence(detectors, (list) => list.map((d) => ({enabled: d.enabled, organizationAutoEnable: d.organizationAutoEnable, publishingToS3: d.publishingToS3})));
}

/**
 * Gives each member detector of one account its administrator's auto-enable setting and findings export (org-aware
 * join). `administrator(accountId, region)` is the administrator's detectors there, or undefined when that account
 * was not audited.
 */
export function linkGuardDutyAdministrators(
  regions: NormalizedSnapshot['regions'],
  administrator: (accountId: string, region: string) => Evidence<AdministratorDetector[]> | undefined,
): void {
  for (const r of regions) {
    if (isMissing(r.facts.guardDuty)) continue;
    for (const d of r.facts.guardDuty) {
      const adminId = d.administratorAccountId;
      if (adminId === null || adminId === r.accountId) continue;
      let admin: Evidence<AdministratorDetector>;
      if (isMissing(adminId)) admin = adminId;
      else {
        const detectors = administrator(adminId, r.region);
        if (detectors === undefined) admin = unknownEvidence(`GuardDuty administrator account ${adminId} was not audited in ${r.region}`, adminId);
        else if (isMissing(detectors)) admin = detectors;
        else admin = detectors.find((a) => a.enabled) ?? unknownEvidence(`GuardDuty administrator account ${adminId} has no enabled detector in ${r.region}`, adminId);
      }
      d.organizationAutoEnable = isMissing(admin) ? admin : admin.organizationAutoEnable;
      d.findingsExported = anyKnown([d.publishingToS3, isMissing(admin) ? admin : admin.publishingToS3]);
    }
  }
}

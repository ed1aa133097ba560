/**
 * CloudTrail Lake facts (fed by src/collect/cloudtrail-lake.ts): one subject per event data store, with its KMS key,
 * whether it ingests management events, and which of the account's trails already keep those events in S3.
 */
import {isMissing} from '../evidence.js';
import type {Subject} from '../normalize.js';
import type {AdvancedEventSelector, EventDataStoreDetails, Missing, RegionSnapshot} from '../types.js';
import type {TrailFacts} from './cloudtrail.js';
import {mapEvidence, notCollectedMarker} from './common.js';

export interface EventDataStoreFacts {
  name: string;
  arn: string;
  status: string | Missing | null;
  /** The customer-managed key; null: encrypted with a key AWS owns. */
  kmsKeyId: string | null | Missing;
  /** Whether the store ingests CloudTrail management events (no selectors: the default, all management events). */
  ingestsManagementEvents: boolean | Missing;
  multiRegion: boolean | Missing;
  organizationEnabled: boolean | Missing;
  billingMode: string | null | Missing;
  /**
   * Logging trails that already record the management events the store ingests, in a region it ingests from (their
   * ARNs), and the marker of each region whose trails could not be listed.
   */
  duplicatingTrails: ({arn: string; name: string} | Missing)[];
}

/** True when the selectors take management events: an `eventCategory` field that equals `Management`. */
function selectsManagementEvents(selectors: AdvancedEventSelector[] | undefined): boolean {
  // A store created without selectors collects all management events (CloudTrail's default).
  if (!selectors || selectors.length === 0) return true;
  return selectors.some((s) => s.FieldSelectors.some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management')));
}

/** Whether a trail records the management events of `region` (and is logging them). */
function recordsManagementIn(trail: TrailFacts, region: string, allRegions: boolean): boolean | Missing {
  if (!allRegions && !trail.isMultiRegion && trail.homeRegion !== region) return false;
  if (isMissing(trail.isLogging)) return trail.isLogging;
  if (!trail.isLogging) return false;
  if (isMissing(trail.management)) return trail.management;
  return trail.management.read || trail.management.write;
}

/** The event data store subjects of one region; `trails` are the account's (own and organization) trails, with markers. */
export function eventDataStoreSubjects(accountId: string, region: RegionSnapshot, trails: (TrailFacts | Missing)[]): Subject<EventDataStoreFacts>[] {
  const group = region.cloudTrailLake;
  if (group && 'unavailable' in group) return [];
  const list = region.error ? {error: region.error} : (group?.eventDataStores ?? notCollectedMarker('CloudTrail Lake event data stores'));
  const resourceType = 'AWS::CloudTrail::EventDataStore';
  if (isMissing(list)) {
    const m = list;
    return [
      {
        accountId,
        region: region.name,
        resource: `${accountId}/${region.name}/event-data-stores`,
        resourceType,
        facts: {name: '(not listed)', arn: '', status: m, kmsKeyId: m, ingestsManagementEvents: m, multiRegion: m, organizationEnabled: m, billingMode: m, duplicatingTrails: [m]},
      },
    ];
  }
  return list.map((store) => {
    const d = store.details;
    const get = <U>(read: (v: EventDataStoreDetails) => U) => mapEvidence(d, read);
    const management = get((v) => selectsManagementEvents(v.AdvancedEventSelectors));
    const multiRegion = get((v) => v.MultiRegionEnabled === true);
    const duplicatingTrails: ({arn: string; name: string} | Missing)[] = [];
    for (const trail of trails) {
      if (isMissing(trail)) {
        duplicatingTrails.push(trail);
        continue;
      }
      const records = recordsManagementIn(trail, region.name, multiRegion === true);
      if (isMissing(records)) duplicatingTrails.push(records);
      else if (records) duplicatingTrails.push({arn: trail.arn, name: trail.name});
    }
    return {
      accountId,
      region: region.name,
      resource: store.EventDataStoreArn,
      resourceType,
      facts: {
        name: store.Name ?? store.EventDataStoreArn.split('/').pop() ?? '',
        arn: store.EventDataStoreArn,
        status: get((v) => v.Status ?? null),
        kmsKeyId: get((v) => v.KmsKeyId || null),
        ingestsManagementEvents: management,
        multiRegion,
        organizationEnabled: get((v) => v.OrganizationEnabled === true),
        billingMode: get((v) => v.BillingMode ?? null),
        duplicatingTrails,
      },
    };
  });
}

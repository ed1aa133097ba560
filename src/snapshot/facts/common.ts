/**
 * Helpers every service's facts use: evidence mapping that passes markers through, three-valued "any", and the
 * organization-wide indexes the normalizer builds before it derives any account's facts.
 */
import {isMissing, notCollected} from '../evidence.js';
import type {Evidence, Missing, PublicAccessBlock, RegionSnapshot, Trail, TrailBucket} from '../types.js';

/** True for a region whose evidence was collected (opt-in regions that are not enabled have none). */
export const isEnabledRegion = (r: RegionSnapshot) => r.optInStatus !== 'not-opted-in';

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

/** The partition of a region (`cn-north-1` → `aws-cn`), for the ARNs of resources AWS lists without one. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Maps an evidence value, passing a `Missing` marker through unchanged. */
export function mapEvidence<T, U>(evidence: Evidence<T> | undefined, fn: (value: T) => U, absent?: Missing): Evidence<U> {
  if (evidence === undefined) return absent ?? notCollected('not in the snapshot');
  if (isMissing(evidence)) return evidence;
  return fn(evidence as T);
}

/** Three-valued "any": true if one is known true; false if all are known false; otherwise the first marker. */
export function anyKnown(values: Evidence<boolean>[]): Evidence<boolean> {
  if (values.some((v) => v === true)) return true;
  const missing = values.find(isMissing);
  return missing ?? false;
}

/** The marker for evidence a snapshot does not hold at all (an older snapshot, or a narrowed collection). */
export function notCollectedMarker(what: string): Missing {
  return notCollected(`${what} not in the snapshot`);
}

/** Organization-wide indexes, built once from every account before any account's facts are derived. */
export interface SnapshotIndexes {
  audited: Set<string>;
  /** Trail ARN → the owner's record of the trail (the authoritative one). */
  trailIndex: Map<string, Trail>;
  /** Bucket name → the record with the most evidence (the owner's). */
  bucketIndex: Map<string, TrailBucket>;
  pabIndex: Map<string, Evidence<PublicAccessBlock | null>>;
  /** Bucket name → the audited accounts that hold its evidence (its owner). */
  recordedBy: Map<string, Set<string>>;
  trailsByBucket: Map<string, Trail[]>;
  collectedAt: string;
  /** Account id → the Security Lake data lakes (`<lake account>/<region>`) collecting its CloudTrail management events. */
  lakeSources: Map<string, string[]>;
}

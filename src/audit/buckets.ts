import {isMissing} from '../snapshot/evidence.js';
import type {TrailBucket} from '../snapshot/types.js';

/** Whether a bucket record says only "held by another account" (the collectors' record for a foreign bucket). */
export function isUnknownBucket(bucket: TrailBucket): boolean {
  return isMissing(bucket.acl) && 'unknown' in bucket.acl && isMissing(bucket.versioning) && 'unknown' in bucket.versioning;
}

/** The account a foreign bucket record names (the trail's owner when the trail is another account's), if any. */
export function ownerHint(bucket: TrailBucket): string | undefined {
  if (bucket.ownerAccountId) return bucket.ownerAccountId;
  return isMissing(bucket.acl) && 'unknown' in bucket.acl ? bucket.acl.unknown.ownerAccountId : undefined;
}

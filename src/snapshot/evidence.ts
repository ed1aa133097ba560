import type {Evidence, Missing, ServiceUnavailable, TrailBucket, UnknownRecord} from './types.js';

/** True when the evidence is a marker (`{error}` or `{unknown}`) rather than the value. */
export function isMissing(value: unknown): value is Missing {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'error' || keys[0] === 'unknown');
}

/** True when a service's evidence group says AWS does not offer the service there (a fact, not a missing value). */
export function isUnavailable(value: unknown): value is ServiceUnavailable {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'unavailable';
}

/** The value of present evidence, or `undefined` for a missing one. */
export function valueOf<T>(evidence: Evidence<T> | undefined): T | undefined {
  return evidence === undefined || isMissing(evidence) ? undefined : (evidence as T);
}

/** A `Missing` marker for evidence that lives outside what was audited. */
export function unknownEvidence(reason: string, ownerAccountId?: string): Missing {
  const unknown: UnknownRecord = {reason};
  if (ownerAccountId) unknown.ownerAccountId = ownerAccountId;
  return {unknown};
}

/** A `NotCollected` marker: the collector never got to this evidence (interrupted, or narrowed away). */
export function notCollected(message = 'not collected'): Missing {
  return {error: {kind: 'NotCollected', message}};
}

/** A one-line description of why evidence is missing, for findings. */
export function describeMissing(missing: Missing): string {
  if ('error' in missing) {
    const e = missing.error;
    const where = e.operation ? ` on ${e.operation}` : '';
    return `${e.code ?? e.kind}${where}: ${e.message}`;
  }
  const owner = missing.unknown.ownerAccountId ? ` (held by account ${missing.unknown.ownerAccountId})` : '';
  return `${missing.unknown.reason}${owner}`;
}

/** A trail bucket record whose every piece of evidence is `unknown` (the bucket is held by an account not audited). */
export function unknownTrailBucket(name: string, reason: string, ownerAccountId?: string): TrailBucket {
  const marker = unknownEvidence(reason, ownerAccountId);
  return {
    name,
    ...(ownerAccountId ? {ownerAccountId} : {}),
    objectLock: marker,
    versioning: marker,
    publicAccessBlock: marker,
    policy: marker,
    policyStatus: marker,
    acl: marker,
    encryption: marker,
    lifecycle: marker,
    logging: marker,
  };
}

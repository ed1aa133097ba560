/**
 * S3 facts for trail buckets (fed by src/collect/s3.ts): each bucket judged once, in the account that holds its
 * evidence, with every trail that delivers to it.
 */
import {isMissing, unknownEvidence, unknownTrailBucket} from '../evidence.js';
import type {AccountSnapshot, BucketAcl, Evidence, LifecycleRule, Missing, PublicAccessBlock, Trail, TrailBucket} from '../types.js';
import type {AccountFacts, Subject} from '../normalize.js';
import type {TrailFacts} from './cloudtrail.js';
import {anyKnown, mapEvidence, partitionOf, type SnapshotIndexes} from './common.js';
import {analyzeBucketPolicy} from './bucket-policy.js';

export interface PublicAccessBlockFacts extends PublicAccessBlock {
  allBlocked: boolean;
}


export interface BucketFacts {
  name: string;
  ownerAccountId: string | null;
  /** Trails (ARNs) that deliver to this bucket. */
  trailArns: string[];
  /** Where the trails write: `<S3KeyPrefix>/AWSLogs/` for each trail. */
  logPrefixes: string[];
  objectLock: Evidence<{enabled: boolean; mode: string | null; retentionDays: number | null}>;
  versioning: Evidence<string>;
  mfaDelete: Evidence<boolean>;
  aclPublicGrantees: Evidence<string[]>;
  policyIsPublic: Evidence<boolean>;
  publicAccessBlocked: Evidence<boolean>;
  /** Whether the bucket is public in effect, as S3 judges it (policy pins, ACL grants, the BPA settings that apply). */
  publicAccess: Evidence<{public: boolean; reasons: string[]}>;
  accessLogging: Evidence<{enabled: boolean; targetBucket: string | null; targetIsSelf: boolean}>;
  encryption: Evidence<string | null>;
  lifecycleRules: Evidence<LifecycleRuleFacts[]>;
}

export interface LifecycleRuleFacts {
  id: string | null;
  enabled: boolean;
  coversTrailLogs: boolean;
  expirationDays: number | null;
  noncurrentExpirationDays: number | null;
  /** Transitions to a colder class after ≥ 30 days, or to Intelligent-Tiering. */
  tiersToColderStorage: boolean;
  bucketVersioning: Evidence<string>;
}

// ---- buckets ----------------------------------------------------------------------------------------------------

const PUBLIC_GROUPS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];

function publicGrantees(acl: BucketAcl): string[] {
  return (acl.Grants ?? []).map((g) => g.Grantee?.URI ?? '').filter((uri) => PUBLIC_GROUPS.includes(uri));
}

/** True when the bucket policy text is public as S3 judges it (an invalid text is not judged public here). */
export function policyAllowsEveryone(policy: string): boolean {
  return analyzeBucketPolicy(policy).kind === 'public';
}

type PabSetting = 'IgnorePublicAcls' | 'RestrictPublicBuckets';

/** Three-valued: a Block Public Access setting is on for the bucket or for its account. */
function settingOn(bucketPab: Evidence<PublicAccessBlock | null>, accountPab: Evidence<PublicAccessBlock | null>, setting: PabSetting): Evidence<boolean> {
  return anyKnown([bucketPab, accountPab].map((pab) => mapEvidence(pab, (p) => p?.[setting] === true)));
}

/**
 * Whether a bucket is public in effect: an ACL grant to AllUsers/AuthenticatedUsers not ignored by IgnorePublicAcls,
 * or a public policy (by S3's policy status or by the statements) not restricted by RestrictPublicBuckets. Missing
 * Block Public Access alone is not public.
 */
function publicAccessFacts(bucket: TrailBucket, accountPab: Evidence<PublicAccessBlock | null>): Evidence<{public: boolean; reasons: string[]}> {
  const reasons: string[] = [];
  const missing: Missing[] = [];
  // Public in effect only when the setting is known to be off; when it could not be read, the verdict is that marker.
  const notSet = (v: Evidence<boolean>): boolean => {
    if (isMissing(v)) missing.push(v);
    return v === false;
  };
  const grantees = mapEvidence(bucket.acl, publicGrantees);
  if (isMissing(grantees)) missing.push(grantees);
  else if (grantees.length > 0 && notSet(settingOn(bucket.publicAccessBlock, accountPab, 'IgnorePublicAcls'))) {
    reasons.push(`the ACL grants access to ${[...new Set(grantees.map((g) => g.split('/').pop()))].join(', ')}`);
  }
  const policyReasons: string[] = [];
  if (mapEvidence(bucket.policyStatus, (st) => st?.IsPublic === true) === true) policyReasons.push('S3 reports the bucket policy as public');
  if (isMissing(bucket.policy)) missing.push(bucket.policy);
  else if (bucket.policy) {
    const verdict = analyzeBucketPolicy(bucket.policy);
    if (verdict.kind === 'invalid') return {error: {kind: 'InvalidResponse', message: verdict.reason, operation: 's3:GetBucketPolicy'}};
    if (verdict.kind === 'public') policyReasons.push(...verdict.reasons);
  }
  if (policyReasons.length > 0 && notSet(settingOn(bucket.publicAccessBlock, accountPab, 'RestrictPublicBuckets'))) reasons.push(...policyReasons);
  if (reasons.length > 0) return {public: true, reasons};
  return missing[0] ?? {public: false, reasons: []};
}

/** Block Public Access settings with `allBlocked` when all four are on. */
export function pabFacts(pab: PublicAccessBlock | null): PublicAccessBlockFacts | null {
  if (!pab) return null;
  const allBlocked = !!(pab.BlockPublicAcls && pab.IgnorePublicAcls && pab.BlockPublicPolicy && pab.RestrictPublicBuckets);
  return {...pab, allBlocked};
}

const COLD_CLASSES = ['STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];

function rulePrefix(rule: LifecycleRule): string {
  return rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? '';
}

// CloudTrail does not tag its log objects, and log files come in every size: a rule narrowed by tag or object size
// does not reach all of them, whatever its prefix.
const NARROWING_FILTERS = ['Tag', 'Tags', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'];

function narrowsBeyondPrefix(rule: LifecycleRule): boolean {
  const filter = (rule.Filter ?? {}) as Record<string, unknown>;
  const and = (rule.Filter?.And ?? {}) as Record<string, unknown>;
  return NARROWING_FILTERS.some((k) => filter[k] !== undefined || and[k] !== undefined);
}

function lifecycleRuleFacts(rule: LifecycleRule, logPrefixes: string[], versioning: Evidence<string>): LifecycleRuleFacts {
  const prefix = rulePrefix(rule);
  const transitions = rule.Transitions ?? [];
  return {
    id: rule.ID ?? null,
    enabled: rule.Status === 'Enabled',
    coversTrailLogs: logPrefixes.length > 0 && !narrowsBeyondPrefix(rule) && logPrefixes.every((p) => p.startsWith(prefix)),
    expirationDays: rule.Expiration?.Days ?? null,
    noncurrentExpirationDays: rule.NoncurrentVersionExpiration?.NoncurrentDays ?? null,
    tiersToColderStorage: transitions.some(
      (t) =>
        t.StorageClass === 'INTELLIGENT_TIERING' || (COLD_CLASSES.includes(t.StorageClass ?? '') && (t.Days ?? 0) >= 30),
    ),
    bucketVersioning: versioning,
  };
}

/** Where a trail writes in its bucket: `<S3KeyPrefix>/AWSLogs/`. */
function logPrefixOf(trail: Trail): string {
  const prefix = trail.description.S3KeyPrefix;
  return `${prefix ? `${prefix}/` : ''}AWSLogs/`;
}

function bucketFacts(
  bucket: TrailBucket,
  trails: Trail[],
  accountPab: (ownerAccountId: string | undefined) => Evidence<PublicAccessBlock | null>,
): BucketFacts {
  const logPrefixes = trails.map(logPrefixOf);
  const versioning = mapEvidence(bucket.versioning, (v) => v.Status ?? 'Disabled');
  const bucketBlocked = mapEvidence(bucket.publicAccessBlock, (p) => pabFacts(p)?.allBlocked === true);
  const accountBlocked = mapEvidence(accountPab(bucket.ownerAccountId), (p) => pabFacts(p)?.allBlocked === true);
  return {
    name: bucket.name,
    ownerAccountId: bucket.ownerAccountId ?? null,
    trailArns: trails.map((t) => t.arn).sort(),
    logPrefixes: [...new Set(logPrefixes)].sort(),
    objectLock: mapEvidence(bucket.objectLock, (c) => {
      const retention = c?.Rule?.DefaultRetention;
      const days = retention ? (retention.Days ?? 0) + (retention.Years ?? 0) * 365 : null;
      return {enabled: c?.ObjectLockEnabled === 'Enabled', mode: retention?.Mode ?? null, retentionDays: days || null};
    }),
    versioning,
    mfaDelete: mapEvidence(bucket.versioning, (v) => v.MFADelete === 'Enabled'),
    aclPublicGrantees: mapEvidence(bucket.acl, publicGrantees),
    policyIsPublic: (() => {
      const byStatus = mapEvidence(bucket.policyStatus, (s) => s?.IsPublic === true);
      const byDocument = mapEvidence(bucket.policy, (p) => (p ? policyAllowsEveryone(p) : false));
      if (byStatus === true || byDocument === true) return true;
      return isMissing(byStatus) ? byStatus : isMissing(byDocument) ? byDocument : false;
    })(),
    publicAccessBlocked: anyKnown([bucketBlocked, accountBlocked]),
    publicAccess: publicAccessFacts(bucket, accountPab(bucket.ownerAccountId)),
    accessLogging: mapEvidence(bucket.logging, (l) => ({
      enabled: !!l?.TargetBucket,
      targetBucket: l?.TargetBucket ?? null,
      targetIsSelf: l?.TargetBucket === bucket.name,
    })),
    encryption: mapEvidence(bucket.encryption, (e) => {
      const rule = (e?.Rules?.[0] ?? {}) as {ApplyServerSideEncryptionByDefault?: {SSEAlgorithm?: string}};
      return rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null;
    }),
    lifecycleRules: mapEvidence(bucket.lifecycle, (l) =>
      (l?.Rules ?? []).map((r) => lifecycleRuleFacts(r, logPrefixes, versioning)),
    ),
  };
}

/** The account holds the bucket's evidence itself (it owns the bucket), rather than an `unknown` placeholder. */
export function holdsBucket(bucket: TrailBucket, accountId: string): boolean {
  if (bucket.ownerAccountId) return bucket.ownerAccountId === accountId;
  return !(isMissing(bucket.acl) && 'unknown' in bucket.acl);
}

/** How much present evidence a bucket record holds: the owner's record wins the join. */
export function evidenceScore(bucket: TrailBucket): number {
  return Object.values(bucket).filter((v) => typeof v === 'object' && v !== null && !isMissing(v)).length;
}

function centralized(bucket: TrailBucket | undefined, accountId: string): Evidence<boolean> {
  if (bucket?.ownerAccountId) return bucket.ownerAccountId !== accountId;
  if (!bucket) return unknownEvidence('the trail bucket was not collected');
  // A bucket whose evidence is `unknown` is, by the collectors' contract, held by another account.
  if (isMissing(bucket.acl) && 'unknown' in bucket.acl) return true;
  return isMissing(bucket.acl) ? bucket.acl : false;
}

function unknownBucket(name: string, ownerAccountId: string | undefined): TrailBucket {
  return unknownTrailBucket(name, `bucket ${name} was not collected in the audited accounts`, ownerAccountId);
}

/**
 * The bucket subjects an account contributes, and where its own trails' buckets live. A bucket is judged once, in the
 * owner's account when the owner is audited and holds the evidence (so a member's trail that delivers to the
 * log-archive account is judged with the log archive's evidence), else here.
 */
export function bucketSubjects(
  account: AccountSnapshot,
  trails: TrailFacts[],
  trailsMissing: Missing[],
  ix: SnapshotIndexes,
): {subjects: Subject<BucketFacts>[]; placement: AccountFacts['trailBucketPlacement']} {
  const id = account.accountId;
  const subjects: Subject<BucketFacts>[] = [];
  const bucketNames = new Set(account.trailBuckets.filter((b) => holdsBucket(b, id)).map((b) => b.name));
  const placement: {bucket: string; centralized: Evidence<boolean>}[] = [];
  for (const t of trails) {
    if (!t.s3BucketName || placement.some((p) => p.bucket === t.s3BucketName)) continue;
    // An organization trail's bucket placement is its owner's business, not the member's.
    if (t.ownedByAuditedAccount) placement.push({bucket: t.s3BucketName, centralized: centralized(ix.bucketIndex.get(t.s3BucketName), id)});
    const holders = ix.recordedBy.get(t.s3BucketName);
    const judgedElsewhere = [...(holders ?? [])].some((holder) => holder !== id && ix.audited.has(holder));
    if (!judgedElsewhere) bucketNames.add(t.s3BucketName);
  }
  for (const name of [...bucketNames].sort()) {
    const bucketTrails = ix.trailsByBucket.get(name) ?? [];
    const foreignOwner = bucketTrails.find((t) => t.ownerAccountId !== id)?.ownerAccountId;
    const record = ix.bucketIndex.get(name) ?? unknownBucket(name, foreignOwner);
    const partition = partitionOf(bucketTrails[0]?.arn ?? 'arn:aws');
    subjects.push({
      accountId: id,
      region: record.region ?? 'global',
      resource: `arn:${partition}:s3:::${name}`,
      resourceType: 'AWS::S3::Bucket',
      facts: bucketFacts(
        record,
        bucketTrails,
        // `has`, not `??`: a `null` account setting is evidence ("not configured"), not an unaudited owner.
        (owner) => (ix.pabIndex.has(owner ?? id) ? ix.pabIndex.get(owner ?? id)! : unknownEvidence('the bucket owner account was not audited', owner)),
      ),
    });
  }
  return {subjects, placement: [...placement, ...trailsMissing]};
}

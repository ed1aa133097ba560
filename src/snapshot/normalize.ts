/**
 * The normalizer: derives, from a validated snapshot, the facts that rules read. Every join lives here (which trails
 * cover a region, which bucket record belongs to a trail, which account a trail is judged in), so that a policy is a
 * selector plus a condition and never re-implements a join.
 *
 * A derived fact whose evidence is missing carries the `Missing` marker itself, so the evaluator can answer `error`
 * or `unknown` instead of `pass`.
 */
import {analyzeSelectors, dataEventsCoverBucket, type SelectorAnalysis} from './event-selectors.js';
import {isMissing, notCollected, unknownEvidence, unknownTrailBucket, valueOf} from './evidence.js';
import type {
  AccountSnapshot,
  BucketAcl,
  Evidence,
  GuardDutyDetector,
  LifecycleRule,
  LogGroup,
  Missing,
  PublicAccessBlock,
  RegionSnapshot,
  Snapshot,
  Trail,
  TrailBucket,
} from './types.js';

/** A thing a rule is evaluated on: where it is, what it is called, and its facts. */
export interface Subject<F = Record<string, unknown>> {
  accountId: string;
  /** A region name, or `global` for account-wide subjects. */
  region: string;
  /** An ARN where AWS has one, otherwise a stable id (`account/123…`, `123…/eu-west-1`). */
  resource: string;
  resourceType: string;
  facts: F;
}

/** The named selectors (`given`) policies choose their subjects with. */
export interface NormalizedSnapshot {
  accounts: Subject<AccountFacts>[];
  regions: Subject<RegionFacts>[];
  trails: Subject<TrailFacts>[];
  trailBuckets: Subject<BucketFacts>[];
  logGroups: Subject<LogGroupFacts>[];
  trailLogGroups: Subject<TrailLogGroupFacts>[];
  /** Accounts that could not be audited at all: every rule reports `error` for them. */
  failedAccounts: {accountId: string; error: Missing}[];
  /** When the evidence was collected: time-based facts are relative to this, never to "now". */
  collectedAt: string;
}

export type SelectorName = Exclude<keyof NormalizedSnapshot, 'failedAccounts' | 'collectedAt'>;
export const SELECTOR_NAMES: SelectorName[] = ['accounts', 'regions', 'trails', 'trailBuckets', 'logGroups', 'trailLogGroups'];

export interface TrailFacts {
  arn: string;
  name: string;
  ownerAccountId: string;
  /** False for an organization trail (or any trail) owned by another account. */
  ownedByAuditedAccount: boolean;
  homeRegion: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidation: boolean;
  kmsKeyId: string | null;
  s3BucketName: string | null;
  cloudWatchLogsLogGroupArn: string | null;
  isLogging: Evidence<boolean>;
  latestDeliveryError: Evidence<string | null>;
  /** Hours between the last CloudWatch Logs delivery and the snapshot; null when never delivered. */
  cloudWatchDeliveryAgeHours: Evidence<number | null>;
  management: Evidence<SelectorAnalysis['management'] & {readWrite: boolean; noExclusions: boolean}>;
  s3DataEvents: Evidence<SelectorAnalysis['s3Data']>;
  /** Whether the trail's data events include its own log bucket or that bucket's access-log target. */
  dataEventsOnOwnLogBucket: Evidence<boolean>;
  /** Whether S3 read / write data events are logged for every bucket (excluding only the trail's own log buckets). */
  s3DataEventsAllBuckets: Evidence<{read: boolean; write: boolean}>;
  insightTypes: Evidence<string[]>;
}

export interface AccountFacts {
  accountId: string;
  alias: string | null;
  inOrganization: Evidence<boolean>;
  isManagementAccount: Evidence<boolean>;
  organizationId: string | null;
  enabledRegions: string[];
  /** Every trail the account is covered by (its own and organization trails), each with its facts. */
  trails: (TrailFacts | Missing)[];
  /**
   * The organization trails among `trails`. When the organization itself could not be read, its marker is one more
   * item, so that "no organization trail" is never judged without knowing whether the account is in one.
   */
  organizationTrails: (TrailFacts | Missing)[];
  publicAccessBlock: Evidence<PublicAccessBlockFacts | null>;
  /** For each bucket the account's own trails deliver to: whether the bucket lives in another account. */
  trailBucketPlacement: ({bucket: string; centralized: Evidence<boolean>})[];
  guardDutyDetectors: (DetectorFacts | Missing)[];
  configAggregators: ({name: string; organizationWide: boolean; allRegions: boolean} | Missing)[];
  /**
   * The Config aggregators of every audited account of the same organization (the account's own when standalone), so
   * an aggregator in a delegated administrator account is seen from the management account.
   */
  organizationConfigAggregators: ({accountId: string; name: string; organizationWide: boolean; allRegions: boolean} | Missing)[];
  /** Regions whose Config recorder includes global resource types. */
  configGlobalTypesRegions: Evidence<string[]>;
}

export interface PublicAccessBlockFacts extends PublicAccessBlock {
  allBlocked: boolean;
}

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

export interface RegionFacts {
  region: string;
  optInStatus: string;
  /** Trails that record events in this region: multi-Region trails, and single-Region trails homed here. */
  trails: (TrailFacts | Missing)[];
  guardDuty: Evidence<DetectorFacts[]>;
  detective: Evidence<{graphCount: number; memberOf: number}>;
  config: Evidence<ConfigRegionFacts>;
}

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

export interface LogGroupFacts {
  name: string;
  retentionInDays: number | null;
  storedBytes: number;
  storedGiB: number;
  kmsKeyId: string | null;
  logGroupClass: string;
  /** Storage cost a month at the CloudWatch Logs standard price. */
  estimatedMonthlyStorageUsd: number;
  receivesTrailEvents: boolean;
}

export interface TrailLogGroupFacts {
  trailArn: string;
  logGroupArn: string;
  /** The log group as found in its region, or why it could not be read. */
  logGroup: Evidence<LogGroupFacts & {metricFilterCount: Evidence<number> | null; subscriptionFilterCount: Evidence<number> | null}>;
  /** Trails always deliver to S3 too, so the log group is a copy, not the archive. */
  archivedToS3: boolean;
}

/** USD per GB-month of CloudWatch Logs standard storage (us-east-1; see docs/pricing.md). */
export const CWL_STORAGE_USD_PER_GB_MONTH = 0.03;

const isEnabledRegion = (r: RegionSnapshot) => r.optInStatus !== 'not-opted-in';

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

/** Maps an evidence value, passing a `Missing` marker through unchanged. */
function mapEvidence<T, U>(evidence: Evidence<T> | undefined, fn: (value: T) => U, absent?: Missing): Evidence<U> {
  if (evidence === undefined) return absent ?? notCollected('not in the snapshot');
  if (isMissing(evidence)) return evidence;
  return fn(evidence as T);
}

/** Three-valued "any": true if one is known true; false if all are known false; otherwise the first marker. */
function anyKnown(values: Evidence<boolean>[]): Evidence<boolean> {
  if (values.some((v) => v === true)) return true;
  const missing = values.find(isMissing);
  return missing ?? false;
}

// ---- trails -----------------------------------------------------------------------------------------------------

function trailFacts(trail: Trail, auditedAccountId: string, collectedAt: string, buckets: Map<string, TrailBucket>): TrailFacts {
  const d = trail.description;
  const analysis = mapEvidence(trail.eventSelectors, analyzeSelectors);
  const bucketName = d.S3BucketName ?? null;
  const bucket = bucketName ? buckets.get(bucketName) : undefined;
  return {
    arn: trail.arn,
    name: d.Name,
    ownerAccountId: trail.ownerAccountId,
    ownedByAuditedAccount: trail.ownerAccountId === auditedAccountId,
    homeRegion: d.HomeRegion,
    isMultiRegion: d.IsMultiRegionTrail === true,
    isOrganizationTrail: d.IsOrganizationTrail === true,
    includeGlobalServiceEvents: d.IncludeGlobalServiceEvents === true,
    logFileValidation: d.LogFileValidationEnabled === true,
    kmsKeyId: d.KmsKeyId ?? null,
    s3BucketName: bucketName,
    cloudWatchLogsLogGroupArn: d.CloudWatchLogsLogGroupArn ?? null,
    isLogging: mapEvidence(trail.status, (s) => s.IsLogging === true),
    latestDeliveryError: mapEvidence(trail.status, (s) => s.LatestDeliveryError || null),
    cloudWatchDeliveryAgeHours: mapEvidence(trail.status, (s) =>
      s.LatestCloudWatchLogsDeliveryTime
        ? // Rounded down, so 23 h 57 min stays under a 24 h limit.
          Math.floor(((Date.parse(collectedAt) - Date.parse(s.LatestCloudWatchLogsDeliveryTime)) / 36e5) * 10) / 10
        : null,
    ),
    management: mapEvidence(analysis, (a) => ({
      ...a.management,
      readWrite: a.management.read && a.management.write,
      noExclusions: a.management.excludedSources.length === 0,
    })),
    s3DataEvents: mapEvidence(analysis, (a) => a.s3Data),
    dataEventsOnOwnLogBucket: mapEvidence(analysis, (a) => {
      if (!bucketName) return false;
      const partition = partitionOf(trail.arn);
      if (dataEventsCoverBucket(a.s3Data, bucketName, partition)) return true;
      if (a.s3Data.read === 'none' && a.s3Data.write === 'none') return false;
      // The access-log target is known only from the bucket's logging configuration: without it, data events that
      // may reach other buckets leave the answer open rather than "no".
      const logging = bucket ? bucket.logging : unknownEvidence(`bucket ${bucketName} was not collected`);
      if (isMissing(logging)) return logging;
      const target = logging?.TargetBucket;
      return target ? dataEventsCoverBucket(a.s3Data, target, partition) : false;
    }),
    s3DataEventsAllBuckets: mapEvidence(analysis, (a) => allBucketsDataEvents(a.s3Data, bucketName, bucket, partitionOf(trail.arn))),
    insightTypes: mapEvidence(trail.insightSelectors, (list) => list.map((i) => String(i.InsightType)).sort()),
  };
}

/**
 * Whether S3 read and write data events are logged for every bucket. Excluding the trail's own log bucket, or that
 * bucket's access-log target, still counts as every bucket: cost.data-events-log-bucket-loop asks for exactly that
 * exclusion, and the two rules must not contradict each other.
 */
function allBucketsDataEvents(
  s3Data: SelectorAnalysis['s3Data'],
  bucketName: string | null,
  bucket: TrailBucket | undefined,
  partition: string,
): Evidence<{read: boolean; write: boolean}> {
  if (s3Data.read !== 'all' && s3Data.write !== 'all') return {read: false, write: false};
  // Only a prefix inside the bucket (`…:::name/`) is that bucket alone; `…:::name` also drops `name-other`.
  const within = (prefix: string, name: string) => prefix.startsWith(`arn:${partition}:s3:::${name}/`);
  let others = s3Data.excludedPrefixes.filter((p) => !(bucketName && within(p, bucketName)));
  if (others.length && bucketName) {
    const logging = bucket ? bucket.logging : unknownEvidence(`bucket ${bucketName} was not collected`);
    if (isMissing(logging)) return logging;
    const target = logging?.TargetBucket;
    if (target) others = others.filter((p) => !within(p, target));
  }
  const complete = others.length === 0;
  return {read: s3Data.read === 'all' && complete, write: s3Data.write === 'all' && complete};
}

// ---- buckets ----------------------------------------------------------------------------------------------------

const PUBLIC_GROUPS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];

function publicGrantees(acl: BucketAcl): string[] {
  return (acl.Grants ?? []).map((g) => g.Grantee?.URI ?? '').filter((uri) => PUBLIC_GROUPS.includes(uri));
}

/** A policy statement that allows everyone (`*`) with no condition makes the bucket public. */
export function policyAllowsEveryone(policy: string): boolean {
  let doc: {Statement?: unknown};
  try {
    doc = JSON.parse(policy);
  } catch {
    return false;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.some((s: Record<string, unknown>) => {
    if (s.Effect !== 'Allow' || s.Condition) return false;
    const p = s.Principal as unknown;
    if (p === '*') return true;
    const aws = (p as {AWS?: unknown} | undefined)?.AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

function pabFacts(pab: PublicAccessBlock | null): PublicAccessBlockFacts | null {
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

// ---- log groups -------------------------------------------------------------------------------------------------

function logGroupFacts(group: LogGroup, trailGroupArns: Set<string>, region: string, accountId: string): LogGroupFacts {
  const storedBytes = group.storedBytes ?? 0;
  const storedGiB = storedBytes / 1024 ** 3;
  return {
    name: group.logGroupName,
    retentionInDays: group.retentionInDays ?? null,
    storedBytes,
    storedGiB: Math.round(storedGiB * 1000) / 1000,
    kmsKeyId: group.kmsKeyId ?? null,
    logGroupClass: group.logGroupClass ?? 'STANDARD',
    estimatedMonthlyStorageUsd: Math.round(storedGiB * CWL_STORAGE_USD_PER_GB_MONTH * 100) / 100,
    receivesTrailEvents: trailGroupArns.has(logGroupKey(accountId, region, group.logGroupName)),
  };
}

/** Facts for the log groups of a region that could not be listed: every fact is the marker saying why. */
function unlistedLogGroupFacts(marker: Missing): LogGroupFacts {
  const names: (keyof LogGroupFacts)[] = [
    'name',
    'retentionInDays',
    'storedBytes',
    'storedGiB',
    'kmsKeyId',
    'logGroupClass',
    'estimatedMonthlyStorageUsd',
    'receivesTrailEvents',
  ];
  // The marker stands in for each value; the judge turns any rule that reads one into `error`/`unknown`.
  return Object.fromEntries(names.map((name) => [name, marker])) as unknown as LogGroupFacts;
}

/** A log group ARN from a trail may end in `:*`; compare by account, region and name. */
function logGroupKey(accountId: string, region: string, name: string): string {
  return `${accountId}|${region}|${name}`;
}

function parseLogGroupArn(arn: string): {accountId: string; region: string; name: string} {
  const parts = arn.split(':');
  const name = parts.slice(6).join(':').replace(/:\*$/, '');
  return {region: parts[3] ?? '', accountId: parts[4] ?? '', name};
}

// ---- detectors and config ---------------------------------------------------------------------------------------

function detectorFacts(region: string, d: NonNullable<RegionSnapshot['guardDuty']>['detectors']): Evidence<DetectorFacts[]> {
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

function configFacts(region: RegionSnapshot, globalTypesRegions: Evidence<string[]>): Evidence<ConfigRegionFacts> {
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
    globalTypesRecordedSomewhere: mapEvidence(globalTypesRegions, (list) => list.length > 0),
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

// ---- the whole snapshot -----------------------------------------------------------------------------------------

/** Derives every selector's subjects from a validated snapshot. Pure: the same snapshot gives the same result. */
export function normalize(snapshot: Snapshot): NormalizedSnapshot {
  const collectedAt = snapshot.collection.finishedAt;
  const out: NormalizedSnapshot = {
    accounts: [],
    regions: [],
    trails: [],
    trailBuckets: [],
    logGroups: [],
    trailLogGroups: [],
    failedAccounts: [],
    collectedAt,
  };
  const audited = new Set(snapshot.accounts.filter((a) => !a.error).map((a) => a.accountId));

  // Global indexes: the owner's record of a trail or bucket is the authoritative one (org-aware join).
  const trailIndex = new Map<string, Trail>();
  const bucketIndex = new Map<string, TrailBucket>();
  const pabIndex = new Map<string, Evidence<PublicAccessBlock | null>>();
  const recordedBy = new Map<string, Set<string>>();
  for (const account of snapshot.accounts) {
    // `null` is evidence ("not configured"), only an absent field is "not collected": so `=== undefined`, not `??`.
    pabIndex.set(
      account.accountId,
      account.s3PublicAccessBlock === undefined ? notCollectedMarker('account public access block') : account.s3PublicAccessBlock,
    );
    for (const trail of account.trails) {
      const known = trailIndex.get(trail.arn);
      if (!known || preferTrail(trail, known, account.accountId)) trailIndex.set(trail.arn, trail);
    }
    for (const bucket of account.trailBuckets) {
      const known = bucketIndex.get(bucket.name);
      if (!known || evidenceScore(bucket) > evidenceScore(known)) bucketIndex.set(bucket.name, bucket);
      if (holdsBucket(bucket, account.accountId)) {
        recordedBy.set(bucket.name, (recordedBy.get(bucket.name) ?? new Set()).add(account.accountId));
      }
    }
  }
  // Every trail in the snapshot that delivers to a bucket, so a bucket is judged with all the trails that use it.
  const trailsByBucket = new Map<string, Trail[]>();
  for (const trail of trailIndex.values()) {
    const name = trail.description.S3BucketName;
    if (name) trailsByBucket.set(name, [...(trailsByBucket.get(name) ?? []), trail]);
  }

  for (const account of snapshot.accounts) {
    if (account.error) {
      out.failedAccounts.push({accountId: account.accountId, error: {error: account.error}});
      continue;
    }
    normalizeAccount(account, {audited, trailIndex, bucketIndex, pabIndex, recordedBy, trailsByBucket, collectedAt}, out);
  }
  linkGuardDutyAdministrators(out);
  linkOrganizationAggregators(out);
  return out;
}

function preferTrail(candidate: Trail, known: Trail, holder: string): boolean {
  // The owner's view has the status a member cannot read.
  return holder === candidate.ownerAccountId && (isMissing(known.status) || !isMissing(candidate.status));
}

/** The account holds the bucket's evidence itself (it owns the bucket), rather than an `unknown` placeholder. */
function holdsBucket(bucket: TrailBucket, accountId: string): boolean {
  if (bucket.ownerAccountId) return bucket.ownerAccountId === accountId;
  return !(isMissing(bucket.acl) && 'unknown' in bucket.acl);
}

function evidenceScore(bucket: TrailBucket): number {
  return Object.values(bucket).filter((v) => typeof v === 'object' && v !== null && !isMissing(v)).length;
}

interface Indexes {
  audited: Set<string>;
  trailIndex: Map<string, Trail>;
  bucketIndex: Map<string, TrailBucket>;
  pabIndex: Map<string, Evidence<PublicAccessBlock | null>>;
  /** Bucket name → the audited accounts that hold its evidence (its owner). */
  recordedBy: Map<string, Set<string>>;
  trailsByBucket: Map<string, Trail[]>;
  collectedAt: string;
}

function normalizeAccount(account: AccountSnapshot, ix: Indexes, out: NormalizedSnapshot): void {
  const id = account.accountId;
  const org = account.organization;
  const orgInfo = valueOf(org);
  const enabledRegions = account.regions.filter(isEnabledRegion);

  // Trails this account sees, in the owner's authoritative version.
  const trails = account.trails.map((t) => trailFacts(ix.trailIndex.get(t.arn) ?? t, id, ix.collectedAt, ix.bucketIndex));
  const trailsMissing = missingTrailLists(enabledRegions);

  if (trailsMissing.length) {
    // DescribeTrails failed in every region: per-trail rules cannot be judged, and must say so rather than be silent.
    out.trails.push({accountId: id, region: 'global', resource: `arn:aws:cloudtrail:*:${id}:trail/*`, resourceType: 'AWS::CloudTrail::Trail', facts: unlistedTrailFacts(trailsMissing[0]!, id, ix.collectedAt)});
  }
  // A trail is judged (per-trail rules) in its owner's account when the owner is audited, else here.
  for (const t of trails) {
    if (t.ownedByAuditedAccount || !ix.audited.has(t.ownerAccountId)) {
      out.trails.push({accountId: id, region: t.homeRegion, resource: t.arn, resourceType: 'AWS::CloudTrail::Trail', facts: t});
    }
  }

  // Buckets: judged once, in the owner's account when the owner is audited and holds the evidence (so a member's
  // trail that delivers to the log-archive account is judged with the log archive's evidence), else here.
  const bucketNames = new Set(account.trailBuckets.filter((b) => holdsBucket(b, id)).map((b) => b.name));
  const placement: AccountFacts['trailBucketPlacement'] = [];
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
    out.trailBuckets.push({
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

  // Log groups, and the ones trails deliver to.
  const trailGroupKeys = new Set<string>();
  for (const t of trails) {
    if (!t.cloudWatchLogsLogGroupArn) continue;
    const g = parseLogGroupArn(t.cloudWatchLogsLogGroupArn);
    trailGroupKeys.add(logGroupKey(g.accountId, g.region, g.name));
  }
  for (const region of enabledRegions) {
    // A region whose log groups could not be listed gets one subject that carries the marker, so log-group rules
    // report `error` there instead of silently judging nothing.
    const listed: Evidence<LogGroup[]> = region.error ? {error: region.error} : (region.logGroups ?? notCollectedMarker('CloudWatch Logs log groups'));
    if (isMissing(listed)) {
      out.logGroups.push({
        accountId: id,
        region: region.name,
        resource: `arn:aws:logs:${region.name}:${id}:log-group:*`,
        resourceType: 'AWS::Logs::LogGroup',
        facts: unlistedLogGroupFacts(listed),
      });
      continue;
    }
    const groups = listed;
    for (const group of groups) {
      out.logGroups.push({
        accountId: id,
        region: region.name,
        resource: group.arn?.replace(/:\*$/, '') ?? `arn:aws:logs:${region.name}:${id}:log-group:${group.logGroupName}`,
        resourceType: 'AWS::Logs::LogGroup',
        facts: logGroupFacts(group, trailGroupKeys, region.name, id),
      });
    }
  }
  for (const t of trails) {
    if (!t.cloudWatchLogsLogGroupArn || !(t.ownedByAuditedAccount || !ix.audited.has(t.ownerAccountId))) continue;
    const g = parseLogGroupArn(t.cloudWatchLogsLogGroupArn);
    out.trailLogGroups.push({
      accountId: id,
      region: g.region,
      resource: t.cloudWatchLogsLogGroupArn.replace(/:\*$/, ''),
      resourceType: 'AWS::Logs::LogGroup',
      facts: {
        trailArn: t.arn,
        logGroupArn: t.cloudWatchLogsLogGroupArn,
        logGroup: trailLogGroup(account, g, trailGroupKeys),
        archivedToS3: !!t.s3BucketName,
      },
    });
  }

  // Regions.
  const detectorsByRegion = new Map<string, Evidence<DetectorFacts[]>>();
  const globalTypesRegions = configGlobalRegions(enabledRegions);
  for (const region of enabledRegions) {
    const covering: (TrailFacts | Missing)[] = trails.filter((t) => t.isMultiRegion || t.homeRegion === region.name);
    const ownList = region.error ? {error: region.error} : region.trailArns;
    if (ownList === undefined || isMissing(ownList)) covering.push(ownList ?? notCollectedMarker('DescribeTrails'));
    const guardDuty = region.error ? {error: region.error} : detectorFacts(region.name, region.guardDuty?.detectors ?? notCollectedMarker('GuardDuty'));
    detectorsByRegion.set(region.name, guardDuty);
    out.regions.push({
      accountId: id,
      region: region.name,
      resource: `${id}/${region.name}`,
      resourceType: 'AWS::Region',
      facts: {
        region: region.name,
        optInStatus: region.optInStatus,
        trails: covering,
        guardDuty,
        detective: region.error ? {error: region.error} : detectiveFacts(region),
        config: region.error ? {error: region.error} : configFacts(region, globalTypesRegions),
      },
    });
  }

  const detectors: (DetectorFacts | Missing)[] = [];
  for (const evidence of detectorsByRegion.values()) {
    if (isMissing(evidence)) detectors.push(evidence);
    else detectors.push(...evidence);
  }
  const accountPab = account.s3PublicAccessBlock === undefined ? notCollectedMarker('S3 account public access block') : account.s3PublicAccessBlock;
  out.accounts.push({
    accountId: id,
    region: 'global',
    resource: `account/${id}`,
    resourceType: 'AWS::::Account',
    facts: {
      accountId: id,
      alias: valueOf(account.alias) ?? null,
      inOrganization: mapEvidence(org, (o) => o !== null),
      isManagementAccount: mapEvidence(org, (o) => o?.managementAccountId === id),
      organizationId: orgInfo?.id ?? null,
      enabledRegions: enabledRegions.map((r) => r.name),
      trails: [...trails, ...trailsMissing],
      organizationTrails: [
        ...trails.filter((t) => t.isOrganizationTrail),
        ...trailsMissing,
        ...[mapEvidence(org, (o) => o !== null)].filter(isMissing),
      ],
      publicAccessBlock: mapEvidence(accountPab, pabFacts),
      trailBucketPlacement: placement,
      guardDutyDetectors: detectors,
      configAggregators: enabledRegions.flatMap((r): AccountFacts['configAggregators'] => {
        const ev = r.error ? {error: r.error} : (r.config?.aggregators ?? notCollectedMarker('Config aggregators'));
        if (isMissing(ev)) return [ev];
        return ev.map((a) => ({
          name: a.ConfigurationAggregatorName ?? '',
          organizationWide: !!a.OrganizationAggregationSource,
          allRegions: a.OrganizationAggregationSource?.AllAwsRegions === true,
        }));
      }),
      configGlobalTypesRegions: globalTypesRegions,
      // Filled by linkOrganizationAggregators once every account is normalized.
      organizationConfigAggregators: [],
    },
  });
}

/** Facts for "the trails of an account that could not be listed": every evidence-bearing fact is the marker. */
function unlistedTrailFacts(marker: Missing, accountId: string, collectedAt: string): TrailFacts {
  const arn = `arn:aws:cloudtrail:*:${accountId}:trail/*`;
  // Start from a real TrailFacts so that every fact (present and future) is covered, then blank out the evidence.
  const shape = trailFacts(
    {arn, ownerAccountId: accountId, description: {Name: '*', TrailARN: arn, HomeRegion: 'global'}, status: marker, eventSelectors: marker, insightSelectors: marker},
    accountId,
    collectedAt,
    new Map(),
  );
  const identity = new Set(['arn', 'name', 'ownerAccountId', 'ownedByAuditedAccount', 'homeRegion']);
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(shape)) facts[key] = identity.has(key) ? value : marker;
  return {...facts, name: '(trails could not be listed)'} as unknown as TrailFacts;
}

function notCollectedMarker(what: string): Missing {
  return notCollected(`${what} not in the snapshot`);
}

/** When DescribeTrails failed in every enabled region, the account's trail list itself is unknown. */
function missingTrailLists(regions: RegionSnapshot[]): Missing[] {
  const markers = regions.map((r) => (r.error ? {error: r.error} : r.trailArns)).filter((e): e is Missing => e === undefined || isMissing(e)).map((e) => e ?? notCollectedMarker('DescribeTrails'));
  return markers.length && markers.length === regions.length ? [markers[0]!] : [];
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

function trailLogGroup(
  account: AccountSnapshot,
  g: {accountId: string; region: string; name: string},
  trailGroupKeys: Set<string>,
): TrailLogGroupFacts['logGroup'] {
  if (g.accountId !== account.accountId) {
    return unknownEvidence(`log group ${g.name} is in account ${g.accountId}`, g.accountId);
  }
  const region = account.regions.find((r) => r.name === g.region);
  if (!region) return unknownEvidence(`region ${g.region} was not audited`);
  if (region.error) return {error: region.error};
  if (!region.logGroups) return notCollectedMarker('CloudWatch Logs');
  if (isMissing(region.logGroups)) return region.logGroups;
  const group = region.logGroups.find((l) => l.logGroupName === g.name);
  if (!group) {
    return {error: {kind: 'ServiceError', message: `log group ${g.name} does not exist in ${g.region}`, code: 'ResourceNotFoundException'}};
  }
  return {
    ...logGroupFacts(group, trailGroupKeys, g.region, g.accountId),
    // Collected for every log group a trail delivers to: absent is missing evidence, not "no filters".
    metricFilterCount: group.metricFilterCount ?? notCollectedMarker(`metric filters of log group ${g.name}`),
    subscriptionFilterCount: group.subscriptionFilterCount ?? notCollectedMarker(`subscription filters of log group ${g.name}`),
  };
}

function configGlobalRegions(regions: RegionSnapshot[]): Evidence<string[]> {
  const found: string[] = [];
  let missing: Missing | undefined;
  for (const r of regions) {
    const recorders = r.error ? ({error: r.error} as Missing) : r.config?.recorders;
    if (!recorders || isMissing(recorders)) {
      missing ??= recorders ?? notCollectedMarker('Config recorders');
      continue;
    }
    if (recorders.some((rec) => rec.recordingGroup?.includeGlobalResourceTypes === true)) found.push(r.name);
  }
  return found.length || !missing ? found : missing;
}

function detectiveFacts(region: RegionSnapshot): RegionFacts['detective'] {
  const d = region.detective;
  if (!d) return notCollectedMarker('Detective');
  if (isMissing(d.graphs)) return d.graphs;
  const memberOf = isMissing(d.memberships) ? 0 : d.memberships.filter((m) => m.Status === 'ENABLED').length;
  if (d.graphs.length === 0 && isMissing(d.memberships)) return d.memberships;
  return {graphCount: d.graphs.length, memberOf};
}

/** Gives each member detector its administrator's auto-enable setting and findings export (org-aware join). */
function linkGuardDutyAdministrators(out: NormalizedSnapshot): void {
  const regionOf = new Map(out.regions.map((r) => [`${r.accountId}|${r.region}`, r.facts.guardDuty]));
  for (const r of out.regions) {
    if (isMissing(r.facts.guardDuty)) continue;
    for (const d of r.facts.guardDuty) {
      const adminId = d.administratorAccountId;
      if (adminId === null || adminId === r.accountId) continue;
      let admin: Evidence<DetectorFacts>;
      if (isMissing(adminId)) admin = adminId;
      else {
        const detectors = regionOf.get(`${adminId}|${r.region}`);
        if (detectors === undefined) admin = unknownEvidence(`GuardDuty administrator account ${adminId} was not audited in ${r.region}`, adminId);
        else if (isMissing(detectors)) admin = detectors;
        else admin = detectors.find((a) => a.enabled) ?? unknownEvidence(`GuardDuty administrator account ${adminId} has no enabled detector in ${r.region}`, adminId);
      }
      d.organizationAutoEnable = isMissing(admin) ? admin : admin.organizationAutoEnable;
      d.findingsExported = anyKnown([d.publishingToS3, isMissing(admin) ? admin : admin.publishingToS3]);
    }
  }
}

/** Gives every account of an organization the Config aggregators of all its audited accounts. */
function linkOrganizationAggregators(out: NormalizedSnapshot): void {
  for (const account of out.accounts) {
    const orgId = account.facts.organizationId;
    const peers = orgId ? out.accounts.filter((a) => a.facts.organizationId === orgId) : [account];
    account.facts.organizationConfigAggregators = peers.flatMap((peer) =>
      peer.facts.configAggregators.map((a) => (isMissing(a) ? a : {accountId: peer.accountId, ...a})),
    );
    // Without the organization, its other accounts' aggregators are unknown: "none found" must not be a verdict.
    const org = account.facts.inOrganization;
    if (isMissing(org)) account.facts.organizationConfigAggregators.push(org);
  }
}

/**
 * CloudTrail facts (fed by src/collect/cloudtrail.ts): one TrailFacts per trail, in the owner's authoritative version,
 * with the event selectors read once (basic and advanced alike) and the trail's bucket joined in.
 */
import {analyzeSelectors, dataEventsCoverBucket, sourcesInclude, type SelectorAnalysis} from '../event-selectors.js';
import {isMissing, unknownEvidence} from '../evidence.js';
import type {Evidence, Missing, RegionSnapshot, Trail, TrailBucket} from '../types.js';
import type {Subject} from '../normalize.js';
import {mapEvidence, notCollectedMarker, partitionOf, type SnapshotIndexes} from './common.js';

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

/** A trail that records (or may record) one class of management events in a region. */
export interface ManagementEventRecorder {
  arn: string;
  name: string;
  /** True when the trail is logging and its selectors take these events; the marker when that cannot be read. */
  records: Evidence<true>;
}

/**
 * The management events of a region, by category (`read`, `write`) and event source (`*`: every source no selector
 * names), each with the trails that record them there. A marker item is a region whose trails could not be listed.
 */
export type ManagementEventCopies = Record<'read' | 'write', Record<string, (ManagementEventRecorder | Missing)[]>>;

/**
 * Who records each management event of a region: cost.duplicate-mgmt-trails counts copies per category and source,
 * so a read-only trail next to a write-only one is no copy, and a trail that excludes KMS events copies the rest.
 */
export function managementEventCopies(covering: (TrailFacts | Missing)[]): ManagementEventCopies {
  const copies: ManagementEventCopies = {read: {}, write: {}};
  const unlisted = covering.filter(isMissing);
  const trails = covering.filter((t): t is TrailFacts => !isMissing(t));
  for (const category of ['read', 'write'] as const) {
    const named = new Set<string>();
    for (const t of trails) {
      const sources = isMissing(t.management) ? null : t.management.sources[category];
      if (sources) for (const source of 'only' in sources ? sources.only : sources.allExcept) named.add(source);
    }
    for (const source of ['*', ...[...named].sort()]) {
      const recorders: (ManagementEventRecorder | Missing)[] = [];
      for (const t of trails) {
        const takes = isMissing(t.management) ? t.management : sourcesInclude(t.management.sources[category], source);
        const records = andKnown(t.isLogging, takes);
        if (records !== false) recorders.push({arn: t.arn, name: t.name, records});
      }
      if (recorders.length) copies[category][source] = [...recorders, ...unlisted];
      else if (source === '*' && unlisted.length) copies[category][source] = unlisted;
    }
  }
  return copies;
}

/** Three-valued "and" of two facts: false if either is known false, true if both are true, else the marker. */
function andKnown(a: Evidence<boolean>, b: Evidence<boolean>): Evidence<true> | false {
  if (a === false || b === false) return false;
  if (isMissing(a)) return a;
  if (isMissing(b)) return b;
  return true;
}

/** The facts of one trail, as seen by the audited account. */
export function trailFacts(trail: Trail, auditedAccountId: string, collectedAt: string, buckets: Map<string, TrailBucket>): TrailFacts {
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

/**
 * Facts for "the trails of an account (or of one region) that could not be listed": every evidence-bearing fact is
 * the marker. `region` is `*` when no region could list its trails.
 */
export function unlistedTrailFacts(marker: Missing, accountId: string, collectedAt: string, region = '*'): TrailFacts {
  const arn = `arn:aws:cloudtrail:${region}:${accountId}:trail/*`;
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

/** A region whose DescribeTrails could not be read, and why. */
export interface UnlistedTrails {
  region: string;
  missing: Missing;
}

/**
 * The enabled regions whose trails could not be listed. Each hides the single-Region trails homed there (multi-Region
 * and organization trails are also listed by every other region), so an account's trail list is incomplete as soon
 * as one region is in this list.
 */
export function unlistedTrailRegions(regions: RegionSnapshot[]): UnlistedTrails[] {
  const out: UnlistedTrails[] = [];
  for (const r of regions) {
    const listed = r.error ? {error: r.error} : r.trailArns;
    if (listed === undefined || isMissing(listed)) out.push({region: r.name, missing: listed ?? notCollectedMarker('DescribeTrails')});
  }
  return out;
}

/** Whether the candidate record of a trail should replace the known one: the owner's view has the status a member cannot read. */
export function preferTrail(candidate: Trail, known: Trail, holder: string): boolean {
  // The owner's view has the status a member cannot read.
  return holder === candidate.ownerAccountId && (isMissing(known.status) || !isMissing(candidate.status));
}

/**
 * The trail subjects an account contributes: a trail is judged (per-trail rules) in its owner's account when the owner
 * is audited, else here. The trails DescribeTrails could not list get one subject that carries the marker, so
 * per-trail rules say they could not judge them rather than stay silent: one per region, or one for the account when
 * no region could list its trails.
 */
export function trailSubjects(
  accountId: string,
  trails: TrailFacts[],
  unlisted: UnlistedTrails[],
  enabledRegionCount: number,
  ix: SnapshotIndexes,
): Subject<TrailFacts>[] {
  const subjects: Subject<TrailFacts>[] = [];
  const placeholders = unlisted.length === enabledRegionCount ? unlisted.slice(0, 1).map((u) => ({...u, region: '*'})) : unlisted;
  for (const {region, missing} of placeholders) {
    const facts = unlistedTrailFacts(missing, accountId, ix.collectedAt, region);
    subjects.push({accountId, region: region === '*' ? 'global' : region, resource: facts.arn, resourceType: 'AWS::CloudTrail::Trail', facts});
  }
  for (const t of trails) {
    if (judgedHere(t, ix)) subjects.push({accountId, region: t.homeRegion, resource: t.arn, resourceType: 'AWS::CloudTrail::Trail', facts: t});
  }
  return subjects;
}

/** A trail's own facts are judged in its owner's account when that account is audited, otherwise where it was seen. */
export function judgedHere(t: TrailFacts, ix: SnapshotIndexes): boolean {
  return t.ownedByAuditedAccount || !ix.audited.has(t.ownerAccountId);
}

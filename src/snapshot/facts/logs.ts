/**
 * CloudWatch Logs facts (fed by src/collect/logs.ts): every log group of every enabled region, and the log groups
 * trails deliver to, with their metric and subscription filters.
 */
import {isMissing, unknownEvidence} from '../evidence.js';
import type {AccountSnapshot, Evidence, LogGroup, Missing, RegionSnapshot} from '../types.js';
import type {Subject} from '../normalize.js';
import {judgedHere, type TrailFacts} from './cloudtrail.js';
import {notCollectedMarker, type SnapshotIndexes} from './common.js';

export interface LogGroupFacts {
  name: string;
  retentionInDays: number | null;
  storedBytes: number;
  storedGiB: number;
  kmsKeyId: string | null;
  logGroupClass: string;
  /** Storage cost a month at the CloudWatch Logs standard price. */
  estimatedMonthlyStorageUsd: number;
  /** A trail of the account delivers to it (the marker when a region's trails could not be listed and none does). */
  receivesTrailEvents: Evidence<boolean>;
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

/** The facts of one log group; `receivesTrailEvents` from the trails that deliver to it. */
export function logGroupFacts(group: LogGroup, trailGroups: TrailLogGroups, region: string, accountId: string): LogGroupFacts {
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
    receivesTrailEvents: trailGroups.keys.has(logGroupKey(accountId, region, group.logGroupName)) || (trailGroups.unlisted ?? false),
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

/** The log groups the account's trails deliver to, and why that list may be incomplete. */
interface TrailLogGroups {
  keys: Set<string>;
  /** The marker of a region whose trails could not be listed. */
  unlisted?: Missing;
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

function trailLogGroup(
  account: AccountSnapshot,
  g: {accountId: string; region: string; name: string},
  trailGroups: TrailLogGroups,
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
    ...logGroupFacts(group, trailGroups, g.region, g.accountId),
    // Collected for every log group a trail delivers to: absent is missing evidence, not "no filters".
    metricFilterCount: group.metricFilterCount ?? notCollectedMarker(`metric filters of log group ${g.name}`),
    subscriptionFilterCount: group.subscriptionFilterCount ?? notCollectedMarker(`subscription filters of log group ${g.name}`),
  };
}

/**
 * The log-group subjects of an account: every group of each enabled region (a region whose groups could not be listed
 * gets one subject that carries the marker, so log-group rules report `error` there instead of judging nothing), and
 * one subject per trail that delivers to CloudWatch Logs.
 */
export function logGroupSubjects(
  account: AccountSnapshot,
  enabledRegions: RegionSnapshot[],
  trails: TrailFacts[],
  trailsMissing: Missing[],
  ix: SnapshotIndexes,
): {logGroups: Subject<LogGroupFacts>[]; trailLogGroups: Subject<TrailLogGroupFacts>[]} {
  const id = account.accountId;
  const logGroups: Subject<LogGroupFacts>[] = [];
  const trailLogGroups: Subject<TrailLogGroupFacts>[] = [];
  const trailGroups: TrailLogGroups = {keys: new Set(), unlisted: trailsMissing[0]};
  for (const t of trails) {
    if (!t.cloudWatchLogsLogGroupArn) continue;
    const g = parseLogGroupArn(t.cloudWatchLogsLogGroupArn);
    trailGroups.keys.add(logGroupKey(g.accountId, g.region, g.name));
  }
  for (const region of enabledRegions) {
    // A region whose log groups could not be listed gets one subject that carries the marker, so log-group rules
    // report `error` there instead of silently judging nothing.
    const listed: Evidence<LogGroup[]> = region.error ? {error: region.error} : (region.logGroups ?? notCollectedMarker('CloudWatch Logs log groups'));
    if (isMissing(listed)) {
      logGroups.push({
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
      logGroups.push({
        accountId: id,
        region: region.name,
        resource: group.arn?.replace(/:\*$/, '') ?? `arn:aws:logs:${region.name}:${id}:log-group:${group.logGroupName}`,
        resourceType: 'AWS::Logs::LogGroup',
        facts: logGroupFacts(group, trailGroups, region.name, id),
      });
    }
  }
  for (const t of trails) {
    if (!t.cloudWatchLogsLogGroupArn || !judgedHere(t, ix)) continue;
    const g = parseLogGroupArn(t.cloudWatchLogsLogGroupArn);
    trailLogGroups.push({
      accountId: id,
      region: g.region,
      resource: t.cloudWatchLogsLogGroupArn.replace(/:\*$/, ''),
      resourceType: 'AWS::Logs::LogGroup',
      facts: {
        trailArn: t.arn,
        logGroupArn: t.cloudWatchLogsLogGroupArn,
        logGroup: trailLogGroup(account, g, trailGroups),
        archivedToS3: !!t.s3BucketName,
      },
    });
  }
  return {logGroups, trailLogGroups};
}

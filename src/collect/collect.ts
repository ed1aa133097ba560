/**
 * Reads one AWS account into an `AccountSnapshot`: global evidence first, then every enabled region in parallel
 * (CloudTrail's trail lists, then logs, Config, GuardDuty and Detective), then each trail once from its home region
 * and each trail bucket once from its own region. Every failure is recorded on the evidence it was for; only
 * credentials that do not work at all (`CredentialsError`) and unknown `--regions` names (`InputError`) throw.
 */
import pLimit from 'p-limit';
import {InputError} from '../errors.js';
import {isMissing} from '../snapshot/evidence.js';
import {SNAPSHOT_SCHEMA_VERSION} from '../snapshot/types.js';
import type {AccountSnapshot, CollectionInfo, RegionSnapshot, Snapshot, Trail, TrailBucket, TrailDescription} from '../snapshot/types.js';
import {TOOL_VERSION} from '../version.js';
import {accountAlias, accountPublicAccessBlock, accountRegions, callerIdentity, organization, type RegionInfo} from './account.js';
import type {ClientFactory} from './clients.js';
import {accountOfArn, describeTrails, regionOfArn, trailDetails} from './cloudtrail.js';
import {collectConfig} from './config.js';
import {AccountContext} from './context.js';
import {collectDetective} from './detective.js';
import {ignoreEvents, type CollectListener} from './events.js';
import {collectGuardDuty} from './guardduty.js';
import {collectLogGroups, logGroupNameOfArn} from './logs.js';
import {ownBuckets, readTrailBucket, type BucketPlacement, type OwnBuckets} from './s3.js';

export interface CollectOptions {
  clients: ClientFactory;
  /** `--regions`: read only these (unknown names → `InputError`). Enabled regions left out are not listed. */
  regions?: string[];
  /** Regions read in parallel; default 8. */
  concurrency?: number;
  /** Progress: account-start, regions-discovered, region-start, service-start, call, evidence-error, region-done, account-done. */
  listener?: CollectListener;
  /** Ctrl-C: no new request starts; what was not read is marked `NotCollected` and the result is still returned. */
  signal?: AbortSignal;
  /** A display name for the account (the org audit passes the Organizations account name). */
  accountName?: string;
}

export const DEFAULT_CONCURRENCY = 8;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

interface AccountResult {
  account: AccountSnapshot;
  partition: string;
}

function checkOptions(options: CollectOptions): number {
  const bad = options.regions?.find((r) => !REGION_NAME.test(r));
  if (bad !== undefined) throw new InputError(`--regions: "${bad}" is not a region name (e.g. eu-west-1)`);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InputError(`concurrency: expected a whole number ≥ 1, got ${concurrency}`);
  return concurrency;
}

/** The regions to read (enabled and, with `--regions`, requested) and those listed without evidence. */
function selectRegions(all: RegionInfo[], requested: string[] | undefined): {read: RegionInfo[]; listed: RegionInfo[]} {
  if (requested) {
    const known = new Set(all.map((r) => r.name));
    const unknown = [...new Set(requested)].filter((r) => !known.has(r));
    if (unknown.length) {
      throw new InputError(`--regions: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a region of this account (known: ${[...known].join(', ')})`);
    }
  }
  const wanted = (r: RegionInfo) => !requested || requested.includes(r.name);
  return {
    read: all.filter((r) => r.optInStatus !== 'not-opted-in' && wanted(r)),
    // Regions that are not opted in are listed with their status, so that a report can say they were skipped.
    listed: all.filter((r) => r.optInStatus === 'not-opted-in' || wanted(r)),
  };
}

/** Where each trail bucket is read from and whether the account owns it. */
function bucketPlacements(descriptions: TrailDescription[], own: OwnBuckets | undefined, accountId: string): Map<string, BucketPlacement> {
  const trailsByBucket = new Map<string, TrailDescription[]>();
  for (const d of descriptions) {
    if (d.S3BucketName) trailsByBucket.set(d.S3BucketName, [...(trailsByBucket.get(d.S3BucketName) ?? []), d]);
  }
  const placements = new Map<string, BucketPlacement>();
  for (const [name, trails] of trailsByBucket) {
    const owners = trails.map((t) => accountOfArn(t.TrailARN) ?? accountId);
    // A bucket only other accounts' trails deliver to is, as far as can be told, held by the trail owner.
    const foreignOwner = owners.every((o) => o !== accountId) ? owners[0] : undefined;
    placements.set(name, {
      owned: own ? own.has(name) : undefined,
      ...(foreignOwner ? {trailOwnerAccountId: foreignOwner} : {}),
      ...(own?.get(name) ? {listedRegion: own.get(name)} : {}),
      regionGuess: trails[0]!.HomeRegion,
    });
  }
  return placements;
}

async function collect(options: CollectOptions): Promise<AccountResult> {
  const concurrency = checkOptions(options);
  const {clients} = options;
  const listener = options.listener ?? ignoreEvents;
  const stopObserving = options.listener ? clients.observe?.(options.listener) : undefined;
  try {
    const identity = await callerIdentity(clients);
    const accountId = identity.accountId;
    const c = new AccountContext(clients, accountId, listener, options.signal);
    listener({type: 'account-start', accountId, ...(options.accountName ? {label: options.accountName} : {})});

    const [alias, org, regions, s3PublicAccessBlock, own] = await Promise.all([
      accountAlias(c),
      organization(c),
      accountRegions(c),
      accountPublicAccessBlock(c),
      ownBuckets(c),
    ]);
    const account: AccountSnapshot = {
      accountId,
      ...(options.accountName ? {name: options.accountName} : {}),
      alias,
      organization: org,
      regions: [],
      trails: [],
      trailBuckets: [],
      s3PublicAccessBlock,
    };
    if (isMissing(regions)) {
      // Without the region list nothing regional can be judged: the account as a whole could not be audited.
      account.error = 'error' in regions ? regions.error : {kind: 'ServiceError', message: regions.unknown.reason};
      listener({type: 'account-done', accountId, error: account.error});
      return {account, partition: identity.partition};
    }

    const {read, listed} = selectRegions(regions, options.regions);
    listener({
      type: 'regions-discovered',
      accountId,
      regions: read.map((r) => r.name),
      skipped: regions.filter((r) => !read.includes(r)).map((r) => r.name),
    });
    const limit = pLimit(concurrency);
    const snapshots = new Map<string, RegionSnapshot>(listed.map((r) => [r.name, {name: r.name, optInStatus: r.optInStatus}]));

    // 1. Which trails each region sees (a multi-Region or organization trail shows up in every region).
    const descriptions = new Map<string, TrailDescription>();
    await Promise.all(
      read.map((r) =>
        limit(async () => {
          const snapshot = snapshots.get(r.name)!;
          if (c.interrupted) {
            snapshot.error = {kind: 'NotCollected', message: 'interrupted before the region was read'};
            return;
          }
          listener({type: 'region-start', accountId, region: r.name});
          const found = await describeTrails(c, r.name);
          const down = c.unreachableReason(r.name);
          // After an interrupt the rest of the region is NotCollected rather than judged unreachable.
          if (down && !c.interrupted) {
            // The region's first call found no endpoint: the region as a whole could not be read.
            snapshot.error = down;
            listener({type: 'region-done', accountId, region: r.name, evidence: 0, errors: [...c.tally(r.name).errors]});
            return;
          }
          snapshot.trailArns = found.trailArns;
          for (const d of found.descriptions) {
            if (!descriptions.has(d.TrailARN) || d.HomeRegion === r.name) descriptions.set(d.TrailARN, d);
          }
        }),
      ),
    );

    // 2. Each region's own evidence, and the details of the trails homed there (each trail once).
    const details = new Map<string, Promise<Trail>>();
    const detailsOf = (d: TrailDescription) => {
      let trail = details.get(d.TrailARN);
      if (!trail) details.set(d.TrailARN, (trail = trailDetails(c, d)));
      return trail;
    };
    await Promise.all(
      read.map((r) =>
        limit(async () => {
          const snapshot = snapshots.get(r.name)!;
          if (snapshot.error) return;
          for (const d of descriptions.values()) if (d.HomeRegion === r.name) await detailsOf(d);
          snapshot.logGroups = await collectLogGroups(c, r.name, trailLogGroups(descriptions.values(), accountId, r.name));
          snapshot.config = await collectConfig(c, r.name);
          snapshot.guardDuty = await collectGuardDuty(c, r.name);
          snapshot.detective = await collectDetective(c, r.name);
          const tally = c.tally(r.name);
          listener({type: 'region-done', accountId, region: r.name, evidence: tally.evidence, errors: [...tally.errors]});
        }),
      ),
    );

    // 3. Trails homed in regions that were not read (narrowed away), and the buckets trails deliver to.
    await Promise.all([...descriptions.values()].filter((d) => !details.has(d.TrailARN)).map((d) => limit(() => detailsOf(d))));
    const trails = await Promise.all([...descriptions.values()].map(detailsOf));
    const placements = bucketPlacements([...descriptions.values()], isMissing(own) ? undefined : own, accountId);
    const buckets = await Promise.all([...placements].map(([name, placement]) => limit(() => readTrailBucket(c, name, placement))));

    account.regions = [...snapshots.values()];
    account.trails = trails.sort((a, b) => a.arn.localeCompare(b.arn));
    account.trailBuckets = buckets.sort((a, b) => a.name.localeCompare(b.name));
    listener({type: 'account-done', accountId});
    return {account, partition: identity.partition};
  } finally {
    stopObserving?.();
  }
}

/** Names of this account's log groups in `region` that trails deliver to. */
function trailLogGroups(descriptions: Iterable<TrailDescription>, accountId: string, region: string): Set<string> {
  const names = new Set<string>();
  for (const d of descriptions) {
    const arn = d.CloudWatchLogsLogGroupArn;
    if (arn && regionOfArn(arn) === region && accountOfArn(arn) === accountId) names.add(logGroupNameOfArn(arn));
  }
  return names;
}

/** Reads one account. Throws only `CredentialsError` (credentials unusable) and `InputError` (bad `--regions`). */
export async function collectAccount(options: CollectOptions): Promise<AccountSnapshot> {
  return (await collect(options)).account;
}

/** Error records in a piece of the snapshot (markers, region and account errors), `NotCollected` left out. */
export function countErrors(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countErrors(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  for (const [key, field] of Object.entries(value)) {
    const kind = key === 'error' && typeof field === 'object' && field !== null ? (field as {kind?: unknown}).kind : undefined;
    if (typeof kind === 'string') n += kind === 'NotCollected' ? 0 : 1;
    else n += countErrors(field);
  }
  return n;
}

/** One account as a complete snapshot, with the collection's metadata (`errors` counts evidence that could not be read). */
export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const startedAt = new Date().toISOString();
  const before = options.clients.stats();
  const {account, partition} = await collect(options);
  const after = options.clients.stats();
  const calls: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.calls)) {
    const made = count - (before.calls[operation] ?? 0);
    if (made > 0) calls[operation] = made;
  }
  const collection: CollectionInfo = {
    tool: 'trailwise',
    toolVersion: TOOL_VERSION,
    source: 'aws',
    startedAt,
    finishedAt: new Date().toISOString(),
    partition,
    ...(options.regions ? {regionsRequested: [...new Set(options.regions)]} : {}),
    calls,
    retries: after.retries - before.retries,
    errors: countErrors(account),
    ...(options.signal?.aborted ? {interrupted: true} : {}),
  };
  return {schemaVersion: SNAPSHOT_SCHEMA_VERSION, collection, accounts: [account]};
}

/** Reads trail buckets by name with this account's credentials (the org audit calls it in the log-archive account). */
export async function collectTrailBuckets(
  clients: ClientFactory,
  accountId: string,
  bucketNames: string[],
  options: {listener?: CollectListener; signal?: AbortSignal} = {},
): Promise<TrailBucket[]> {
  const stopObserving = options.listener ? clients.observe?.(options.listener, accountId) : undefined;
  try {
    const c = new AccountContext(clients, accountId, options.listener ?? ignoreEvents, options.signal);
    const own = await ownBuckets(c);
    const owned = isMissing(own) ? undefined : own;
    const limit = pLimit(DEFAULT_CONCURRENCY);
    const names = [...new Set(bucketNames)].sort();
    return await Promise.all(
      names.map((name) =>
        limit(() =>
          readTrailBucket(c, name, {
            owned: owned ? owned.has(name) : undefined,
            ...(owned?.get(name) ? {listedRegion: owned.get(name)} : {}),
          }),
        ),
      ),
    );
  } finally {
    stopObserving?.();
  }
}

/**
 * Reads one AWS account into an `AccountSnapshot`: global evidence first, then every enabled region. All regions'
 * trail lists are asked for at once; each trail is read once from its home region and each trail bucket once from its
 * own region, as soon as they are first seen; a region's logs, Config, GuardDuty, Detective, EKS, API Gateway,
 * Security Hub, Security Lake, CloudTrail Lake, VPCs and flow logs, Resolver query logging, load balancers and WAF are
 * read side by side once its trail list has answered. One limit (`concurrency`) bounds the calls in flight, whatever
 * they are for. Every failure is recorded on the evidence it was for; only credentials that do not work at all
 * (`CredentialsError`) and unknown `--regions` names (`InputError`) throw.
 */
import pLimit from 'p-limit';
import {InputError} from '../errors.js';
import {isMissing} from '../snapshot/evidence.js';
import {SNAPSHOT_SCHEMA_VERSION} from '../snapshot/types.js';
import type {AccountSnapshot, CollectionInfo, Evidence, OrganizationInfo, RegionSnapshot, Snapshot, Trail, TrailBucket, TrailDescription} from '../snapshot/types.js';
import {TOOL_VERSION} from '../version.js';
import {accountAlias, accountPublicAccessBlock, accountRegions, callerIdentity, organization, type CallerIdentity, type RegionInfo} from './account.js';
import type {ClientFactory} from './clients.js';
import {accountOfArn, describeTrails, regionOfArn, trailDetails} from './cloudtrail.js';
import {collectApiGateway} from './apigateway.js';
import {collectCloudTrailLake} from './cloudtrail-lake.js';
import {collectConfig} from './config.js';
import {AccountContext, awaitedLater, DEFAULT_CONCURRENCY} from './context.js';
import {collectDetective} from './detective.js';
import {collectEks} from './eks.js';
import {collectLoadBalancers} from './elb.js';
import {ignoreEvents, type CollectListener} from './events.js';
import {collectGuardDuty} from './guardduty.js';
import {collectLogGroups, logGroupNameOfArn} from './logs.js';
import {collectResolverQueryLogging} from './resolver.js';
import {collectSecurityHub} from './securityhub.js';
import {collectSecurityLake} from './securitylake.js';
import {ownBuckets, readTrailBucket, type BucketPlacement, type OwnBuckets} from './s3.js';
import {collectVpcs} from './vpc.js';
import {collectWafv2} from './wafv2.js';

export {DEFAULT_CONCURRENCY} from './context.js';

export interface CollectOptions {
  clients: ClientFactory;
  /** `--regions`: read only these (unknown names → `InputError`). Enabled regions left out are not listed. */
  regions?: string[];
  /** API calls in flight at once (and regions read in parallel); default 8. */
  concurrency?: number;
  /** Progress: account-start, regions-discovered, region-start, service-start, call, evidence-error, region-done, account-done. */
  listener?: CollectListener;
  /** Ctrl-C: no new request starts; what was not read is marked `NotCollected` and the result is still returned. */
  signal?: AbortSignal;
  /** A display name for the account (the org audit passes the Organizations account name). */
  accountName?: string;
  /**
   * What the caller already read with these same credentials (the org audit's own account: its identity and, with
   * `--org`, its organization), so that the account is not asked the same question twice.
   */
  known?: {identity?: CallerIdentity; organization?: OrganizationInfo};
  /**
   * Receives the account's bucket list (or why it could not be read) once ListBuckets has answered, for a caller that
   * needs it again later (the org audit's bucket join) and should not ask twice.
   */
  onOwnBuckets?: (buckets: Evidence<OwnBuckets>) => void;
}

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

interface RegionalEvidence {
  regions: RegionSnapshot[];
  trails: Trail[];
  trailBuckets: TrailBucket[];
}

/**
 * The regions' evidence, the trails and the trail buckets. Only real dependencies wait: a region's services start after
 * its trail list (the first call in line there), a trail waits for its home region's trail list (an endpoint that did
 * not answer there is not asked again), log group filter counts and the judgement of a bucket's owner for every
 * region's trail list. An endpoint that does not answer marks only its own service in the region.
 */
async function readRegions(
  c: AccountContext,
  read: RegionInfo[],
  listed: RegionInfo[],
  own: Promise<Evidence<OwnBuckets>>,
  concurrency: number,
): Promise<RegionalEvidence> {
  const {accountId, listener} = c;
  const snapshots = new Map<string, RegionSnapshot>(listed.map((r) => [r.name, {name: r.name, optInStatus: r.optInStatus}]));
  const descriptions = new Map<string, TrailDescription>();
  const trailReads = new Map<string, Promise<Trail>>();
  const bucketReads = new Map<string, Promise<TrailBucket>>();

  /** Whether the region is read (false once interrupted), after its trail list has answered. */
  async function listTrails(r: RegionInfo): Promise<boolean> {
    const snapshot = snapshots.get(r.name)!;
    if (c.interrupted) {
      snapshot.error = {kind: 'NotCollected', message: 'interrupted before the region was read'};
      return false;
    }
    listener({type: 'region-start', accountId, region: r.name});
    const found = await describeTrails(c, r.name);
    snapshot.trailArns = found.trailArns;
    for (const d of found.descriptions) trailSeen(d, r.name);
    return true;
  }

  // Every region's trail list at once: they are the first calls in line for a slot.
  const trailLists = new Map(read.map((r) => [r.name, awaitedLater(listTrails(r))]));
  const everyTrailListed = awaitedLater(Promise.all(trailLists.values()));
  // Whose bucket a trail bucket is depends on every trail that delivers to it.
  const settledPlacements = awaitedLater(
    everyTrailListed.then(async () => {
      const owned = await own;
      return bucketPlacements([...descriptions.values()], isMissing(owned) ? undefined : owned, accountId);
    }),
  );

  /** Starts the reads of a trail and of its bucket the first time either is seen. */
  function trailSeen(d: TrailDescription, region: string): void {
    // A trail is listed in every region it covers; its home region's description is the one kept.
    if (!descriptions.has(d.TrailARN) || d.HomeRegion === region) descriptions.set(d.TrailARN, d);
    if (!trailReads.has(d.TrailARN)) {
      // A home region that is read is asked once its own trail list has answered, so that a dead endpoint is not retried.
      const homeListed = trailLists.get(d.HomeRegion) ?? Promise.resolve(true);
      trailReads.set(d.TrailARN, awaitedLater(homeListed.then(() => trailDetails(c, d))));
    }
    const bucket = d.S3BucketName;
    if (bucket && !bucketReads.has(bucket)) bucketReads.set(bucket, awaitedLater(readBucket(bucket, d)));
  }

  async function readBucket(name: string, firstTrail: TrailDescription): Promise<TrailBucket> {
    const owned = await own;
    // One trail is enough to know where to read; the other trails may still change whose bucket it is.
    const placement = bucketPlacements([firstTrail], isMissing(owned) ? undefined : owned, accountId).get(name)!;
    return readTrailBucket(c, name, placement, settledPlacements.then((all) => all.get(name)!));
  }

  async function readRegion(r: RegionInfo): Promise<void> {
    const snapshot = snapshots.get(r.name)!;
    const trailGroups = awaitedLater(everyTrailListed.then(() => trailLogGroups(descriptions.values(), accountId, r.name)));
    const [logGroups, config, guardDuty, detective, eks, apiGateway, securityHub, securityLake, cloudTrailLake, vpc, resolverQueryLogging, loadBalancers, wafv2] =
      await Promise.all([
      collectLogGroups(c, r.name, trailGroups),
      collectConfig(c, r.name),
      collectGuardDuty(c, r.name),
      collectDetective(c, r.name),
      collectEks(c, r.name),
      collectApiGateway(c, r.name),
      collectSecurityHub(c, r.name),
      collectSecurityLake(c, r.name),
      collectCloudTrailLake(c, r.name),
      collectVpcs(c, r.name),
      collectResolverQueryLogging(c, r.name),
      collectLoadBalancers(c, r.name),
      collectWafv2(c, r.name),
    ]);
    Object.assign(snapshot, {logGroups, config, guardDuty, detective, eks, apiGateway, securityHub, securityLake, cloudTrailLake, vpc, resolverQueryLogging, loadBalancers, wafv2});
    // The trails homed here are this region's evidence too: the region is done when they are.
    await everyTrailListed;
    await Promise.all([...descriptions.values()].filter((d) => d.HomeRegion === r.name).map((d) => trailReads.get(d.TrailARN)));
    const tally = c.tally(r.name);
    listener({type: 'region-done', accountId, region: r.name, evidence: tally.evidence, errors: [...tally.errors]});
  }

  // Calls are bounded by the context; admitting regions `concurrency` at a time keeps them finishing one after
  // another (progress and its estimate) instead of all at the end.
  const regionSlots = pLimit(concurrency);
  const regionReads = read.map((r) => awaitedLater(trailLists.get(r.name)!.then((readable) => (readable ? regionSlots(() => readRegion(r)) : undefined))));

  await Promise.all(regionReads);
  const trails = await Promise.all([...trailReads].map(async ([arn, reading]) => ({...(await reading), description: descriptions.get(arn)!})));
  const trailBuckets = await Promise.all(bucketReads.values());
  return {
    regions: [...snapshots.values()],
    trails: trails.sort((a, b) => a.arn.localeCompare(b.arn)),
    trailBuckets: trailBuckets.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

async function collect(options: CollectOptions): Promise<AccountResult> {
  const concurrency = checkOptions(options);
  const {clients} = options;
  const listener = options.listener ?? ignoreEvents;
  const stopObserving = options.listener ? clients.observe?.(options.listener) : undefined;
  try {
    const identity = options.known?.identity ?? (await callerIdentity(clients));
    const accountId = identity.accountId;
    const c = new AccountContext(clients, accountId, listener, options.signal, concurrency);
    listener({type: 'account-start', accountId, ...(options.accountName ? {label: options.accountName} : {})});

    // Everything regional waits for the region list, so it is first in line; the bucket list is needed when the first
    // trail bucket is read, the rest only when the snapshot is put together.
    const regionList = accountRegions(c);
    const own = awaitedLater(
      ownBuckets(c).then((buckets) => {
        options.onOwnBuckets?.(buckets);
        return buckets;
      }),
    );
    const knownOrganization = options.known?.organization;
    const accountWide = awaitedLater(
      Promise.all([accountAlias(c), knownOrganization ? Promise.resolve(knownOrganization) : organization(c), accountPublicAccessBlock(c)]),
    );
    const regions = await regionList;
    const accountSnapshot = async (regional: RegionalEvidence): Promise<AccountSnapshot> => {
      await own;
      const [alias, org, s3PublicAccessBlock] = await accountWide;
      return {
        accountId,
        ...(options.accountName ? {name: options.accountName} : {}),
        alias,
        organization: org,
        regions: regional.regions,
        trails: regional.trails,
        trailBuckets: regional.trailBuckets,
        s3PublicAccessBlock,
      };
    };
    if (isMissing(regions)) {
      const account = await accountSnapshot({regions: [], trails: [], trailBuckets: []});
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
    const account = await accountSnapshot(await readRegions(c, read, listed, own, concurrency));
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

/**
 * Reads trail buckets by name with this account's credentials (the org audit calls it in the log-archive account).
 * `owned` is the account's bucket list (at least the buckets named) when the caller has read it already.
 */
export async function collectTrailBuckets(
  clients: ClientFactory,
  accountId: string,
  bucketNames: string[],
  options: {listener?: CollectListener; signal?: AbortSignal; owned?: OwnBuckets} = {},
): Promise<TrailBucket[]> {
  const stopObserving = options.listener ? clients.observe?.(options.listener, accountId) : undefined;
  try {
    // The context bounds the calls in flight (DEFAULT_CONCURRENCY), so every bucket may start at once.
    const c = new AccountContext(clients, accountId, options.listener ?? ignoreEvents, options.signal);
    // The caller may have the account's bucket list already (the org audit's join): it is not asked again.
    const own = options.owned ?? (await ownBuckets(c));
    const owned = isMissing(own) ? undefined : own;
    const names = [...new Set(bucketNames)].sort();
    return await Promise.all(
      names.map((name) =>
        readTrailBucket(c, name, {
          owned: owned ? owned.has(name) : undefined,
          ...(owned?.get(name) ? {listedRegion: owned.get(name)} : {}),
        }),
      ),
    );
  } finally {
    stopObserving?.();
  }
}

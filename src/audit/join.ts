/**
 * The cross-account bucket join. A trail that delivers to a bucket in another account (the log archive) leaves the
 * collectors with an `unknown` bucket record: the trail's account may not read it. After the accounts are collected,
 * each such bucket's owner is found among the organization's accounts and the bucket is read there with the owner's
 * credentials, so its rules are judged on the log archive's evidence instead of `unknown`. The owner is looked up in
 * the bucket lists the collection read (`ListedBuckets`); only accounts not listed in this run are asked (S3
 * ListBuckets, once each, the likeliest owners first).
 *
 * Where the evidence goes: into the owner's `trailBuckets` when the owner is in this audit directory (the normalizer
 * then judges the bucket once, in the owner), otherwise into the first referring account's `trailBuckets` with
 * `ownerAccountId` set to the owner (the normalizer's bucket index carries it to every account that uses the bucket;
 * `trailwise merge` moves it to the owner when shards are combined).
 */
import {paginateListBuckets, S3Client} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import {failedOperation, type ClientFactory} from '../collect/clients.js';
import {collectTrailBuckets} from '../collect/collect.js';
import {toCollectionError} from '../collect/errors.js';
import {ignoreEvents, type CollectListener} from '../collect/events.js';
import type {OwnBuckets} from '../collect/s3.js';
import {isMissing} from '../snapshot/evidence.js';
import type {Evidence, TrailBucket} from '../snapshot/types.js';
import {isUnknownBucket, ownerHint} from './buckets.js';
import {readAccountFile, writeAccountFile, writtenAccounts} from './output.js';
import {unreadableState} from './select.js';
import type {AuditManifest, BucketJoin} from './types.js';

/** Names that Control Tower and most landing zones give the accounts that hold central logs. */
const LIKELY_OWNER = /log|archive|audit|security/i;

/**
 * The bucket lists the audit's collection read, kept as bucket → owner and region (all the join needs), so that the
 * join does not list those accounts again.
 */
export class ListedBuckets {
  private readonly owners = new Map<string, {accountId: string; region: string | undefined}>();
  private readonly accounts = new Set<string>();

  /**
   * Keeps one account's ListBuckets answer. A denied list is kept as "listed, owns nothing readable": asking again
   * would be denied again. Any other failure (throttling, a timeout) is not kept, so the join may ask once more.
   */
  record(accountId: string, buckets: Evidence<OwnBuckets>): void {
    if (isMissing(buckets)) {
      if ('error' in buckets && buckets.error.kind === 'AccessDenied') this.accounts.add(accountId);
      return;
    }
    this.accounts.add(accountId);
    for (const [name, region] of buckets) this.owners.set(name, {accountId, region});
  }

  /** Whether the account's bucket list was read (or denied) already. */
  has(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  /** The account that listed the bucket as its own, and the region it gave, if any account did. */
  owner(bucket: string): {accountId: string; region: string | undefined} | undefined {
    return this.owners.get(bucket);
  }
}

export interface JoinContext {
  dir: string;
  manifest: AuditManifest;
  clientsFor: (accountId: string) => ClientFactory;
  concurrency: number;
  /** The region for ListBuckets (any region answers it). */
  region: string;
  /** The bucket lists read during collection, in this run. */
  listed?: ListedBuckets;
  listener?: CollectListener;
  signal?: AbortSignal;
}

interface BucketUse {
  referencedBy: Set<string>;
  hints: Set<string>;
}

/** Finds and reads the buckets the directory's accounts could not read; returns what was joined and what was not. */
export async function joinTrailBuckets(ctx: JoinContext): Promise<BucketJoin[]> {
  const {dir, manifest} = ctx;
  const listener = ctx.listener ?? ignoreEvents;
  const uses = new Map<string, BucketUse>();
  const held = new Set<string>();
  const audited = new Set<string>();
  // One account in memory at a time.
  for (const id of await writtenAccounts(dir)) {
    const account = (await readAccountFile(dir, id)).accounts[0];
    if (!account || account.error) continue;
    audited.add(id);
    for (const bucket of account.trailBuckets) {
      if (!isUnknownBucket(bucket)) {
        held.add(bucket.name);
        continue;
      }
      const use = uses.get(bucket.name) ?? {referencedBy: new Set(), hints: new Set()};
      use.referencedBy.add(id);
      const hint = ownerHint(bucket);
      if (hint) use.hints.add(hint);
      uses.set(bucket.name, use);
    }
  }
  const previous = new Map((manifest.buckets ?? []).map((b) => [b.bucket, b]));
  const pending = new Map([...uses].filter(([name]) => !held.has(name)));
  const joins = new Map<string, BucketJoin>();
  for (const [name, use] of uses) {
    if (held.has(name)) {
      const before = previous.get(name);
      joins.set(name, before && !before.problem ? before : {bucket: name, referencedBy: [...use.referencedBy].sort()});
    }
  }
  if (!pending.size) return [...joins.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));

  // Buckets an account of this run listed as its own are read there: no search.
  const listed = ctx.listed ?? new ListedBuckets();
  const found = new Map<string, {owner: string; record?: TrailBucket; problem?: string}>();
  const known = new Map<string, OwnBuckets>();
  for (const name of pending.keys()) {
    const listing = listed.owner(name);
    if (!listing) continue;
    known.set(listing.accountId, (known.get(listing.accountId) ?? new Map()).set(name, listing.region));
    found.set(name, {owner: listing.accountId});
  }

  // The others: likeliest owners first, the accounts the records name, the audited accounts, then the rest of the
  // organization with log-archive-like names first. Accounts already listed hold none of them; accounts that could not
  // be audited here would fail again.
  const failed = new Set((await writtenAccounts(dir)).filter((id) => !audited.has(id)));
  const active = manifest.organizationAccounts.filter((a) => !unreadableState(a.state) && !failed.has(a.id) && !listed.has(a.id));
  const names = new Map(manifest.organizationAccounts.map((a) => [a.id, a.name ?? '']));
  const activeIds = new Set(active.map((a) => a.id));
  const hinted = [...new Set([...pending.values()].flatMap((u) => [...u.hints]))].filter((id) => activeIds.has(id));
  const rest = active
    .map((a) => a.id)
    .filter((id) => !audited.has(id))
    .sort((a, b) => Number(LIKELY_OWNER.test(names.get(b) ?? '')) - Number(LIKELY_OWNER.test(names.get(a) ?? '')) || a.localeCompare(b));
  const candidates = [...new Set([...hinted, ...[...audited].filter((id) => !listed.has(id)), ...rest])];

  /** Reads the buckets in their owner's account, with the owner's bucket list (not asked again). */
  const readInOwner = async (owner: string, clients: ClientFactory, owned: OwnBuckets) => {
    const bucketNames = [...owned.keys()];
    try {
      const records = await collectTrailBuckets(clients, owner, bucketNames, {listener, signal: ctx.signal, owned});
      for (const record of records) {
        found.set(record.name, {owner, record: {...record, ownerAccountId: record.ownerAccountId ?? owner}});
      }
    } catch (err) {
      const e = toCollectionError(err, failedOperation(err));
      for (const name of bucketNames) found.set(name, {owner, problem: `${e.code}: ${e.message}`});
    }
  };

  const limit = pLimit(ctx.concurrency);
  await Promise.all([
    ...[...known].map(([owner, owned]) =>
      limit(async () => {
        if (!ctx.signal?.aborted) await readInOwner(owner, ctx.clientsFor(owner), owned);
      }),
    ),
    ...candidates.map((candidate) =>
      limit(async () => {
        if (ctx.signal?.aborted || [...pending.keys()].every((name) => found.has(name))) return;
        const clients = ctx.clientsFor(candidate);
        const owned: OwnBuckets = new Map();
        try {
          // Every page, as the collectors list: above 10,000 buckets only paginated requests are answered.
          const pages = paginateListBuckets({client: clients.get(S3Client, ctx.region), pageSize: 1000}, {});
          for await (const page of pages) {
            for (const b of page.Buckets ?? []) {
              if (b.Name && pending.has(b.Name) && !found.has(b.Name)) owned.set(b.Name, b.BucketRegion);
            }
          }
        } catch {
          return; // a role we cannot assume or a denied ListBuckets: not the owner we can read
        }
        if (!owned.size) return;
        for (const name of owned.keys()) found.set(name, {owner: candidate});
        await readInOwner(candidate, clients, owned);
      }),
    ),
  ]);

  // Write the evidence: the owner's file when the owner is here, else the first referring account's.
  const additions = new Map<string, TrailBucket[]>();
  for (const [name, use] of pending) {
    const referencedBy = [...use.referencedBy].sort();
    const hit = found.get(name);
    if (!hit?.record) {
      joins.set(name, {
        bucket: name,
        referencedBy,
        ...(hit ? {ownerAccountId: hit.owner} : {}),
        problem: hit?.problem ?? 'no audited or listed account of the organization owns this bucket (or its owner could not be read)',
      });
      continue;
    }
    const holder = audited.has(hit.owner) ? hit.owner : referencedBy[0]!;
    additions.set(holder, [...(additions.get(holder) ?? []), hit.record]);
    joins.set(name, {bucket: name, referencedBy, ownerAccountId: hit.owner, recordedIn: [holder]});
  }
  for (const [holder, records] of additions) {
    const snapshot = await readAccountFile(dir, holder);
    const account = snapshot.accounts[0]!;
    const byName = new Map(account.trailBuckets.map((b) => [b.name, b]));
    for (const record of records) byName.set(record.name, record);
    account.trailBuckets = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    await writeAccountFile(dir, snapshot);
  }
  return [...joins.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
}

/**
 * `trailwise merge DIR... --output DIR`: combines the directories of the shards of one audit (or of several partial
 * runs) into one organization audit: one snapshot, one report, one summary. No AWS call is made: the shards already
 * read every bucket they needed.
 */
import {copyFile} from 'node:fs/promises';
import {ignoreEvents, type CollectListener} from '../collect/events.js';
import {InputError} from '../errors.js';
import {finishAudit, type FinishedAudit, type FinishOptions} from './finish.js';
import {isUnknownBucket} from './buckets.js';
import {
  accountFile,
  createRunDir,
  readAccountFile,
  readManifest,
  resolveAuditDir,
  writeAccountFile,
  writeManifest,
  writtenAccounts,
} from './output.js';
import {shardOf, unreadableState} from './select.js';
import {uploadAuditDir, type UploadSettings} from './upload.js';
import {addStats, emptyStats} from './stats.js';
import {AUDIT_MANIFEST_VERSION, DEFAULT_REPORTS_DIR, type AuditManifest, type BucketJoin, type OrgAccount, type SkippedAccount} from './types.js';
import type {TrailBucket} from '../snapshot/types.js';
import {TOOL_VERSION} from '../version.js';

export interface MergeOptions extends FinishOptions {
  listener?: CollectListener;
  /** `--upload s3://bucket/prefix` for the merged directory, with the same settings as the audit's. */
  upload?: string;
  uploadSettings?: UploadSettings;
}

/** Merges audit directories into a new one under `outDir` (a reports root); returns the merged audit. */
export async function mergeAudits(
  dirs: string[],
  outDir: string = DEFAULT_REPORTS_DIR,
  options: MergeOptions = {},
): Promise<FinishedAudit & {uploaded?: string[]}> {
  if (!dirs.length) throw new InputError('merge: name at least one audit directory');
  const now = options.now ?? (() => new Date());
  const sources: {dir: string; manifest: AuditManifest}[] = [];
  for (const path of dirs) {
    const dir = await resolveAuditDir(path);
    sources.push({dir, manifest: await readManifest(dir)});
  }
  const orgIds = new Set(sources.map((s) => s.manifest.organization?.id ?? 'none'));
  if (orgIds.size > 1) throw new InputError(`merge: the directories audit different organizations (${[...orgIds].join(', ')})`);

  // The newest account file of each account wins, except that an audited account beats a failed attempt.
  const chosen = new Map<string, {dir: string; failed: boolean; finishedAt: string}>();
  for (const {dir} of sources) {
    for (const id of await writtenAccounts(dir)) {
      const file = await readAccountFile(dir, id);
      const candidate = {dir, failed: !!file.accounts[0]?.error, finishedAt: file.collection.finishedAt};
      const known = chosen.get(id);
      if (!known || (known.failed && !candidate.failed) || (known.failed === candidate.failed && candidate.finishedAt > known.finishedAt)) {
        chosen.set(id, candidate);
      }
    }
  }

  const manifest = mergeManifests(sources.map((s) => s.manifest), sources.map((s) => s.dir), now);
  const out = await createRunDir(outDir, now());
  await writeManifest(out, manifest);
  for (const [id, source] of [...chosen].sort(([a], [b]) => a.localeCompare(b))) {
    await copyFile(accountFile(source.dir, id), accountFile(out, id));
    (options.listener ?? ignoreEvents)({type: 'account-done', accountId: id, file: accountFile(out, id)});
  }
  await rehomeBuckets(out, manifest);
  const finished = await finishAudit(out, manifest, options);
  if (!options.upload) return finished;
  return {...finished, uploaded: await uploadAuditDir(out, options.upload, options.uploadSettings)};
}

function mergeManifests(manifests: AuditManifest[], dirs: string[], now: () => Date): AuditManifest {
  const first = manifests[0]!;
  const organizationAccounts = new Map<string, OrgAccount>();
  const targets = new Map<string, OrgAccount>();
  const skipped = new Map<string, SkippedAccount>();
  const buckets = new Map<string, BucketJoin>();
  const orgCalls = emptyStats();
  for (const m of manifests) {
    for (const a of m.organizationAccounts) organizationAccounts.set(a.id, a);
    for (const a of m.targets) targets.set(a.id, a);
    for (const a of m.skipped) skipped.set(a.id, a);
    for (const b of m.buckets ?? []) {
      const known = buckets.get(b.bucket);
      if (!known || (known.problem && !b.problem)) buckets.set(b.bucket, b);
    }
    addStats(orgCalls, m.orgCalls);
  }
  // Shards of one matrix that never arrived: their accounts are planned, and so listed as missing.
  const shardCounts = new Set(manifests.map((m) => m.shard?.count).filter((n): n is number => !!n));
  const missingShards: number[] = [];
  if (shardCounts.size === 1 && manifests.every((m) => m.shard)) {
    const count = [...shardCounts][0]!;
    const present = new Set(manifests.map((m) => m.shard!.index));
    for (let i = 1; i <= count; i++) if (!present.has(i)) missingShards.push(i);
    for (const a of organizationAccounts.values()) {
      if (missingShards.includes(shardOf(a.id, count)) && !unreadableState(a.state) && !skipped.has(a.id)) targets.set(a.id, a);
    }
  }
  for (const id of targets.keys()) skipped.delete(id);
  const sortById = <T extends {id: string}>(list: Iterable<T>) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  return {
    kind: 'trailwise-audit',
    manifestVersion: AUDIT_MANIFEST_VERSION,
    toolVersion: TOOL_VERSION,
    startedAt: manifests.map((m) => m.startedAt).sort()[0] ?? now().toISOString(),
    status: 'running',
    organization: manifests.find((m) => m.organization)?.organization ?? null,
    partition: first.partition,
    callerAccountId: first.callerAccountId,
    roleName: first.roleName,
    externalId: manifests.some((m) => m.externalId),
    ...(first.regionsRequested ? {regionsRequested: first.regionsRequested} : {}),
    mergedFrom: dirs,
    ...(missingShards.length ? {missingShards} : {}),
    organizationAccounts: sortById(organizationAccounts.values()),
    targets: sortById(targets.values()),
    skipped: sortById(skipped.values()),
    otherShards: 0,
    buckets: [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)),
    orgCalls,
  };
}

/**
 * A shard that read a log-archive bucket without the log-archive account filed the evidence with a referring account;
 * now that the owner may be here, the evidence moves to the owner, so the bucket is judged once, in its account.
 */
async function rehomeBuckets(dir: string, manifest: AuditManifest): Promise<void> {
  const holds = new Map<string, Set<string>>();
  const failed = new Set<string>();
  const foreign = new Map<string, TrailBucket>();
  const ids = await writtenAccounts(dir);
  for (const id of ids) {
    const account = (await readAccountFile(dir, id)).accounts[0]!;
    if (account.error) {
      failed.add(id);
      continue;
    }
    const own = new Set<string>();
    for (const b of account.trailBuckets) {
      if (isUnknownBucket(b)) continue;
      if (!b.ownerAccountId || b.ownerAccountId === id) own.add(b.name);
      else if (!foreign.has(b.name)) foreign.set(b.name, b);
    }
    holds.set(id, own);
  }
  const additions = new Map<string, TrailBucket[]>();
  for (const [name, record] of foreign) {
    const owner = record.ownerAccountId!;
    if (!holds.has(owner) || failed.has(owner) || holds.get(owner)!.has(name)) continue;
    additions.set(owner, [...(additions.get(owner) ?? []), record]);
  }
  for (const [owner, records] of additions) {
    const snapshot = await readAccountFile(dir, owner);
    const account = snapshot.accounts[0]!;
    account.trailBuckets = [...account.trailBuckets.filter((b) => !records.some((r) => r.name === b.name)), ...records].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    await writeAccountFile(dir, snapshot);
    for (const r of records) {
      const join = manifest.buckets?.find((b) => b.bucket === r.name);
      if (join) join.recordedIn = [...new Set([...(join.recordedIn ?? []), owner])].sort();
    }
  }
}

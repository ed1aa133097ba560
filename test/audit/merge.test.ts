import {mkdtemp, readFile, readlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {mergeAudits} from '../../src/audit/merge.js';
import {resolveAuditDir} from '../../src/audit/output.js';
import type {AuditManifest, OrgAccount} from '../../src/audit/types.js';
import {InputError} from '../../src/errors.js';
import type {Snapshot} from '../../src/snapshot/types.js';
import {bucketRecord, manifest, memberWithCentralBucket, orgFixtureAccounts, unknownBucketRecord, writeAuditDir} from './dirs.js';

const MGMT = '111111111111';
const LOG_ARCHIVE = '222222222222';
const MEMBER = '444444444444';
const DENIED = '555555555555';
const NEVER_AUDITED = '777777777777'; // hashes to shard 3 of 3, which never arrives
const SUSPENDED = '888888888888';
const CENTRAL = 'member-logs-central';

const org: OrgAccount[] = [
  {id: MGMT, name: 'management', state: 'ACTIVE'},
  {id: LOG_ARCHIVE, name: 'log-archive', state: 'ACTIVE'},
  {id: MEMBER, name: 'workload', state: 'ACTIVE'},
  {id: DENIED, name: 'locked', state: 'ACTIVE'},
  {id: NEVER_AUDITED, name: 'shard-three', state: 'ACTIVE'},
  {id: SUSPENDED, name: 'old', state: 'SUSPENDED'},
];
const pick = (...ids: string[]) => org.filter((a) => ids.includes(a.id));

async function shards(root: string) {
  const [mgmt, logArchive] = await orgFixtureAccounts();
  // Shard 1 read the member, whose trail delivers to the log archive; the join filed the bucket's evidence (read in
  // the log-archive account) with the member, because the log archive was in another shard.
  const shard1 = await writeAuditDir(
    join(root, 'shard-1'),
    manifest({shard: {index: 1, count: 3}, organizationAccounts: org, targets: pick(MGMT, MEMBER), buckets: [{bucket: CENTRAL, referencedBy: [MEMBER], ownerAccountId: LOG_ARCHIVE, recordedIn: [MEMBER]}]}),
    [mgmt!, memberWithCentralBucket(MEMBER, bucketRecord(CENTRAL, LOG_ARCHIVE))],
  );
  const denied = {accountId: DENIED, name: 'locked', error: {kind: 'AccessDenied' as const, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole', operation: 'sts:AssumeRole'}, regions: [], trails: [], trailBuckets: []};
  // Shard 2 also holds an older failed attempt at the member: the audited copy from shard 1 must win.
  const staleMember = {accountId: MEMBER, error: {kind: 'Timeout' as const, message: 'not finished'}, regions: [], trails: [], trailBuckets: []};
  const shard2 = await writeAuditDir(
    join(root, 'shard-2'),
    manifest({shard: {index: 2, count: 3}, organizationAccounts: org, targets: pick(LOG_ARCHIVE, DENIED)}),
    [logArchive!, denied, staleMember],
    '2026-11-28T03:00:00.000Z',
  );
  return [shard1, shard2];
}

describe('mergeAudits', () => {
  it('combines shards into one organization snapshot and report', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-merge-'));
    const dirs = await shards(root);
    const merged = await mergeAudits(dirs, join(root, 'reports'), {now: () => new Date('2026-11-28T04:00:00Z')});

    expect(basename(merged.dir)).toBe('2026-11-28T04-00-00Z');
    const snapshot = JSON.parse(await readFile(merged.files.snapshot, 'utf8')) as Snapshot;
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([MGMT, LOG_ARCHIVE, MEMBER, DENIED]);
    expect(snapshot.accounts.find((a) => a.accountId === MEMBER)?.error).toBeUndefined();
    // Each of the four chosen account files recorded 2 DescribeTrails calls.
    expect(snapshot.collection.calls?.['cloudtrail:DescribeTrails']).toBe(8);
    expect(merged.manifest.mergedFrom).toEqual(dirs);
    expect(merged.manifest.status).toBe('complete');
    expect(await readlink(join(root, 'reports', 'latest'))).toBe(basename(merged.dir));
    expect(await resolveAuditDir(join(root, 'reports'))).toBe(merged.dir);
  });

  it('moves a log-archive bucket read by another shard to its owner, and judges it there on that evidence', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-merge-'));
    const merged = await mergeAudits(await shards(root), join(root, 'reports'));
    const logArchive = JSON.parse(await readFile(join(merged.dir, 'accounts', `${LOG_ARCHIVE}.json`), 'utf8')) as Snapshot;
    expect(logArchive.accounts[0]!.trailBuckets.map((b) => b.name)).toContain(CENTRAL);
    expect(merged.manifest.buckets?.find((b) => b.bucket === CENTRAL)?.recordedIn).toEqual([LOG_ARCHIVE, MEMBER]);

    const central = merged.report.findings.filter((f) => f.resource === `arn:aws:s3:::${CENTRAL}`);
    expect(central.length).toBeGreaterThan(0);
    expect(new Set(central.map((f) => f.accountId))).toEqual(new Set([LOG_ARCHIVE]));
    expect(central.filter((f) => f.status === 'unknown' || f.status === 'error')).toEqual([]);
    // The organization trail's bucket, held by the log archive itself, is not `unknown` for the management account.
    const orgBucket = merged.report.findings.filter((f) => f.resource === 'arn:aws:s3:::example-org-cloudtrail-logs');
    expect(orgBucket.length).toBeGreaterThan(0);
    expect(orgBucket.filter((f) => f.status === 'unknown')).toEqual([]);
  });

  it('lists accounts not audited: failed ones, and those of a shard that never arrived', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-merge-'));
    const merged = await mergeAudits(await shards(root), join(root, 'reports'));
    expect(merged.manifest.missingShards).toEqual([3]);
    expect(merged.manifest.outcome?.missing).toEqual([NEVER_AUDITED]);
    expect(merged.manifest.outcome).toMatchObject({audited: 3, failed: 1});
    expect(merged.report.findings.filter((f) => f.accountId === DENIED).every((f) => f.status === 'error')).toBe(true);
    const summary = await readFile(merged.files.summary, 'utf8');
    expect(summary).toMatch(new RegExp(`\\| ${DENIED} \\| locked \\| could not be audited: AccessDenied`));
    expect(summary).toContain(`| ${NEVER_AUDITED} | shard-three | no snapshot (interrupted run or missing shard) |`);
    expect(summary).not.toContain(SUSPENDED);
  });

  it('refuses directories of different organizations', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-merge-'));
    const [mgmt] = await orgFixtureAccounts();
    const a = await writeAuditDir(join(root, 'a'), manifest({targets: pick(MGMT)}), [mgmt!]);
    const other: AuditManifest = manifest({targets: pick(MGMT), organization: {id: 'o-other', managementAccountId: MGMT}});
    const b = await writeAuditDir(join(root, 'b'), other, [mgmt!]);
    await expect(mergeAudits([a, b], join(root, 'reports'))).rejects.toThrow(InputError);
    await expect(mergeAudits([join(root, 'nothing')], join(root, 'reports'))).rejects.toThrow(/not an audit directory/);
  });

  it('leaves an unknown record alone when no shard read the bucket', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-merge-'));
    const member = memberWithCentralBucket(MEMBER, unknownBucketRecord(CENTRAL));
    const a = await writeAuditDir(join(root, 'a'), manifest({targets: pick(MEMBER)}), [member]);
    const merged = await mergeAudits([a], join(root, 'reports'));
    const central = merged.report.findings.filter((f) => f.resource === `arn:aws:s3:::${CENTRAL}`);
    expect(central.length).toBeGreaterThan(0);
    expect(central.every((f) => f.status === 'unknown' || f.status === 'not_applicable')).toBe(true);
    expect(central.filter((f) => f.status === 'unknown').length).toBeGreaterThan(0);
  });
});

// `runAudit` end to end against the fake AWS server: the real SDK clients, STS AssumeRole per account, the
// collectors, the bucket join, the evaluator and the reporters.
import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals';
import {mergeAudits} from '../../src/audit/merge.js';
import {runAudit} from '../../src/audit/runner.js';
import type {AuditOptions} from '../../src/audit/types.js';
import type {CollectEvent} from '../../src/collect/events.js';
import type {Finding} from '../../src/evaluate/types.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {Snapshot} from '../../src/snapshot/types.js';
import {duplicateCalls, type FakeAws} from '../support/fake-aws/index.js';
import {
  AUDITED,
  DENIED,
  LOG_ARCHIVE_ACCOUNT,
  MANAGEMENT_ACCOUNT,
  MEMBER,
  MEMBER_BUCKET,
  ORG_BUCKET,
  PLAIN,
  REGIONS,
  SECURITY,
  SUSPENDED,
  managementCredentials,
  startOrg,
} from './org.js';

let aws: FakeAws;
beforeAll(async () => {
  aws = await startOrg();
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.resetCalls();
  aws.setFaults([]);
});

async function audit(extra: Partial<AuditOptions> = {}) {
  const output = extra.output ?? join(await mkdtemp(join(tmpdir(), 'trailwise-audit-')), 'reports');
  const events: CollectEvent[] = [];
  const result = await runAudit({
    org: true,
    roleName: 'TrailwiseAudit',
    regions: REGIONS,
    endpointUrl: aws.endpoint,
    credentials: managementCredentials(aws),
    maxAttempts: 2,
    concurrency: 3,
    output,
    listener: (e) => events.push(e),
    now: () => new Date('2026-11-28T02:00:00Z'),
    ...extra,
  });
  return {result, events, output};
}

const bucketFindings = (findings: Finding[], bucket: string) => findings.filter((f) => f.resource === `arn:aws:s3:::${bucket}`);
const callsBy = (accountId: string) => aws.callLog().filter((c) => c.accountId === accountId);

describe('runAudit over an organization', () => {
  let run: Awaited<ReturnType<typeof audit>>;
  let log: ReturnType<FakeAws['callLog']>;
  beforeAll(async () => {
    aws.resetCalls();
    run = await audit();
    // Kept here: the calls are reset before each test.
    log = aws.callLog();
  });

  it('lists the organization and skips the suspended account, listing it', () => {
    const m = run.result.manifest;
    expect(m.organization?.id).toBe('o-exampleorg1');
    expect(m.targets.map((a) => a.id)).toEqual(AUDITED);
    expect(m.skipped).toEqual([expect.objectContaining({id: SUSPENDED, reason: 'suspended'})]);
    expect(run.result.report?.snapshot.accounts.map((a) => a.accountId)).toEqual(AUDITED);
  });

  it('reads each member with its own assumed role, and the management account with the caller\'s credentials', () => {
    const assumed = log.filter((c) => c.operation === 'sts:AssumeRole' && c.accountId === MANAGEMENT_ACCOUNT);
    const roles = [...new Set(assumed.map((c) => JSON.parse(c.params).RoleArn as string))].sort();
    expect(roles).toEqual(
      AUDITED.filter((id) => id !== MANAGEMENT_ACCOUNT).map((id) => `arn:aws:iam::${id}:role/TrailwiseAudit`),
    );
    for (const id of [LOG_ARCHIVE_ACCOUNT, SECURITY, MEMBER, PLAIN]) {
      // The fake tells the account from the session's access key: these calls were signed with that account's role.
      const own = log.filter((c) => c.accountId === id);
      expect(own.filter((c) => c.operation === 'cloudtrail:DescribeTrails')).toHaveLength(REGIONS.length);
      expect(own.filter((c) => c.operation === 'sts:GetCallerIdentity')).toHaveLength(1);
    }
    // The management account's evidence was read with the caller's own credentials, and no role was assumed into it.
    expect(log.filter((c) => c.accountId === MANAGEMENT_ACCOUNT && c.operation === 'cloudtrail:DescribeTrails')).toHaveLength(REGIONS.length);
    expect(log.filter((c) => c.accountId === SUSPENDED)).toEqual([]);
    expect(log.filter((c) => c.accountId === DENIED)).toEqual([]);
  });

  it('asks nothing twice: the management account\'s identity and organization are read once, for the audit and its evidence', () => {
    const inManagement = log.filter((c) => c.accountId === MANAGEMENT_ACCOUNT);
    expect(inManagement.filter((c) => c.operation === 'sts:GetCallerIdentity')).toHaveLength(1);
    expect(inManagement.filter((c) => c.operation === 'organizations:DescribeOrganization')).toHaveLength(1);
    // No account is asked the same question twice (same operation and parameters; same region where the answer
    // depends on it): not the caller's AssumeRole per member, not an account's ListBuckets, collection and join alike.
    expect(duplicateCalls(log)).toEqual([]);
    // The management account's snapshot still carries its organization, from the audit's own reading.
    const management = run.result.report!.snapshot.accounts.find((a) => a.accountId === MANAGEMENT_ACCOUNT);
    expect(management).toBeDefined();
    expect(run.result.manifest.organization?.managementAccountId).toBe(MANAGEMENT_ACCOUNT);
  });

  it('records an account whose role cannot be assumed with its error, and goes on', () => {
    const report = run.result.report!;
    expect(report.snapshot.accounts.find((a) => a.accountId === DENIED)?.error).toMatch(/^AccessDenied: .*sts:AssumeRole/);
    const denied = report.findings.filter((f) => f.accountId === DENIED);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((f) => f.status === 'error')).toBe(true);
    expect(run.result.manifest.outcome).toMatchObject({audited: 5, failed: 1, missing: []});
    const done = run.events.filter((e): e is Extract<CollectEvent, {type: 'account-done'}> => e.type === 'account-done');
    expect(done.find((e) => e.accountId === DENIED)?.error?.kind).toBe('AccessDenied');
    expect(run.events.at(-1)).toEqual({type: 'audit-done', accounts: 6, failed: 1});
    expect(run.events[0]).toEqual({type: 'audit-start', accounts: 6});
  });

  it('places every account in its organizational unit, from one walk of the tree, failed accounts included', () => {
    const ous = Object.fromEntries(run.result.report!.snapshot.accounts.map((a) => [a.accountId, a.ou ?? '']));
    expect(ous['111111111111']).toBe('Root');
    expect(ous['222222222222']).toBe('Security/Log Archive');
    expect(ous['333333333333']).toBe('Security');
    expect(ous[DENIED]).toBe('Workloads');
    expect(log.filter((c) => c.operation === 'organizations:ListRoots')).toHaveLength(1);
  });

  it('writes report.html beside summary.md, with the accounts grouped by organizational unit', async () => {
    const html = await readFile(run.result.files.html!, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<th scope="row">Security/Log Archive</th>');
  });

  it('writes every account as soon as it is done, and a schema-valid organization snapshot', async () => {
    const account = JSON.parse(await readFile(join(run.result.dir, 'accounts', `${PLAIN}.json`), 'utf8')) as Snapshot;
    expect(() => validateSnapshot(account)).not.toThrow();
    expect(account.collection.calls?.['cloudtrail:DescribeTrails']).toBe(REGIONS.length);
    const snapshot = JSON.parse(await readFile(run.result.files.snapshot!, 'utf8'));
    expect(validateSnapshot(snapshot).accounts).toHaveLength(6);
    // Every request the fake answered is counted once: accounts' calls, the caller's, and the bucket join's.
    const counted = Object.values(snapshot.collection.calls as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBe(log.length);
    expect(snapshot.collection.calls['sts:AssumeRole']).toBe(log.filter((c) => c.operation === 'sts:AssumeRole').length);
  });

  it('judges members as covered by the management account\'s organization trail', () => {
    const report = run.result.report!;
    for (const id of [LOG_ARCHIVE_ACCOUNT, SECURITY, PLAIN]) {
      const coverage = report.findings.filter((f) => f.accountId === id && (f.ruleId === 'ct.org-trail-coverage' || f.ruleId === 'ct.region-coverage'));
      expect(coverage.length).toBeGreaterThan(0);
      expect(coverage.map((f) => `${f.ruleId}:${f.status}`)).toEqual(coverage.map((f) => `${f.ruleId}:pass`));
    }
  });

  it('judges the log-archive buckets once, in the log archive, on its evidence (not unknown)', () => {
    const report = run.result.report!;
    for (const bucket of [ORG_BUCKET, MEMBER_BUCKET]) {
      const findings = bucketFindings(report.findings, bucket);
      expect(findings.length).toBeGreaterThan(0);
      expect(new Set(findings.map((f) => f.accountId))).toEqual(new Set([LOG_ARCHIVE_ACCOUNT]));
      expect(findings.filter((f) => f.status === 'unknown' || f.status === 'error')).toEqual([]);
      expect(findings.find((f) => f.ruleId === 's3.trail-bucket-object-lock')?.status).toBe('pass');
    }
    // The member's trail bucket was not one the log archive's own trails use: the join read it there.
    expect(run.result.manifest.buckets?.find((b) => b.bucket === MEMBER_BUCKET)).toMatchObject({
      referencedBy: [MEMBER],
      ownerAccountId: LOG_ARCHIVE_ACCOUNT,
      recordedIn: [LOG_ARCHIVE_ACCOUNT],
    });
  });

  it('writes the report, summary, SARIF and latest', async () => {
    const summary = await readFile(run.result.files.summary!, 'utf8');
    expect(summary).toContain('# trailwise organization audit');
    expect(summary).toMatch(new RegExp(`\\| ${DENIED} \\| .* \\| could not be audited: AccessDenied`));
    expect(summary).toContain(`| ${SUSPENDED} | retired | skipped: suspended |`);
    const sarif = JSON.parse(await readFile(run.result.files.sarif!, 'utf8'));
    expect(sarif.runs.map((r: {automationDetails: {id: string}}) => r.automationDetails.id)).toEqual([
      'trailwise/org/management/',
      'trailwise/org/log-archive/',
      'trailwise/org/security-tooling/',
      'trailwise/org/workload/',
      'trailwise/org/not-audited/',
    ]);
    expect(run.result.manifest.outcome?.categories[SECURITY]).toBe('security-tooling');
    expect(await readFile(join(run.output, 'latest', 'audit.json'), 'utf8')).toContain('"status": "complete"');
  });
});

describe('sharding', () => {
  it('splits the accounts between shards, and the merge equals one run, with the log-archive join intact', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-shards-'));
    const shards = [];
    for (const index of [1, 2]) shards.push((await audit({shard: `${index}/2`, output: join(root, `shard-${index}`)})).result);
    const [a, b] = shards.map((s) => s.manifest.targets.map((t) => t.id));
    expect([...a!, ...b!].sort()).toEqual(AUDITED);
    expect(a!.filter((id) => b!.includes(id))).toEqual([]);
    // Whichever shard the member is in, its bucket was read in the log archive (even from the other shard).
    for (const s of shards) {
      if (!s.manifest.targets.some((t) => t.id === MEMBER)) continue;
      const findings = bucketFindings(s.report!.findings, MEMBER_BUCKET);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => f.status === 'unknown')).toEqual([]);
    }
    const merged = await mergeAudits(shards.map((s) => s.dir), join(root, 'merged'));
    expect(merged.report.snapshot.accounts.map((x) => x.accountId)).toEqual(AUDITED);
    expect(merged.manifest.missingShards).toBeUndefined();
    expect(merged.manifest.skipped.map((s) => s.id)).toEqual([SUSPENDED]);
    for (const bucket of [ORG_BUCKET, MEMBER_BUCKET]) {
      const findings = bucketFindings(merged.report.findings, bucket);
      expect(new Set(findings.map((f) => f.accountId))).toEqual(new Set([LOG_ARCHIVE_ACCOUNT]));
      expect(findings.filter((f) => f.status === 'unknown')).toEqual([]);
    }
  });
});

describe('resume', () => {
  it('finishes an interrupted audit without collecting finished accounts again', async () => {
    const controller = new AbortController();
    const finished: string[] = [];
    const first = await audit({
      concurrency: 1,
      signal: controller.signal,
      listener: (e) => {
        if (e.type === 'account-done') {
          finished.push(e.accountId);
          if (finished.length === 2) controller.abort();
        }
      },
    });
    expect(first.result.interrupted).toBe(true);
    expect(first.result.report).toBeUndefined();
    expect(first.result.manifest.status).toBe('interrupted');
    expect(finished).toEqual(AUDITED.slice(0, 2));

    aws.resetCalls();
    const second = await audit({resume: first.result.dir, output: first.output});
    expect(second.result.dir).toBe(first.result.dir);
    expect(second.result.resumed).toEqual(AUDITED.slice(0, 2));
    expect(second.result.collected.sort()).toEqual(AUDITED.slice(2));
    // Not one evidence call for the accounts already written: the only calls made in them are the bucket join's
    // (ListBuckets to find the owner of the member's bucket, and that bucket's reads in the log archive).
    for (const id of AUDITED.slice(0, 2)) {
      const again = callsBy(id).filter((c) => !c.operation.startsWith('sts:') && c.operation !== 's3:ListBuckets');
      expect(again.filter((c) => !c.params.includes(`/${MEMBER_BUCKET}/`))).toEqual([]);
    }
    expect(callsBy(MANAGEMENT_ACCOUNT).filter((c) => c.operation === 'cloudtrail:DescribeTrails')).toEqual([]);
    expect(callsBy(PLAIN).filter((c) => c.operation === 'cloudtrail:DescribeTrails')).toHaveLength(REGIONS.length);
    expect(second.result.report?.snapshot.accounts.map((a) => a.accountId)).toEqual(AUDITED);
    expect(second.result.manifest.status).toBe('complete');
    // The join lists the resumed accounts' buckets once (their collection's list was another process's); the accounts
    // collected now are not listed again, and no role is assumed twice.
    expect(duplicateCalls(aws.callLog())).toEqual([]);
  });
  it('resumes the newest unfinished run when given the reports root (latest names only complete runs)', async () => {
    const done = await audit();
    const controller = new AbortController();
    const interrupted = await audit({
      output: done.output,
      concurrency: 1,
      signal: controller.signal,
      listener: (e) => {
        if (e.type === 'account-done') controller.abort();
      },
    });
    expect(interrupted.result.manifest.status).toBe('interrupted');
    expect(interrupted.result.dir).not.toBe(done.result.dir);

    const resumed = await audit({resume: done.output, output: done.output});
    expect(resumed.result.dir).toBe(interrupted.result.dir);
    expect(resumed.result.resumed).toHaveLength(1);
    expect(resumed.result.manifest.status).toBe('complete');
    // Every run under the root is complete now: nothing to resume, and the message names the root.
    await expect(audit({resume: done.output, output: done.output})).rejects.toThrow(new RegExp(`${done.output}.*no unfinished audit`));
  });
});


describe('an account that does not finish in time', () => {
  it('is recorded as Timeout, with what was read kept and the rest marked NotCollected, and the audit goes on', async () => {
    // DescribeTrails never answers in this account; the account's time runs out first.
    aws.setFaults([{operation: 'cloudtrail:DescribeTrails', kind: 'Timeout', accountId: PLAIN}]);
    // Only this account: on a loaded machine another account could run out of time too.
    const {result} = await audit({accounts: [PLAIN], accountTimeoutMs: 1000, requestTimeoutMs: 4000, maxAttempts: 1});
    const accounts = result.report!.snapshot.accounts;
    expect(accounts.find((a) => a.accountId === PLAIN)?.error).toBe('Timeout: not finished within 1 s; the evidence not read is marked NotCollected');
    expect(result.report!.findings.filter((f) => f.accountId === PLAIN).every((f) => f.status === 'error')).toBe(true);
    expect(result.manifest.status).toBe('complete');
    const file = JSON.parse(await readFile(join(result.dir, 'accounts', `${PLAIN}.json`), 'utf8')) as Snapshot;
    expect(file.accounts[0]!.error?.kind).toBe('Timeout');
    expect(JSON.stringify(file.accounts[0]!.regions)).toContain('NotCollected');
    expect(result.manifest.skipped.filter((s) => s.reason === 'not-selected').map((s) => s.id)).toContain(MEMBER);
  });
});

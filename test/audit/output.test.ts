import {lstat, mkdir, mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {readReportByLines} from '../../src/audit/diff.js';
import {createRunDir, resolveAuditDir, runDirName, updateLatest, writeOrgSnapshot, writeReportFile} from '../../src/audit/output.js';
import {buildOrgSarif} from '../../src/audit/sarif.js';
import {categorizeAccounts} from '../../src/audit/summary.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {Snapshot} from '../../src/snapshot/types.js';
import {bucketRecord, memberWithCentralBucket, orgFixtureAccounts} from './dirs.js';
import {finding, report} from './reports.js';

describe('the audit directory', () => {
  it('is named by the UTC time, valid on every file system, and never reused', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-out-'));
    const at = new Date('2026-11-28T02:00:07.123Z');
    expect(runDirName(at)).toBe('2026-11-28T02-00-07Z');
    const first = await createRunDir(root, at);
    const second = await createRunDir(root, at);
    expect([basename(first), basename(second)]).toEqual(['2026-11-28T02-00-07Z', '2026-11-28T02-00-07Z-2']);
    expect(await readdir(join(second, 'accounts'))).toEqual([]);
  });

  it('latest is a relative symlink to the newest run, replaced atomically', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-out-'));
    const a = await createRunDir(root, new Date('2026-11-21T02:00:00Z'));
    const b = await createRunDir(root, new Date('2026-11-28T02:00:00Z'));
    for (const dir of [a, b]) await writeFile(join(dir, 'audit.json'), '{"kind":"trailwise-audit"}');
    await updateLatest(a);
    await updateLatest(b);
    expect((await lstat(join(root, 'latest'))).isSymbolicLink()).toBe(true);
    expect(await resolveAuditDir(root)).toBe(b);
    expect(await resolveAuditDir(a)).toBe(a);
    expect((await readdir(root)).sort()).toEqual(['2026-11-21T02-00-00Z', '2026-11-28T02-00-00Z', 'latest']);
  });

  it('latest may be a file holding the name (where symlinks are not allowed)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-out-'));
    const run = join(root, '2026-11-28T02-00-00Z');
    await mkdir(run);
    await writeFile(join(run, 'audit.json'), '{"kind":"trailwise-audit"}');
    await writeFile(join(root, 'latest'), '2026-11-28T02-00-00Z\n');
    expect(await resolveAuditDir(root)).toBe(run);
    await expect(resolveAuditDir(join(root, 'missing'))).rejects.toThrow(/not an audit directory/);
  });

  it('writes the organization snapshot account by account, as valid JSON that validates', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-out-'));
    const accounts = await orgFixtureAccounts();
    const snapshot: Snapshot = {
      schemaVersion: '1.0',
      collection: {tool: 'trailwise', toolVersion: '0.1.0', source: 'aws', startedAt: '2026-11-28T02:00:00Z', finishedAt: '2026-11-28T02:05:00Z', calls: {'sts:AssumeRole': 2}},
      accounts,
    };
    const file = await writeOrgSnapshot(root, snapshot, snapshot.accounts);
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    expect(parsed).toEqual(snapshot);
    expect(() => validateSnapshot(parsed)).not.toThrow();
    const empty = await writeOrgSnapshot(root, snapshot, []);
    expect(JSON.parse(await readFile(empty, 'utf8')).accounts).toEqual([]);
  });
});

describe('account categories and SARIF runs', () => {
  it('tells the management account, the log archive and workloads apart', async () => {
    const [mgmt, logArchive] = await orgFixtureAccounts();
    const member = memberWithCentralBucket('444444444444', bucketRecord('central', '222222222222'));
    const denied = {accountId: '555555555555', error: {kind: 'AccessDenied' as const, message: 'no'}, regions: [], trails: [], trailBuckets: []};
    const snapshot: Snapshot = {
      schemaVersion: '1.0',
      collection: {tool: 'trailwise', toolVersion: '0.1.0', source: 'aws', startedAt: '2026-11-28T02:00:00Z', finishedAt: '2026-11-28T02:05:00Z'},
      accounts: [mgmt!, logArchive!, member, denied],
    };
    expect(categorizeAccounts(snapshot, '111111111111')).toEqual({
      '111111111111': 'management',
      '222222222222': 'log-archive',
      '444444444444': 'workload',
      '555555555555': 'not-audited',
    });
  });

  it('writes one run per category, each with its own automation id, and caps results per run worst first', () => {
    const findings = [
      finding('ct.region-coverage', '111111111111', 'fail', 'critical'),
      ...Array.from({length: 5}, (_, i) => finding('cwl.retention', '444444444444', 'fail', 'low', `lg-${i}`)),
      finding('ct.region-coverage', '444444444444', 'fail', 'critical'),
      finding('ct.kms-encryption', '444444444444', 'pass', 'medium'),
    ];
    // The evaluator sorts worst first; so does this list once sorted by severity.
    findings.sort((a, b) => ['critical', 'high', 'medium', 'low'].indexOf(a.severity) - ['critical', 'high', 'medium', 'low'].indexOf(b.severity));
    const r = report({overall: 50, byAccount: {'111111111111': 60, '444444444444': 40}, findings});
    const {log, truncated} = buildOrgSarif(r, {'111111111111': 'management', '444444444444': 'workload'}, {maxResultsPerRun: 3});
    expect(log.runs.map((run) => run.automationDetails.id)).toEqual(['trailwise/org/management/', 'trailwise/org/workload/']);
    expect(log.runs.map((run) => run.results.length)).toEqual([1, 3]);
    expect(log.runs[1]!.results[0]!.ruleId).toBe('ct.region-coverage');
    expect(truncated).toEqual([{category: 'workload', kept: 3, dropped: 3}]);
    expect(log.runs[1]!.properties.truncated).toEqual({kept: 3, dropped: 3});
    expect(log.version).toBe('2.1.0');
  });
});

describe('the report file of an organization', () => {
  it('is the JSON report with one finding per line, read back line by line with passing findings slimmed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trailwise-out-'));
    const r = report({
      overall: 50,
      byAccount: {'111111111111': 50},
      findings: [finding('ct.region-coverage', '111111111111', 'fail', 'critical'), finding('ct.kms-encryption', '111111111111', 'pass', 'medium'), finding('x.y', '111111111111', 'error')],
    });
    const file = join(dir, 'report.json');
    await writeReportFile(file, r);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual(r);
    expect(text.split('\n').filter((l) => l.startsWith('    {"ruleId"'))).toHaveLength(3);
    const back = (await readReportByLines(file)) as typeof r;
    expect(back.findings.map((f) => f.status)).toEqual(['fail', 'pass', 'error']);
    expect(back.findings[0]).toEqual(r.findings[0]);
    expect(back.findings[1]).toEqual({fingerprint: r.findings[1]!.fingerprint, status: 'pass'});
    expect({...back, findings: []}).toEqual({...r, findings: []});

    const empty = {...r, findings: []};
    await writeReportFile(file, empty);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(empty);
    expect(await readReportByLines(file)).toEqual(empty);
  });
});

import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {compareReports, diffReports, formatDiffJson, formatDiffMarkdown, formatDiffText} from '../../src/audit/diff.js';
import {InputError} from '../../src/errors.js';
import {finding, report} from './reports.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const D = '444444444444';

// Monday's question: what broke, what got fixed, what can no longer be checked.
const before = report({
  collectedAt: '2026-11-21T02:00:00.000Z',
  overall: 80,
  byAccount: {[A]: 90, [B]: 70, [C]: 80},
  findings: [
    finding('ct.region-coverage', A, 'pass', 'critical'),
    finding('ct.log-file-validation', A, 'fail', 'high'), // fixed below
    finding('s3.trail-bucket-object-lock', B, 'fail', 'high'), // still failing
    finding('ct.kms-encryption', B, 'fail', 'medium'), // evidence now missing
    finding('gd.enabled-all-regions', C, 'fail', 'high'), // account C not audited next time
    finding('cwl.retention', A, 'fail', 'low', 'arn:aws:logs:us-east-1:111111111111:log-group:/gone'), // deleted
  ],
});
const after = report({
  collectedAt: '2026-11-28T02:00:00.000Z',
  overall: 75.5,
  byAccount: {[A]: 95, [B]: 60, [C]: null, [D]: 50},
  accounts: [{accountId: A, name: 'management'}, {accountId: B, name: 'log-archive'}, {accountId: C, error: 'AccessDenied: not authorized to perform sts:AssumeRole'}, {accountId: D}],
  findings: [
    finding('ct.region-coverage', A, 'fail', 'critical'), // new critical
    finding('ct.log-file-validation', A, 'pass', 'high'),
    finding('s3.trail-bucket-object-lock', B, 'fail', 'high'),
    finding('ct.kms-encryption', B, 'error', 'medium'),
    finding('gd.enabled-all-regions', C, 'error', 'high'),
    finding('ct.region-coverage', D, 'fail', 'critical'), // new account, new failure
    finding('cwl.retention', D, 'fail', 'low'),
  ],
});

describe('compareReports', () => {
  const diff = compareReports(before, after);

  it('lists new failures worst first, including those of accounts new to the audit', () => {
    expect(diff.newFailures.map((f) => `${f.ruleId}@${f.accountId}`)).toEqual([
      `ct.region-coverage@${A}`,
      `ct.region-coverage@${D}`,
      `cwl.retention@${D}`,
    ]);
  });

  it('counts a finding as resolved only when it passes now or its resource is gone', () => {
    expect(diff.resolved.map((r) => [r.finding.ruleId, r.now])).toEqual([
      ['ct.log-file-validation', 'pass'],
      ['cwl.retention', 'gone'],
    ]);
  });

  it('keeps failures whose evidence is now missing, or whose account was not audited, apart from resolved ones', () => {
    expect(diff.unverified.map((u) => [u.finding.ruleId, u.finding.accountId, u.now])).toEqual([
      ['gd.enabled-all-regions', C, 'account-not-audited'],
      ['ct.kms-encryption', B, 'error'],
    ]);
  });

  it('gives the score change per account (largest drop first) and for the organization', () => {
    expect(diff.organization.score).toEqual({old: 80, new: 75.5, change: -4.5});
    expect(diff.accounts.map((a) => [a.accountId, a.score.change, a.presence])).toEqual([
      [B, -10, 'both'],
      [C, null, 'both'],
      [D, null, 'added'],
      [A, 5, 'both'],
    ]);
    expect(diff.accounts.find((a) => a.accountId === C)?.notAudited).toMatch(/AssumeRole/);
    expect(diff.accounts.find((a) => a.accountId === A)).toMatchObject({newFailures: 1, resolved: 2});
  });

  it('raises the alert when the score drops or a critical/high failure is new', () => {
    expect(diff.regression).toEqual({
      scoreDropped: true,
      newCriticalOrHigh: 2,
      alert: true,
      reasons: ['the organization score dropped from 80 to 75.5', '2 new critical or high failure(s)'],
    });
    const quiet = compareReports(after, after);
    expect(quiet.regression.alert).toBe(false);
    expect(quiet.newFailures).toHaveLength(0);
    expect(quiet.resolved).toHaveLength(0);
  });
});

describe('formatters', () => {
  const diff = compareReports(before, after, {oldFile: 'old/report.json', newFile: 'new/report.json'});

  it('text: the headline numbers and one line per finding', () => {
    const text = formatDiffText(diff);
    expect(text).toContain('Organization score: 80 → 75.5 (−4.5)');
    expect(text).toContain('New failures (2 critical, 1 low): 3');
    expect(text).toMatch(/CRITICAL ct\.region-coverage {2}111111111111 global {2}account\/111111111111/);
    expect(text).toContain('[now gone]');
    expect(text).toContain('[account not audited]');
    expect(text).toContain('ATTENTION:');
  });

  it('markdown: tables with escaped cells and the warning callout', () => {
    const md = formatDiffMarkdown(diff);
    expect(md).toContain('| Organization score | 80 | 75.5 | -4.5 |');
    expect(md).toContain('### New failures (2 critical, 1 low) (3)');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain(`| ${B} | log-archive | 70 | 60 | -10 | 0 | 0 |  |`);
    expect(md).toMatch(/\| 333333333333 \|.*not audited: AccessDenied/);
  });

  it('markdown: caps long lists', () => {
    const many = report({overall: 50, byAccount: {[A]: 50}, findings: Array.from({length: 8}, (_, i) => finding(`r.${i}`, A, 'fail'))});
    const md = formatDiffMarkdown(compareReports(report({overall: 50, byAccount: {[A]: 50}, findings: []}), many), {maxFindings: 3});
    expect(md).toContain('… and 5 more (see the JSON diff).');
  });

  it('json: parses back to the same diff', () => {
    expect(JSON.parse(formatDiffJson(diff))).toEqual(JSON.parse(JSON.stringify(diff)));
  });
});

describe('diffReports', () => {
  it('reads report files and audit directories (through latest)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-diff-'));
    await writeFile(join(root, 'old.json'), JSON.stringify(before));
    const run = join(root, 'reports', '2026-11-28T02-00-00Z');
    await mkdir(run, {recursive: true});
    await writeFile(join(run, 'audit.json'), JSON.stringify({kind: 'trailwise-audit'}));
    await writeFile(join(run, 'report.json'), JSON.stringify(after));
    await writeFile(join(root, 'reports', 'latest'), '2026-11-28T02-00-00Z\n');
    const diff = await diffReports(join(root, 'old.json'), join(root, 'reports'));
    expect(diff.new.file).toBe(join(run, 'report.json'));
    expect(diff.newFailures).toHaveLength(3);
  });

  it('says which input is not a report', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trailwise-diff-'));
    await writeFile(join(root, 'x.json'), '{"tool":"other"}');
    await expect(diffReports(join(root, 'x.json'), join(root, 'x.json'))).rejects.toThrow(`${join(root, 'x.json')}: not a trailwise JSON report`);
    await expect(diffReports(join(root, 'none.json'), join(root, 'x.json'))).rejects.toThrow(InputError);
  });
});

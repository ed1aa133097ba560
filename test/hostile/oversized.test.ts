// Oversized input: names far longer than AWS allows (a snapshot is a file anyone can edit). Every formatter is linear
// in the length of a name and shows a bounded part of it; the JSON report keeps it whole. The time budget of each
// test is the test runner's timeout.
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {compareReports, formatDiffMarkdown, formatDiffText} from '../../src/audit/diff.js';
import {MAX_NAME_CHARS} from '../../src/report/escape/unicode.js';
import {finding, report} from '../audit/reports.js';
import {cli, folder, snapshotWith, tmp} from './support.js';

// One word and many short ones: the text report's wrapping once cost the square of this (320 KB took 52 s).
const HUGE = `${'x'.repeat(500_000)} ${'y '.repeat(250_000)}`.trimEnd();

describe('a 1 MB trail name', () => {
  it('GIVEN a 1 MB trail name WHEN every format is written THEN it finishes, names are cut, JSON keeps them whole', async () => {
    const dir = tmp();
    const snapshot = snapshotWith(dir, (s) => {
      const trail = s.accounts[0]!.trails[0]!;
      trail.arn = `arn:aws:cloudtrail:us-east-1:${s.accounts[0]!.accountId}:trail/${HUGE}`;
      trail.description.Name = HUGE;
      trail.description.TrailARN = trail.arn;
    });
    const out = folder(dir, 'out');
    const run = await cli('evaluate', '--snapshot', snapshot, '--format', 'json,text,markdown,sarif', '--output', out, '--fail-on', 'none');
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(out, 'report.json'), 'utf8')).toContain(HUGE);
    for (const file of ['report.txt', 'report.md']) {
      const text = readFileSync(path.join(out, file), 'utf8');
      expect([file, text.includes('x'.repeat(MAX_NAME_CHARS + 1))]).toEqual([file, false]);
      expect(statSync(path.join(out, file)).size).toBeLessThan(200_000);
    }
  }, 120_000);
});

describe('diff', () => {
  it('GIVEN reports whose account and resource names are 1 MB THEN text and Markdown finish with the names cut', () => {
    const resource = `arn:aws:s3:::${HUGE}`;
    const accounts = [{accountId: '111111111111', name: HUGE}];
    const before = report({findings: [finding('ct.enabled', '111111111111', 'pass', 'high', resource)], overall: 90, byAccount: {'111111111111': 90}, accounts});
    const after = report({findings: [{...finding('ct.enabled', '111111111111', 'fail', 'high', resource), message: HUGE}], overall: 10, byAccount: {'111111111111': 10}, accounts});
    const diff = compareReports(before, after);
    for (const text of [formatDiffText(diff), formatDiffMarkdown(diff)]) {
      expect(text.length).toBeLessThan(20_000);
      expect(text).toContain('…');
    }
  }, 30_000);
});

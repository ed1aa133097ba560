// Injection: account and resource names are set by whoever owns the account (a member account of the organization, a
// bucket's creator). Every writer renders them as text: no HTML, links, mentions or issue references in Markdown, no
// escape sequences on a terminal, no bidirectional override anywhere.
import {mkdirSync, mkdtempSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {compareReports, formatDiffMarkdown, formatDiffText} from '../../src/audit/diff.js';
import {formatOrgSummary} from '../../src/audit/summary.js';
import type {AuditManifest} from '../../src/audit/types.js';
import {formatMarkdown} from '../../src/report/markdown.js';
import {formatSarif} from '../../src/report/sarif.js';
import {formatText} from '../../src/report/terminal/index.js';
import {buildActionBundle, cleanupRuns, repoRoot, runAction} from '../action/run-action.js';
import {finding, report} from '../audit/reports.js';
import {NEGLECTED, snapshotWith} from './support.js';

const HOSTILE = {
  html: '<img src=x onerror=alert(1)>',
  link: '[click me](https://evil.example/login)',
  image: '![x](https://evil.example/pixel.png)',
  mention: '@octocat',
  issue: '#1',
  ansi: '\u001b[2J\u001b]0;pwned\u0007\u001b[31mred',
  bidi: 'exe.\u202Etxt',
  pipe: 'a|b',
};
const NAME = Object.values(HOSTILE).join(' ');

/** An old and a new report of one account named NAME, whose resource (also NAME) starts failing. */
function reports() {
  const resource = `arn:aws:s3:::${NAME}`;
  const accounts = [{accountId: '111111111111', name: NAME}];
  const before = report({findings: [finding('ct.enabled', '111111111111', 'pass', 'high', resource)], overall: 90, byAccount: {'111111111111': 90}, accounts});
  const after = report({
    findings: [{...finding('ct.enabled', '111111111111', 'fail', 'high', resource), message: `bucket ${NAME} is public`}],
    overall: 40,
    byAccount: {'111111111111': 40},
    accounts,
  });
  return {before, after};
}

/** Markdown that shows NAME as text only. */
function expectInertMarkdown(md: string): void {
  expect(md).not.toContain('<img');
  expect(md).not.toMatch(/(?<!\\)\[click me(?<!\\)\]/);
  expect(md).not.toContain('](https://');
  expect(md).not.toMatch(/@octocat/);
  expect(md).not.toMatch(/#1(?!\d)/);
  expect(md).not.toContain('\u001b');
  expect(md).not.toContain('\u202E');
  expect(md).not.toMatch(/(?<!\\)a\|b/);
}

/** Terminal text that carries no escape sequence, control or bidi override. */
function expectInertTerminal(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  expect(text).not.toContain('\u202E');
  expect(text).toContain('<U+202E>');
}

describe('diff', () => {
  it('--format markdown renders hostile account and resource names as text', () => {
    const {before, after} = reports();
    const md = formatDiffMarkdown(compareReports(before, after));
    expectInertMarkdown(md);
    expect(md).toContain('&lt;img');
  });

  it('text output carries no escape sequence or bidi override', () => {
    const {before, after} = reports();
    expectInertTerminal(formatDiffText(compareReports(before, after)));
  });
});

describe('org summary.md', () => {
  it('renders hostile account names, bucket names and reasons as text', () => {
    const {after} = reports();
    after.snapshot.accounts.push({accountId: '222222222222', name: NAME, error: `AccessDenied: ${NAME}`, regions: 0});
    const manifest = {
      organization: {id: `o-${HOSTILE.mention}`, managementAccountId: '111111111111'},
      organizationAccounts: [{id: '333333333333', name: NAME}],
      skipped: [{id: '444444444444', name: NAME, reason: 'suspended'}],
      otherShards: 0,
      buckets: [{bucket: NAME, referencedBy: ['111111111111'], problem: NAME}],
      outcome: {audited: 1, failed: 1, missing: ['333333333333'], categories: {}, calls: 0},
    } as unknown as AuditManifest;
    expectInertMarkdown(formatOrgSummary(after, manifest));
  });
});

describe('reports', () => {
  it('the Markdown report renders hostile names as text', () => {
    expectInertMarkdown(formatMarkdown(reports().after));
  });

  it('the text report carries no escape sequence or bidi override', () => {
    expectInertTerminal(formatText(reports().after, {width: 120}));
  });

  it('SARIF message text has no embedded link, control or bidi override', () => {
    const sarif = JSON.parse(formatSarif(reports().after)) as {runs: {results: {message: {text: string}}[]}[]};
    const text = sarif.runs[0]!.results[0]!.message.text;
    expectInertTerminal(text);
    expect(text).toContain('\\[click me\\]');
  });
});

describe('the GitHub Action', () => {
  it('annotations and the job summary render hostile account and resource names inert', async () => {
    const {bundle, cleanup} = buildActionBundle();
    try {
      mkdirSync(path.join(repoRoot, '.tmp'), {recursive: true});
      const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'hostile-'));
      const file = snapshotWith(
        dir,
        (s) => {
          const account = s.accounts[0]!;
          account.name = NAME;
          for (const trail of account.trails) trail.arn = `arn:aws:cloudtrail:us-east-1:${account.accountId}:trail/${NAME}`;
        },
        'snapshot.json',
        NEGLECTED,
      );
      const run = await runAction(bundle, {snapshot: path.relative(repoRoot, file)});
      const commands = run.stdout.split('\n').filter((line) => line.startsWith('::'));
      expect(commands.some((line) => line.includes('onerror'))).toBe(true);
      for (const line of commands) {
        // eslint-disable-next-line no-control-regex
        expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        expect(line).not.toContain('\u202E');
      }
      expectInertMarkdown(run.summary);
    } finally {
      cleanup();
      cleanupRuns();
    }
  }, 180_000);
});

import {describe, expect, it} from '@jest/globals';
import {markdownText} from '../../src/report/escape/markdown.js';
import {formatMarkdown, COMMENT_LIMIT} from '../../src/report/markdown.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

const rules = [
  makeRule({id: 'ct.region-coverage', severity: 'critical', title: 'Every enabled region has a logging trail'}),
  makeRule({id: 'ct.log-file-validation', severity: 'high'}),
  makeRule({id: 'cwl.retention-set', severity: 'medium', remediation: {summary: 'Set a retention.'}}),
  makeRule({id: 'cost.duplicate-mgmt-trails', severity: 'low', pillar: 'COST', advisory: true}),
];

/** The table rows that list a finding (every such row names its resource in `<code>`). */
const findingRows = (md: string) => md.split('\n').filter((l) => l.startsWith('| ') && l.includes('<code>'));
/** Unescaped `|` in a line: GitHub splits table cells on exactly these. */
const cellSeparators = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;
const sectionOf = (md: string, heading: string) => {
  const start = md.indexOf(`### ${heading}`);
  if (start < 0) return '';
  const next = md.indexOf('\n### ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
};

describe('formatMarkdown', () => {
  it('shows scores, counts by severity and the gate verdict', () => {
    const report = makeReport(rules, [
      makeFinding({ruleId: 'ct.region-coverage', severity: 'critical'}),
      makeFinding({ruleId: 'ct.log-file-validation', severity: 'high'}),
      makeFinding({ruleId: 'ct.log-file-validation', severity: 'high'}),
      makeFinding({ruleId: 'cwl.retention-set', status: 'pass', severity: 'medium'}),
    ]);
    const md = formatMarkdown(report, {gate: {passed: false, reasons: ['3 finding(s) at or above high']}});
    expect(md).toMatch(/^## trailwise: AWS logging posture — ❌ failed/);
    expect(md).toContain('**Gate:** 3 finding(s) at or above high');
    expect(md).toContain('| **42.5** | 40 | 80 | 95% |');
    expect(md).toContain('| 🔴 Critical | 1 |');
    expect(md).toContain('| 🟠 High | 2 |');
    expect(md).toContain('| 🟡 Medium | 0 |');
    expect(md).toContain('1 passed · 3 failed · 0 error');
    expect(md).toContain('Pack <code>wa-sec04</code>');
  });

  it('groups failing rules by severity, worst first, each with its remediation', () => {
    const report = makeReport(rules, [
      makeFinding({ruleId: 'cost.duplicate-mgmt-trails', severity: 'low', pillar: 'COST', advisory: true, estimatedMonthlyCostUsd: 12.5}),
      makeFinding({ruleId: 'cwl.retention-set', severity: 'medium', resource: 'arn:aws:logs:us-east-1:111111111111:log-group:app'}),
      makeFinding({ruleId: 'ct.region-coverage', severity: 'critical', resource: '111111111111/eu-west-1', region: 'eu-west-1'}),
    ]);
    const md = formatMarkdown(report);
    const order = ['#### 🔴 Critical', 'ct.region-coverage', '#### 🟡 Medium', 'cwl.retention-set', '#### 🔵 Low', 'cost.duplicate-mgmt-trails'].map((s) => md.indexOf(s));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).not.toContain('#### 🟠 High');
    expect(md).toContain('**Remediation:** Fix ct.region-coverage.');
    expect(md).toContain('<details><summary>AWS CLI</summary>');
    expect(md).toMatch(/```hcl\nresource "aws_cloudtrail" "main" \{\n {2}enable_log_file_validation = true\n\}\n```/);
    expect(md).toContain('_(advisory)_');
    expect(md).toContain('≈ \\$12.50/month');
    // The medium rule has only a summary: no CLI block inside its details.
    const medium = md.slice(md.indexOf('#### 🟡 Medium'), md.indexOf('#### 🔵 Low'));
    expect(medium).toContain('Set a retention.');
    expect(medium).not.toContain('AWS CLI');
  });

  it('puts new failures first when a baseline is given, and the known ones after', () => {
    const old = makeFinding({ruleId: 'ct.log-file-validation', resource: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/old'});
    const fresh = makeFinding({ruleId: 'ct.log-file-validation', resource: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/fresh'});
    const report = makeReport(rules, [old, fresh]);
    const md = formatMarkdown(report, {baseline: new Map([[old.fingerprint, 'fail' as const]])});
    const newSection = sectionOf(md, 'New failures');
    const oldSection = sectionOf(md, 'Failures already in the baseline');
    expect(md.indexOf('### New failures')).toBeLessThan(md.indexOf('### Failures already in the baseline'));
    expect(newSection).toContain('trail/fresh');
    expect(newSection).not.toContain('trail/old');
    expect(oldSection).toContain('trail/old');
    expect(oldSection).not.toContain('trail/fresh');
    expect(md).toContain('| Severity | Failing | New |');
    expect(md).toContain('| 🟠 High | 2 | 1 |');
  });

  it('lists errors and unknowns apart from failures', () => {
    const report = makeReport(rules, [
      makeFinding({ruleId: 'ct.log-file-validation', resource: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/failing'}),
      makeFinding({ruleId: 'ct.region-coverage', status: 'error', region: 'ap-south-1', resource: '111111111111/ap-south-1', message: 'AccessDenied on DescribeTrails'}),
      makeFinding({ruleId: 'ct.log-file-validation', status: 'unknown', resource: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org', message: 'owned by 999999999999'}),
    ]);
    const md = formatMarkdown(report);
    const failing = sectionOf(md, 'Failing rules');
    const missing = sectionOf(md, 'Missing evidence');
    expect(failing).toContain('trail/failing');
    expect(failing).not.toContain('AccessDenied');
    expect(missing).toContain('| error | 111111111111 | ap-south-1 | <code>111111111111/ap-south-1</code> |');
    expect(missing).toContain('AccessDenied on DescribeTrails');
    expect(missing).toContain('| unknown |');
    expect(missing).not.toContain('trail/failing');
  });

  it('escapes Markdown and HTML in resource names and messages', () => {
    const nasty = 'evil|bucket<script>alert(1)</script>`tick`*bold*_it_[link](http://x)@octocat $x$';
    const report = makeReport(rules, [makeFinding({ruleId: 'ct.log-file-validation', resource: nasty, message: `line one\nline two | ${nasty}`})]);
    const md = formatMarkdown(report);
    const [row] = findingRows(md);
    expect(row).toBeDefined();
    // Four cells: five separators, however many pipes the data held.
    expect(cellSeparators(row!)).toBe(5);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).not.toMatch(/(?<!\\)`tick/);
    expect(md).toContain('\\*bold\\*');
    expect(md).toContain('\\_it\\_');
    expect(md).toContain('\\[link\\](http:&#8203;//x)');
    expect(md).not.toMatch(/@octocat/);
    expect(md).toContain('\\$x\\$');
    expect(row).toContain('line one line two');
  });

  it('markdownText leaves plain identifiers readable', () => {
    expect(markdownText('arn:aws:s3:::my-bucket.logs')).toBe('arn:aws:s3:::my-bucket.logs');
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('x & y')).toBe('x &amp; y');
  });

  it('caps the list at maxFindings and says how many more there are', () => {
    const findings = Array.from({length: 10}, () => makeFinding({ruleId: 'ct.log-file-validation'}));
    const md = formatMarkdown(makeReport(rules, findings), {maxFindings: 3});
    expect(findingRows(md)).toHaveLength(3);
    expect(md).toContain('**7 more** finding(s) not shown');
    expect(md).toContain('### Failing rules (1 rule, 3 of 10 findings)');
  });

  it('counts failing rules as rules, and their findings beside them', () => {
    const findings = [
      ...Array.from({length: 4}, () => makeFinding({ruleId: 'ct.log-file-validation'})),
      ...Array.from({length: 3}, () => makeFinding({ruleId: 'ct.region-coverage', severity: 'critical'})),
    ];
    expect(formatMarkdown(makeReport(rules, findings))).toContain('### Failing rules (2 rules, 7 findings)');
  });

  it('stays within a PR comment budget with thousands of findings, and counts what it left out', () => {
    const findings = Array.from({length: 4000}, (_, i) =>
      makeFinding({
        ruleId: i % 2 ? 'ct.log-file-validation' : 'ct.region-coverage',
        severity: i % 2 ? 'high' : 'critical',
        resource: `arn:aws:s3:::bucket-${i}-${'x'.repeat(40)}`,
        message: `Bucket ${i} has no Object Lock default retention, expected at least 365 days in COMPLIANCE mode`,
      }),
    );
    const md = formatMarkdown(makeReport(rules, findings), {maxChars: COMMENT_LIMIT - 100});
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(COMMENT_LIMIT - 100);
    const shown = findingRows(md).length;
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(4000);
    expect(md).toContain(`**${4000 - shown} more** finding(s) not shown`);
  });

  it('a 1 MiB step-summary budget holds far more than the comment budget', () => {
    const findings = Array.from({length: 3000}, (_, i) => makeFinding({ruleId: 'ct.log-file-validation', message: `m${i} ${'y'.repeat(200)}`}));
    const report = makeReport(rules, findings);
    const small = formatMarkdown(report, {maxChars: 60_000});
    const large = formatMarkdown(report, {maxChars: 900_000});
    expect(Buffer.byteLength(large)).toBeLessThanOrEqual(900_000);
    expect(findingRows(large).length).toBeGreaterThan(findingRows(small).length * 5);
  });

  it('truncates a runaway message instead of letting it take the whole budget', () => {
    const report = makeReport(rules, [makeFinding({ruleId: 'ct.log-file-validation', message: 'z'.repeat(100_000)})]);
    const md = formatMarkdown(report);
    expect(findingRows(md)).toHaveLength(1);
    expect(md).toContain('z…');
    expect(md.length).toBeLessThan(10_000);
  });

  it('says so when nothing failed and no evidence was missing', () => {
    const md = formatMarkdown(makeReport(rules, [makeFinding({ruleId: 'ct.region-coverage', status: 'pass'})]), {gate: {passed: true, reasons: []}});
    expect(md).toContain('— ✅ passed');
    expect(md).toContain('No failing rules and no missing evidence.');
    expect(findingRows(md)).toHaveLength(0);
    expect(md).not.toContain('more** finding(s) not shown');
  });

  it('never exceeds even a budget smaller than its header', () => {
    const findings = Array.from({length: 20}, () => makeFinding({ruleId: 'ct.log-file-validation'}));
    const md = formatMarkdown(makeReport(rules, findings), {maxChars: 500});
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(500);
    expect(md).toContain('**20 more** finding(s) not shown');
  });
});

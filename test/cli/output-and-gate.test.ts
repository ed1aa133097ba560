// Where reports go and what a pipeline learns from them: the format from --output's extension, the gate line on
// stderr whatever stdout carries, the gate's verdict inside the JSON report, SARIF paths relative to the working
// directory, and rule selection on the command line.
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {createAjv} from '../../src/ajv.js';
import {FORMAT_EXTENSIONS, formatOfFile} from '../../src/cli/output.js';
import {runCli} from '../../src/cli/program.js';
import {reportSchema} from '../../src/report/report-schema.js';
import {fakeTerminal} from './fake-terminal.js';

const NEGLECTED = path.resolve('examples/snapshots/neglected-account.json');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-out-'));

async function evaluate(...flags: string[]) {
  const term = fakeTerminal();
  const code = await runCli(['evaluate', '--snapshot', NEGLECTED, ...flags], term);
  return {code, term};
}

describe('--output without --format takes the format from the extension', () => {
  it.each([
    ['report.json', 'json'],
    ['report.sarif', 'sarif'],
    ['report.sarif.json', 'sarif'],
    ['report.md', 'markdown'],
    ['REPORT.MARKDOWN', 'markdown'],
    ['report.txt', 'text'],
    ['report.out', undefined],
  ])('%s → %s', (file, format) => {
    expect(formatOfFile(file)).toBe(format);
  });

  it('lists longer endings before their tails, so a compound ending wins', () => {
    const endings = FORMAT_EXTENSIONS.map(([e]) => e);
    for (const [i, e] of endings.entries()) {
      for (const later of endings.slice(i + 1)) expect(later.endsWith(e)).toBe(false);
    }
  });

  it('writes Markdown to report.md and SARIF to report.sarif', async () => {
    const dir = tmp();
    const md = await evaluate('--output', path.join(dir, 'report.md'), '--fail-on', 'none');
    expect(md.code).toBe(0);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toMatch(/^## trailwise/m);
    await evaluate('--output', path.join(dir, 'report.sarif'), '--fail-on', 'none');
    expect(JSON.parse(readFileSync(path.join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('refuses an extension that contradicts --format (exit 2)', async () => {
    const {code, term} = await evaluate('--format', 'sarif', '--output', path.join(tmp(), 'report.md'));
    expect(code).toBe(2);
    expect(term.stderr).toMatch(/extension means markdown, but --format is sarif/);
  });

  it('a directory gets one report.<ext> per format', async () => {
    const dir = `${tmp()}/out/`;
    const {code} = await evaluate('--format', 'json,markdown,sarif,text', '--output', dir, '--fail-on', 'none');
    expect(code).toBe(0);
    for (const f of ['report.json', 'report.md', 'report.sarif', 'report.txt']) expect(readFileSync(path.join(dir, f), 'utf8').length).toBeGreaterThan(100);
  });
});

describe('the gate with machine-readable output', () => {
  it('--format json to stdout with a failing gate: the gate line is on stderr and the report carries the verdict', async () => {
    const {code, term} = await evaluate('--format', 'json');
    expect(code).toBe(1);
    expect(term.stderr).toMatch(/gate failed: \d+ finding\(s\) at or above high/);
    const report = JSON.parse(term.stdout);
    const validate = createAjv().compile(reportSchema);
    expect(validate(report) ? 'valid' : validate.errors).toBe('valid');
    const failing = report.findings.filter((f: {status: string}) => f.status === 'fail').length;
    expect(report.gate).toEqual({passed: false, reasons: [expect.stringMatching(/at or above high/)], failOn: 'high', baseline: null, newFailures: failing});
  });

  it('with a baseline: the report names it and counts only new failures', async () => {
    const dir = tmp();
    const baseline = path.join(dir, 'baseline.json');
    await evaluate('--output', baseline);
    const {code, term} = await evaluate('--format', 'json', '--baseline', baseline, '--min-score', '5');
    expect(code).toBe(0);
    expect(JSON.parse(term.stdout).gate).toEqual({passed: true, reasons: [], failOn: 'high', minScore: 5, baseline, newFailures: 0});
    expect(term.stderr).toMatch(/gate passed/);
  });

  it('SARIF locations are relative to the working directory when --snapshot is absolute', async () => {
    const {term} = await evaluate('--format', 'sarif', '--fail-on', 'none');
    const sarif = JSON.parse(term.stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('examples/snapshots/neglected-account.json');
  });
});

describe('rule selection on the command line', () => {
  const ruleIds = (stdout: string) => new Set((JSON.parse(stdout).findings as {ruleId: string}[]).map((f) => f.ruleId));

  it('--rules with ids and globs, minus --exclude-rules', async () => {
    const {term} = await evaluate('--format', 'json', '--fail-on', 'none', '--rules', 'ct.*,s3.trail-bucket-not-public', '--exclude-rules', 'ct.insights,ct.kms-*');
    const ids = ruleIds(term.stdout);
    expect(ids).toContain('ct.region-coverage');
    expect(ids).toContain('s3.trail-bucket-not-public');
    expect(ids).not.toContain('ct.insights');
    expect(ids).not.toContain('ct.kms-encryption');
    expect([...ids].every((id) => id.startsWith('ct.') || id === 's3.trail-bucket-not-public')).toBe(true);
  });

  it('--severity, --pillar and --services narrow the rules (a folder name or a family)', async () => {
    const bySeverity = JSON.parse((await evaluate('--format', 'json', '--fail-on', 'none', '--severity', 'critical')).term.stdout);
    expect(bySeverity.rules.every((r: {severity: string}) => r.severity === 'critical')).toBe(true);
    const cost = JSON.parse((await evaluate('--format', 'json', '--fail-on', 'none', '--pillar', 'cost')).term.stdout);
    expect(cost.rules.every((r: {pillar: string}) => r.pillar === 'COST')).toBe(true);
    expect(cost.rules.length).toBeGreaterThan(3);
    const folder = ruleIds((await evaluate('--format', 'json', '--fail-on', 'none', '--services', 'guardduty')).term.stdout);
    const family = ruleIds((await evaluate('--format', 'json', '--fail-on', 'none', '--services', 'gd')).term.stdout);
    expect([...folder].every((id) => id.startsWith('gd.'))).toBe(true);
    expect(family).toEqual(folder);
  });

  it('a selection that leaves no rule is refused', async () => {
    const {code, term} = await evaluate('--rules', 'ct.*', '--pillar', 'COST');
    expect(code).toBe(2);
    expect(term.stderr).toMatch(/leaves no rule/);
  });
});

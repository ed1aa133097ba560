import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {createAjv} from '../../src/ajv.js';
import {reportSchema} from '../../src/report/report-schema.js';
import {fakeTerminal} from './fake-terminal.js';

const examples = path.resolve('examples/snapshots');
const neglected = path.join(examples, 'neglected-account.json');
const wellConfigured = path.join(examples, 'well-configured-org.json');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-cli-'));

describe('trailwise evaluate', () => {
  it('GIVEN a neglected account WHEN evaluated THEN the gate fails with exit 1 and the JSON report validates', async () => {
    const term = fakeTerminal();
    const code = await runCli(['evaluate', '--snapshot', neglected, '--format', 'json'], term);
    expect(code).toBe(1);
    const report = JSON.parse(term.stdout);
    const validate = createAjv().compile(reportSchema);
    expect(validate(report) ? 'valid' : validate.errors).toBe('valid');
    const failing = new Set(report.findings.filter((f: {status: string}) => f.status === 'fail').map((f: {ruleId: string}) => f.ruleId));
    for (const id of ['ct.region-coverage', 'ct.multi-region-mgmt-rw', 's3.trail-bucket-not-public', 'gd.enabled-all-regions', 'cfg.recorder-all-regions', 'cwl.retention-set']) {
      expect(failing).toContain(id);
    }
    // The region whose log groups could not be read reports error, not pass.
    const unreadable = report.findings.filter((f: {ruleId: string; region: string}) => f.ruleId === 'cwl.retention-set' && f.region === 'eu-central-1');
    expect(unreadable.map((f: {status: string}) => f.status)).toEqual(['error']);
  });

  it('GIVEN the well-configured organization THEN no critical or high rule fails and the gate passes', async () => {
    const term = fakeTerminal();
    const code = await runCli(['evaluate', '--snapshot', wellConfigured, '--format', 'json'], term);
    const report = JSON.parse(term.stdout);
    const blocking = report.findings.filter((f: {status: string; severity: string}) => f.status === 'fail' && ['critical', 'high'].includes(f.severity));
    expect(blocking).toEqual([]);
    expect(code).toBe(0);
    expect(report.score.sec04).toBeGreaterThan(90);
  });

  it('the same snapshot always gives the same score', async () => {
    const scores = [];
    for (let i = 0; i < 2; i++) {
      const term = fakeTerminal();
      await runCli(['evaluate', '--snapshot', neglected, '--format', 'json'], term);
      scores.push(JSON.parse(term.stdout).score);
    }
    expect(scores[0]).toEqual(scores[1]);
  });

  it('--fail-on none passes the gate; --min-score above the score fails it', async () => {
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--fail-on', 'none'], fakeTerminal())).toBe(0);
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--fail-on', 'none', '--min-score', '90'], fakeTerminal())).toBe(1);
  });

  it('--baseline: failures already in the baseline do not fail the gate', async () => {
    const dir = tmp();
    const baseline = path.join(dir, 'baseline.json');
    const term = fakeTerminal();
    await runCli(['evaluate', '--snapshot', neglected, '--format', 'json'], term);
    writeFileSync(baseline, term.stdout);
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--baseline', baseline], fakeTerminal())).toBe(0);
  });

  it('--baseline with --fail-on-incomplete: a snapshot gated against its own report passes (known error/unknown are not new)', async () => {
    const dir = tmp();
    const baseline = path.join(dir, 'baseline.json');
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--fail-on', 'low', '--fail-on-incomplete'], term)).toBe(1);
    const statuses = new Set(JSON.parse(term.stdout).findings.map((f: {status: string}) => f.status));
    expect(statuses).toContain('error');
    writeFileSync(baseline, term.stdout);
    const args = ['evaluate', '--snapshot', neglected, '--format', 'json', '--fail-on', 'low', '--fail-on-incomplete', '--baseline', baseline];
    expect(await runCli(args, fakeTerminal())).toBe(0);
  });

  it('--baseline: a finding that was error in the baseline and fails now is new', async () => {
    const dir = tmp();
    const baseline = path.join(dir, 'baseline.json');
    const term = fakeTerminal();
    await runCli(['evaluate', '--snapshot', neglected, '--format', 'json'], term);
    const report = JSON.parse(term.stdout) as {findings: {status: string; severity: string}[]};
    // Every failure was only "error" in the baseline: the evidence now shows them failing, which is news.
    for (const f of report.findings) if (f.status === 'fail') f.status = 'error';
    writeFileSync(baseline, JSON.stringify(report));
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--baseline', baseline], fakeTerminal())).toBe(1);
  });

  it('writes several formats into an output directory', async () => {
    const dir = tmp();
    const term = fakeTerminal();
    await runCli(['evaluate', '--snapshot', neglected, '--format', 'json,markdown,sarif,text', '--output', dir], term);
    for (const file of ['report.json', 'report.md', 'report.sarif', 'report.txt']) {
      expect(readFileSync(path.join(dir, file), 'utf8').length).toBeGreaterThan(100);
    }
    expect(readFileSync(path.join(dir, 'report.txt'), 'utf8')).not.toContain('\u001b[');
  });

  it('a suppression turns a failure into suppressed; an expired one is reported and no longer applies', async () => {
    const dir = tmp();
    const config = path.join(dir, 'trailwise.config.yaml');
    writeFileSync(
      config,
      [
        'suppressions:',
        '  - rule: s3.trail-bucket-not-public',
        '    resource: "arn:aws:s3:::legacy-*"',
        '    justification: Public by design until the migration (SEC-42).',
        '  - rule: ct.log-file-validation',
        '    resource: "*"',
        '    justification: Expired exception that must stop applying.',
        '    expires: 2020-01-01',
      ].join('\n'),
    );
    const term = fakeTerminal();
    await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--config', config], term);
    const report = JSON.parse(term.stdout);
    const byRule = (id: string) => report.findings.filter((f: {ruleId: string}) => f.ruleId === id);
    expect(byRule('s3.trail-bucket-not-public').map((f: {status: string}) => f.status)).toEqual(['suppressed']);
    expect(byRule('ct.log-file-validation').map((f: {status: string}) => f.status)).toEqual(['fail']);
    expect(report.suppressions.expired).toEqual([expect.objectContaining({rule: 'ct.log-file-validation', expires: '2020-01-01'})]);
  });
});

describe('bad input gets a clear error and exit code 2', () => {
  it.each([
    [['evaluate', '--snapshot', 'does-not-exist.json'], /does-not-exist\.json: cannot read/],
    [['evaluate', '--snapshot', neglected, '--fail-on', 'urgent'], /--fail-on: expected one of critical, high, medium, low, none/],
    [['evaluate', '--snapshot', neglected, '--pack', 'nist'], /unknown pack "nist": expected one of cis-l2, cost-aware, wa-sec04/],
    [['evaluate', '--snapshot', neglected, '--format', 'pdf'], /--format: expected one of text, json, markdown, sarif, csv, html, ocsf, asff/],
    [['evaluate', '--snapshot', neglected, '--min-score', 'abc'], /--min-score: expected a number from 0 to 100/],
    [['evaluate', '--snapshot', neglected, '--nope'], /unknown option '--nope'/],
  ])('%j', async (argv, message) => {
    const term = fakeTerminal();
    expect(await runCli(argv as string[], term)).toBe(2);
    expect(term.stderr).toMatch(message as RegExp);
    expect(term.stderr).not.toMatch(/\n\s+at /);
  });

  it('a schema-invalid snapshot names the file, the JSON pointer and what was expected', async () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.json');
    const snapshot = JSON.parse(readFileSync(neglected, 'utf8'));
    snapshot.accounts[0].regions[0].optInStatus = 'maybe';
    writeFileSync(file, JSON.stringify(snapshot));
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', file], term)).toBe(2);
    expect(term.stderr).toContain(`${file}: not a valid trailwise snapshot`);
    expect(term.stderr).toContain('at /accounts/0/regions/0/optInStatus: expected one of ["opt-in-not-required","opted-in","not-opted-in"]');
  });

  it('a config with an unknown rule and a bad parameter is rejected with its path', async () => {
    const dir = tmp();
    const config = path.join(dir, 'c.yaml');
    writeFileSync(config, 'rules:\n  s3.trail-bucket-object-lock:\n    parameters: {minLockDays: -3}\n');
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--config', config], term)).toBe(2);
    expect(term.stderr).toContain(`${config}: at /rules/s3.trail-bucket-object-lock/parameters/minLockDays`);
    writeFileSync(config, 'rules:\n  ct.no-such-rule: {enabled: false}\n');
    const term2 = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--config', config], term2)).toBe(2);
    expect(term2.stderr).toContain('at /rules/ct.no-such-rule: no such rule');
  });

  it('a malformed policy names the file and the JSON pointer', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.bad.yaml'), 'id: x.bad\ntitle: A bad rule\nseverity: urgent\npillar: SEC04\nbestPractices: [SEC04-BP01]\nrationale: twenty characters at least here\nremediation: {summary: fix}\ngiven: trails\nthen: {function: schema, options: {schema: {}}}\n');
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--policies', dir], term)).toBe(2);
    expect(term.stderr).toMatch(/x\.bad\.yaml: not a valid trailwise policy:\n\s+at \/severity: expected one of \["critical","high","medium","low"\]/);
  });
});

describe('trailwise validate, test and rules', () => {
  it('validate accepts each example snapshot and the packs', async () => {
    const term = fakeTerminal();
    expect(await runCli(['validate', neglected], term)).toBe(0);
    expect(await runCli(['validate', 'policies/packs/cis-l2.yaml'], term)).toBe(0);
    expect(term.stdout).toContain('valid snapshot (1 account(s))');
    expect(term.stdout).toContain('valid pack');
  });

  it('test runs a user policy folder and exits 1 when a case fails', async () => {
    const term = fakeTerminal();
    expect(await runCli(['test', 'examples/policies'], term)).toBe(0);
    expect(term.stdout).toContain('2 passed, 0 failed');
    const dir = tmp();
    writeFileSync(path.join(dir, 'acme.no-temporary-trails.yaml'), readFileSync('examples/policies/acme.no-temporary-trails.yaml', 'utf8'));
    writeFileSync(
      path.join(dir, 'acme.no-temporary-trails.test.yaml'),
      readFileSync('examples/policies/acme.no-temporary-trails.test.yaml', 'utf8').replace('../snapshots/', `${examples}/`).replace('value: tmp-drill', 'value: permanent'),
    );
    const failing = fakeTerminal();
    expect(await runCli(['test', dir], failing)).toBe(1);
    expect(failing.stdout).toContain('1 passed, 1 failed');
  });

  it('rules lists every rule with severity and mapping; cis-l2 enables S3 data events', async () => {
    const term = fakeTerminal();
    expect(await runCli(['rules', '--pack', 'cis-l2', '--json'], term)).toBe(0);
    const rules = JSON.parse(term.stdout);
    expect(rules.find((r: {id: string}) => r.id === 'ct.s3-data-events-write')).toMatchObject({enabled: true, pillar: 'SEC04'});
    const def = fakeTerminal();
    await runCli(['rules', '--json'], def);
    expect(JSON.parse(def.stdout).find((r: {id: string}) => r.id === 'ct.s3-data-events-write')).toMatchObject({enabled: false});
  });
});

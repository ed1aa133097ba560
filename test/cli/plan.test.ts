import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {createAjv} from '../../src/ajv.js';
import {runCli} from '../../src/cli/program.js';
import {reportSchema} from '../../src/report/report-schema.js';
import {fakeTerminal} from './fake-terminal.js';

const plan = path.resolve('test/data/iac/terraform/logging-change.plan.json');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-plan-'));

describe('trailwise plan', () => {
  it('GIVEN a plan alone WHEN judged THEN the report leads with the change and validates, and the gate judges new failures only', async () => {
    const term = fakeTerminal();
    const code = await runCli(['plan', plan, '--format', 'json', '--source-dir', ''], term);
    const report = JSON.parse(term.stdout);
    const validate = createAjv().compile(reportSchema);
    expect(validate(report) ? 'valid' : validate.errors).toBe('valid');
    expect(term.stderr).toMatch(/this change: score [\d.]+ → [\d.]+; newly failing \d+ \(.*aws_cloudwatch_log_group\.app\["api"\]/);
    // Newly failing findings are medium at most: the default --fail-on high passes, --fail-on medium does not.
    expect(code).toBe(0);
    expect(await runCli(['plan', plan, '--format', 'json', '--source-dir', '', '--fail-on', 'medium'], fakeTerminal())).toBe(1);
  });

  it('GIVEN --gate all THEN every failing finding after the change counts', async () => {
    const term = fakeTerminal();
    expect(await runCli(['plan', plan, '--gate', 'all', '--fail-on', 'medium', '--format', 'markdown', '--source-dir', ''], term)).toBe(1);
    expect(term.stdout).toMatch(/\*\*This change: score/);
  });

  it('GIVEN a state file, a bad flag or --base with --live THEN exit 2 with one clear line', async () => {
    const dir = tmp();
    const state = path.join(dir, 'terraform.tfstate');
    writeFileSync(state, JSON.stringify({version: 4, terraform_version: '1.9.5', serial: 3, lineage: 'abc', outputs: {}, resources: []}));
    const term = fakeTerminal();
    expect(await runCli(['plan', state], term)).toBe(2);
    expect(term.stderr).toMatch(/Terraform state file; trailwise reads the JSON of a saved plan: terraform plan -out tfplan && terraform show -json tfplan > plan.json/);
    expect(await runCli(['plan', plan, '--gate', 'some'], fakeTerminal())).toBe(2);
    expect(await runCli(['plan', plan, '--base', 'x.json', '--live'], fakeTerminal())).toBe(2);
    expect(await runCli(['plan', plan, '--account-id', '12'], fakeTerminal())).toBe(2);
  });

  it('GIVEN --base THEN the change is judged over the snapshot', async () => {
    const term = fakeTerminal();
    const base = path.resolve('examples/snapshots/neglected-account.json');
    await runCli(['plan', plan, '--base', base, '--account-id', '333333333333', '--format', 'json', '--source-dir', ''], term);
    expect(term.stderr).toMatch(/different accounts|no account/);
  });
});

describe('examples/terraform', () => {
  const base = 'examples/snapshots/neglected-account.json';
  it('the good change passes the gate and fixes region coverage; the bad change newly fails it', async () => {
    const good = fakeTerminal();
    expect(await runCli(['plan', 'examples/terraform/good-change.plan.json', '--base', base, '--source-dir', 'examples/terraform', '--format', 'json'], good)).toBe(0);
    const report = JSON.parse(good.stdout);
    expect(report.change.fixed.map((f: {ruleId: string}) => f.ruleId)).toContain('ct.region-coverage');
    const bad = fakeTerminal();
    expect(await runCli(['plan', 'examples/terraform/bad-change.plan.json', '--base', base, '--source-dir', 'examples/terraform', '--format', 'json'], bad)).toBe(1);
    const newly = JSON.parse(bad.stdout);
    const failing = newly.findings.filter((f: {fingerprint: string}) => newly.change.newlyFailing.includes(f.fingerprint));
    expect(failing.map((f: {ruleId: string; source: {address: string; file: string; line: number}}) => [f.ruleId, f.source])).toEqual([
      ['ct.region-coverage', {kind: 'terraform', address: 'aws_cloudtrail.legacy', file: 'examples/terraform/main.tf', line: 10}],
    ]);
  });
});

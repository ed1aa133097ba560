// `trailwise export securityhub` against a local stand-in of the Security Hub API (test/support/securityhub-standin.ts):
// batches of 100, transient refusals sent again, resolved findings archived, a confirmation before any write.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {formatJson} from '../../src/report/json.js';
import {startSecurityHubStandIn, type SecurityHubStandIn} from '../support/securityhub-standin.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';
import {fakeTerminal} from '../cli/fake-terminal.js';

const saved = {...process.env};
let hub: SecurityHubStandIn;

beforeAll(async () => {
  hub = await startSecurityHubStandIn();
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLEEXPORT000';
  process.env.AWS_SECRET_ACCESS_KEY = 'export-test-secret';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
});
afterAll(async () => {
  await hub.close();
  process.env = saved;
});
afterEach(() => {
  hub.findings.clear();
  hub.requests.length = 0;
});

function reportFile(findings: ReturnType<typeof makeFinding>[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'trailwise-export-')), 'report.json');
  writeFileSync(file, formatJson(makeReport([makeRule({id: 'ct.insights'})], findings)));
  return file;
}

const many = (n: number, status: 'fail' | 'pass' = 'fail') =>
  Array.from({length: n}, (_, i) => makeFinding({ruleId: 'ct.insights', status, fingerprint: `fp${i}`, accountId: '123456789012'}));

const exportArgs = (file: string, ...more: string[]) => ['export', 'securityhub', '--report', file, '--endpoint-url', hub.url, '--region', 'eu-west-1', ...more];

describe('trailwise export securityhub', () => {
  it('imports every finding in batches of at most 100 under the caller\'s custom product', async () => {
    const term = fakeTerminal();
    expect(await runCli(exportArgs(reportFile(many(250)), '--yes'), term)).toBe(0);
    const imports = hub.requests.filter((r) => r.operation === 'securityhub:BatchImportFindings');
    expect(imports.map((r) => (r.body as {Findings: unknown[]}).Findings.length)).toEqual([100, 100, 50]);
    expect(hub.findings.size).toBe(250);
    const one = hub.findings.get('trailwise/fp0')!;
    expect(one.ProductArn).toBe('arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default');
    expect(one.GeneratorId).toBe('ct.insights');
    expect(term.stderr).toMatch(/250 imported, 0 archived, 0 refused/);
    // No credential reaches the output.
    expect(term.stderr + term.stdout).not.toMatch(/export-test-secret|AKIAEXAMPLEEXPORT000/);
  });

  it('sends a finding refused with a transient code again, and reports one refused for good', async () => {
    hub.rejectOnce.set('trailwise/fp1', 'ThrottlingException');
    hub.rejectOnce.set('trailwise/fp2', 'InvalidInput');
    const term = fakeTerminal();
    const code = await runCli(exportArgs(reportFile(many(3)), '--yes'), term);
    expect(code).toBe(1);
    expect([...hub.findings.keys()].sort()).toEqual(['trailwise/fp0', 'trailwise/fp1']);
    expect(term.stderr).toMatch(/refused trailwise\/fp2: InvalidInput/);
  });

  it('archives findings of the same accounts that the new report no longer has, and only those', async () => {
    await runCli(exportArgs(reportFile(many(3)), '--yes'), fakeTerminal());
    hub.findings.set('trailwise/other-account', {Id: 'trailwise/other-account', ProductArn: hub.findings.get('trailwise/fp0')!.ProductArn, AwsAccountId: '222222222222', RecordState: 'ACTIVE'});
    const term = fakeTerminal();
    expect(await runCli(exportArgs(reportFile(many(1)), '--yes'), term)).toBe(0);
    expect(hub.findings.get('trailwise/fp0')!.RecordState).toBe('ACTIVE');
    expect(hub.findings.get('trailwise/fp1')!.RecordState).toBe('ARCHIVED');
    expect(hub.findings.get('trailwise/fp2')!.RecordState).toBe('ARCHIVED');
    expect(hub.findings.get('trailwise/other-account')!.RecordState).toBe('ACTIVE');
    expect(term.stderr).toMatch(/1 imported, 2 archived/);
  });

  it('archives a finding that now passes', async () => {
    await runCli(exportArgs(reportFile(many(1)), '--yes'), fakeTerminal());
    await runCli(exportArgs(reportFile(many(1, 'pass')), '--yes'), fakeTerminal());
    expect(hub.findings.get('trailwise/fp0')).toMatchObject({RecordState: 'ARCHIVED', Compliance: {Status: 'PASSED'}});
  });

  it('sends only the caller\'s own findings and says how many of other accounts it left out', async () => {
    const mixed = [...many(2), makeFinding({ruleId: 'ct.insights', fingerprint: 'other', accountId: '222222222222'})];
    const term = fakeTerminal();
    expect(await runCli(exportArgs(reportFile(mixed), '--yes'), term)).toBe(0);
    expect([...hub.findings.keys()].sort()).toEqual(['trailwise/fp0', 'trailwise/fp1']);
    expect(term.stderr).toMatch(/2 imported, 0 archived, 0 refused/);
    const dry = fakeTerminal();
    await runCli(exportArgs(reportFile(mixed), '--dry-run'), dry);
    expect(dry.stderr).toMatch(/1 finding\(s\) of other accounts left out/);
  });

  it('--dry-run names the account and region and sends nothing', async () => {
    const term = fakeTerminal();
    expect(await runCli(exportArgs(reportFile(many(2)), '--dry-run'), term)).toBe(0);
    expect(term.stderr).toMatch(/would import 2 finding\(s\) .* account 123456789012 in eu-west-1/);
    expect(hub.requests.map((r) => r.operation)).toEqual(['sts:GetCallerIdentity']);
  });

  it('refuses to write without a confirmation when no one can answer', async () => {
    const term = fakeTerminal();
    expect(await runCli(exportArgs(reportFile(many(2))), term)).toBe(2);
    expect(term.stderr).toMatch(/export writes to AWS .*account 123456789012 in eu-west-1.*--yes/);
    expect(hub.requests.some((r) => r.operation === 'securityhub:BatchImportFindings')).toBe(false);
  });

  it('a report that is not a trailwise report is an input error before any call', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'trailwise-export-')), 'x.json');
    writeFileSync(file, '{"findings": 3}');
    const term = fakeTerminal();
    expect(await runCli(exportArgs(file, '--yes'), term)).toBe(2);
    expect(hub.requests).toEqual([]);
  });
});

describe('iam/trailwise-securityhub-export-policy.json', () => {
  it('grants the export exactly the Security Hub calls it makes, and nothing that reads or writes anything else', async () => {
    const {readFile} = await import('node:fs/promises');
    const policy = JSON.parse(await readFile('iam/trailwise-securityhub-export-policy.json', 'utf8')) as {Statement: {Effect: string; Action: string | string[]}[]};
    const granted = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat()).sort();
    expect(granted).toEqual(['securityhub:BatchImportFindings', 'securityhub:GetFindings']);
    await runCli(exportArgs(reportFile(many(2)), '--yes'), fakeTerminal());
    // sts:GetCallerIdentity needs no permission.
    const made = new Set(hub.requests.map((r) => r.operation).filter((op) => op !== 'sts:GetCallerIdentity'));
    expect([...made].sort()).toEqual(granted);
  });
});

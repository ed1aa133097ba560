// `trailwise scan`, `snapshot` and `audit` as a user runs them: the CLI, credentials from the environment and
// --endpoint-url pointing at the wire-format fake AWS. The snapshot must validate and the findings must be the
// expected ones for a well-configured and a neglected account.
import {mkdtempSync, readFileSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import {fakeTerminal} from '../cli/fake-terminal.js';
import {MANAGEMENT_ACCOUNT, neglectedAccount, organizationModel, startFakeAws, wellConfiguredAccount, type FakeAws} from '../support/fake-aws/index.js';

const WELL = '111122223333';
const NEGLECTED = '444455556666';
let aws: FakeAws;
const saved = {...process.env};

beforeAll(async () => {
  const org = organizationModel();
  aws = await startFakeAws({
    accounts: [...org.accounts, {...wellConfiguredAccount({accountId: WELL}), standalone: true}, {...neglectedAccount({accountId: NEGLECTED}), standalone: true}],
    organization: org.organization,
  });
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});
afterAll(async () => {
  await aws.stop();
  process.env = saved;
});

/** Runs the CLI as `accountId`, with its keys in the environment as a user would have them. */
async function asAccount(accountId: string, argv: string[]) {
  const keys = aws.credentialsFor(accountId);
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  const term = fakeTerminal();
  const code = await runCli([...argv, '--endpoint-url', aws.endpoint], term);
  return {code, term};
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-e2e-'));

describe('trailwise scan against a local AWS endpoint', () => {
  it('a well-configured account: schema-valid snapshot, no critical or high failure, exit 0', async () => {
    const dir = tmp();
    const snapshotFile = path.join(dir, 'snapshot.json');
    const {code, term} = await asAccount(WELL, ['scan', '--format', 'json', '--output', path.join(dir, 'report.json'), '--save-snapshot', snapshotFile]);
    expect(term.stderr).not.toMatch(/internal error/);
    const snapshot = validateSnapshot(JSON.parse(readFileSync(snapshotFile, 'utf8')), snapshotFile);
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([WELL]);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const serious = report.findings.filter((f: {status: string; severity: string}) => f.status === 'fail' && ['critical', 'high'].includes(f.severity));
    expect(serious).toEqual([]);
    expect(code).toBe(0);
  });

  it('a neglected account: the coverage rules fail and the gate fails with exit 1', async () => {
    const dir = tmp();
    const {code} = await asAccount(NEGLECTED, ['scan', '--format', 'json', '--output', path.join(dir, 'report.json')]);
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const failing = new Set(report.findings.filter((f: {status: string}) => f.status === 'fail').map((f: {ruleId: string}) => f.ruleId));
    for (const id of ['ct.region-coverage', 'ct.multi-region-mgmt-rw', 'gd.enabled-all-regions', 'cfg.recorder-all-regions']) expect(failing).toContain(id);
  });

  it('trailwise snapshot --regions narrows the regions read', async () => {
    const dir = tmp();
    const file = path.join(dir, 's.json');
    const {code} = await asAccount(WELL, ['snapshot', '--regions', 'eu-west-1,us-east-1', '--output', file]);
    expect(code).toBe(0);
    const snapshot = validateSnapshot(JSON.parse(readFileSync(file, 'utf8')), file);
    const read = snapshot.accounts[0]!.regions.filter((r) => r.trailArns !== undefined).map((r) => r.name).sort();
    expect(read).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('bad credentials stop the run with one clear message and exit 2', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIA000000000000FAKE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wrong';
    const term = fakeTerminal();
    const code = await runCli(['snapshot', '--output', path.join(tmp(), 's.json'), '--endpoint-url', aws.endpoint], term);
    expect(code).toBe(2);
    expect(term.stderr).toMatch(/^trailwise: /m);
    expect(term.stderr).not.toMatch(/\n\s+at /);
    expect(term.stderr).not.toContain('wrong');
  });
});

describe('trailwise audit --org against a local AWS endpoint', () => {
  it('audits every account of the organization into reports/<timestamp>/ with latest', async () => {
    const out = tmp();
    const {code, term} = await asAccount(MANAGEMENT_ACCOUNT, ['audit', '--org', '--regions', 'us-east-1,eu-west-1', '--output', out, '--fail-on', 'none']);
    expect(term.stderr).not.toMatch(/internal error/);
    expect(code).toBe(0);
    const runs = readdirSync(out).filter((d) => d !== 'latest');
    expect(runs).toHaveLength(1);
    const report = JSON.parse(readFileSync(path.join(out, runs[0]!, 'report.json'), 'utf8'));
    expect(report.snapshot.accounts.length).toBeGreaterThanOrEqual(3);
    // An organization trail covers the members: no member fails region coverage.
    const coverage = report.findings.filter((f: {ruleId: string}) => f.ruleId === 'ct.region-coverage');
    expect(coverage.filter((f: {status: string}) => f.status === 'fail')).toEqual([]);
  });
});

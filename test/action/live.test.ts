// Live mode of the bundled Action against the wire-format fake of AWS: the credentials come from the environment,
// as aws-actions/configure-aws-credentials leaves them, and AWS_ENDPOINT_URL points the SDK at the fake.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, jest} from '@jest/globals';
import type {Report} from '../../src/report/report.js';
import type {SarifLog} from '../../src/report/sarif.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import {neglectedAccount, startFakeAws, wellConfiguredAccount, type FakeAws} from '../support/fake-aws/index.js';
import {buildActionBundle, cleanupRuns, repoRoot, runAction} from './run-action.js';

const WELL = '111122223333';
const NEGLECTED = '444455556666';

// Each run starts node on a 3.6 MB bundle; on a loaded 2-CPU CI machine that takes seconds.
jest.setTimeout(120_000);

let bundle: string;
let cleanup: () => void;
let aws: FakeAws;

beforeAll(async () => {
  ({bundle, cleanup} = buildActionBundle());
  aws = await startFakeAws({accounts: [wellConfiguredAccount({accountId: WELL}), neglectedAccount({accountId: NEGLECTED})]});
});

afterAll(async () => {
  cleanupRuns();
  cleanup?.();
  await aws?.stop();
});

function credentialsEnv(accountId: string): Record<string, string> {
  const key = aws.credentialsFor(accountId);
  return {
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_REGION: 'us-east-1',
    // Keep the SDK away from any real profile or instance metadata on the machine running the tests.
    AWS_CONFIG_FILE: path.join(repoRoot, '.tmp', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(repoRoot, '.tmp', 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

describe('the Action in live mode', () => {
  it('reads the account of the job credentials and passes a well-configured one', async () => {
    const run = await runAction(bundle, {regions: 'us-east-1'}, credentialsEnv(WELL));
    expect(run.errorLines).toEqual([]);
    expect(run.stdout).toContain(`${WELL} us-east-1: `);
    expect(run.status).toBe(0);
    expect(run.outputs.passed).toBe('true');
    const snapshotFile = path.join(run.dir, 'report', 'snapshot.json');
    const snapshot = validateSnapshot(JSON.parse(readFileSync(snapshotFile, 'utf8')), snapshotFile);
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([WELL]);
    expect(snapshot.collection.regionsRequested).toEqual(['us-east-1']);
  });

  it('assumes role-arn and fails the neglected account, pointing SARIF at the collected snapshot', async () => {
    const run = await runAction(bundle, {regions: 'us-east-1, eu-west-1', 'role-arn': `arn:aws:iam::${NEGLECTED}:role/trailwise-readonly`}, credentialsEnv(WELL));
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(Number(run.outputs.failed)).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    expect(report.snapshot.accounts.map((a) => a.accountId)).toEqual([NEGLECTED]);
    expect(report.findings.some((f) => f.ruleId === 'ct.region-coverage' && f.status === 'fail')).toBe(true);
    const snapshotUri = path.relative(repoRoot, path.join(run.dir, 'report', 'snapshot.json')).split(path.sep).join('/');
    expect(report.snapshot.file).toBe(snapshotUri);
    expect(existsSync(path.join(repoRoot, snapshotUri))).toBe(true);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as SarifLog;
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(snapshotUri);
  });

  it('fails with one clear line when the credentials do not work', async () => {
    const run = await runAction(bundle, {regions: 'us-east-1'}, {...credentialsEnv(WELL), AWS_SECRET_ACCESS_KEY: 'not-the-secret'});
    expect(run.status).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(/^::error::.*credentials/i);
    expect(run.stdout).not.toContain('trailwise bug');
    expect(run.stdout).not.toContain('not-the-secret');
  });
});

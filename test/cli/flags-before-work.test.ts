// Every flag, file and option is checked before the first AWS call: a bad one exits 2 with one message, and the
// wire-format fake AWS (with working credentials, so an unchecked flag would let the run collect) sees no request.
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {MANAGEMENT_ACCOUNT, organizationModel, startFakeAws, type FakeAws} from '../support/fake-aws/index.js';
import {fakeTerminal} from './fake-terminal.js';

let aws: FakeAws;
const saved = {...process.env};
const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-flags-'));

beforeAll(async () => {
  const org = organizationModel();
  aws = await startFakeAws({accounts: org.accounts, organization: org.organization});
  const keys = aws.credentialsFor(MANAGEMENT_ACCOUNT);
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  await aws.stop();
  process.env = saved;
});

async function run(argv: string[]) {
  aws.resetCalls();
  const term = fakeTerminal();
  const code = await runCli([...argv, '--endpoint-url', aws.endpoint], term);
  return {code, term, calls: aws.callLog().map((c) => c.operation)};
}

const scanCases: [string, string[], RegExp][] = [
  ['an unknown pack', ['--pack', 'bogus'], /bogus/],
  ['an unknown format', ['--format', 'pdf'], /--format/],
  ['a missing config file', ['--config', '/missing/trailwise.yaml'], /missing/],
  ['an unknown --fail-on', ['--fail-on', 'bogus'], /--fail-on/],
  ['a missing policy folder', ['--policies', '/missing/policies'], /missing/],
  ['a missing baseline', ['--baseline', '/missing/report.json'], /baseline/],
  ['a --min-score out of range', ['--min-score', '200'], /--min-score/],
  ['an output extension that contradicts --format', ['--format', 'json', '--output', path.join(dir, 'r.md')], /extension/],
  ['an output file whose format cannot be told', ['--output', path.join(dir, 'report.out')], /--output/],
  ['several formats without a directory', ['--format', 'json,sarif'], /--output DIR/],
  ['a --rules glob that matches no rule', ['--rules', 'nope.*'], /--rules/],
  ['an unknown --severity', ['--severity', 'urgent'], /--severity/],
  ['an unknown --pillar', ['--pillar', 'SEC99'], /--pillar/],
  ['an unknown --services', ['--services', 'mainframe'], /--services/],
  ['a bad region name', ['--regions', 'moon-1'], /--regions/],
  ['a --concurrency of 0', ['--concurrency', '0'], /--concurrency/],
  ['a --role-arn that is not a role ARN', ['--role-arn', 'arn:aws:iam::1:user/x'], /--role-arn/],
];

describe('trailwise scan checks every flag before collecting', () => {
  it.each(scanCases)('%s: exit 2, one message, no AWS request', async (_name, flags, message) => {
    const {code, term, calls} = await run(['scan', ...flags]);
    expect(calls).toEqual([]);
    expect(code).toBe(2);
    expect(term.stderr).toMatch(message);
    expect(term.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('a good scan does reach AWS (the endpoint records requests)', async () => {
    const {code, calls} = await run(['scan', '--regions', 'us-east-1', '--format', 'json', '--output', path.join(dir, 'ok.json'), '--fail-on', 'none']);
    expect(code).toBe(0);
    expect(calls.length).toBeGreaterThan(5);
  });
});

describe('trailwise snapshot and audit check every flag before the first AWS call', () => {
  const cases: [string, string[], RegExp][] = [
    ['snapshot: a bad region', ['snapshot', '--output', path.join(dir, 's.json'), '--regions', 'nowhere'], /--regions/],
    ['audit: --shard 3/2', ['audit', '--org', '--shard', '3/2'], /--shard/],
    ['audit: --accounts 12345', ['audit', '--accounts', '12345'], /--accounts/],
    ['audit: --exclude not-an-id', ['audit', '--org', '--exclude', 'abc'], /--exclude/],
    ['audit: --accounts @missing-file', ['audit', '--accounts', '@/missing/accounts.txt'], /--accounts/],
    ['audit: --upload http://x', ['audit', '--org', '--upload', 'http://x'], /--upload/],
    ['audit: --upload-kms-key without --upload', ['audit', '--org', '--upload-kms-key', 'alias/x'], /--upload-kms-key/],
    ['audit: --resume a folder that is no audit', ['audit', '--resume', dir], /not an audit directory/],
    ['audit: --max-calls 0', ['audit', '--org', '--max-calls', '0'], /--max-calls/],
    ['audit: an unknown pack', ['audit', '--org', '--pack', 'bogus'], /bogus/],
    ['audit: a missing config', ['audit', '--org', '--config', '/missing/c.yaml'], /missing/],
    ['audit: an unknown --fail-on', ['audit', '--org', '--fail-on', 'urgent'], /--fail-on/],
    ['audit: --rules that match nothing', ['audit', '--org', '--rules', 'zz.*'], /--rules/],
    ['audit: neither --org nor --accounts', ['audit'], /--org/],
  ];
  it.each(cases)('%s: exit 2, no AWS request', async (_name, argv, message) => {
    const {code, term, calls} = await run([...argv, ...(argv[0] === 'audit' ? ['--output', dir] : [])]);
    expect(calls).toEqual([]);
    expect(code).toBe(2);
    expect(term.stderr).toMatch(message);
    expect(term.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('audit interrupt notice', () => {
  it('says the finished accounts are kept and names the --resume directory for the accounts in flight', async () => {
    const {interruptNotice} = await import('../../src/cli/commands/audit.js');
    const text = interruptNotice('reports');
    expect(text).toContain('finished accounts are kept');
    expect(text).toContain('--resume reports');
    expect(text).not.toMatch(/finishing the accounts/);
  });
});

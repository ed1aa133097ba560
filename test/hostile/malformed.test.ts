// Malformed input: every file trailwise reads is validated before use, and a bad one is exit 2 with one message that
// names the file (and the JSON pointer when there is one) — never a stack trace, a hang or a silent pass.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {readReportByLines} from '../../src/audit/diff.js';
import {mergeAudits} from '../../src/audit/merge.js';
import {InputError} from '../../src/errors.js';
import {cli, folder, put, snapshotWith, tmp, trailPolicy, WELL_CONFIGURED} from './support.js';

/** A YAML document whose aliases expand to 9^9 nodes ("billion laughs"). */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({length: 8}, (_, i) => {
    const [name, prev] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
    return `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
  }),
  '',
].join('\n');

/** An exit 2 with one clear line about `file` and no stack trace. */
function expectInputError(run: {code: number; stderr: string}, file: string, detail?: string): void {
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?$/m);
  expect(run.stderr).toContain(file);
  if (detail) expect(run.stderr).toContain(detail);
  expect(run.code).toBe(2);
}

describe('YAML alias bombs', () => {
  it('in a policy, a config and a policy test file are exit 2 naming the file', async () => {
    const dir = tmp();
    const policies = folder(dir, 'policies');
    const policy = put(policies, 'acme.bomb.yaml', `${trailPolicy('acme.bomb', '  function: schema\n  options: {schema: {}}')}${ALIAS_BOMB}`);
    expectInputError(await cli('validate', policy), policy, 'alias');
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--policies', policies), policy, 'alias');
    const config = put(dir, 'trailwise.config.yaml', ALIAS_BOMB);
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--config', config), config, 'alias');
    const tests = folder(dir, 'tests');
    const testFile = put(tests, 'acme.bomb.test.yaml', `rule: acme.bomb\nsnapshot: ${WELL_CONFIGURED}\ncases: []\n${ALIAS_BOMB}`);
    expectInputError(await cli('validate', testFile), testFile, 'alias');
  }, 60_000);
});

describe('snapshots', () => {
  it('the same account id twice is refused with the pointer of the second', async () => {
    const dir = tmp();
    const file = snapshotWith(dir, (s) => {
      s.accounts.push(structuredClone(s.accounts[0]!));
    });
    expectInputError(await cli('validate', file), file, 'at /accounts/2/accountId');
    expectInputError(await cli('evaluate', '--snapshot', file), file, 'at /accounts/2/accountId');
  });

  it('a snapshot with no account does not pass the gate', async () => {
    const dir = tmp();
    const file = snapshotWith(dir, (s) => {
      s.accounts = [];
    });
    const run = await cli('evaluate', '--snapshot', file, '--format', 'json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was audited');
  });

  it('a bucket policy that is JSON but not an object ("null") is judged without a crash', async () => {
    const dir = tmp();
    const file = snapshotWith(dir, (s) => {
      for (const a of s.accounts) for (const b of a.trailBuckets) if (typeof b.policy === 'string') b.policy = 'null';
    });
    const run = await cli('evaluate', '--snapshot', file, '--format', 'json', '--fail-on', 'none');
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
  });
});

describe('policies', () => {
  it('--policies naming a file is exit 2', async () => {
    const dir = tmp();
    const policy = put(dir, 'acme.one.yaml', trailPolicy('acme.one', '  function: schema\n  options: {schema: {}}'));
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--policies', policy), policy, 'folder');
  });

  it('validate refuses a count rule without field, min or max', async () => {
    const dir = tmp();
    const policy = put(dir, 'acme.count.yaml', trailPolicy('acme.count', '  function: count\n  options: {}'));
    expectInputError(await cli('validate', policy), policy, 'field');
  });
});

describe('--output', () => {
  it('under an existing file is exit 2 naming the file in the way', async () => {
    const dir = tmp();
    const file = put(dir, 'report.json', '{}');
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--output', path.join(file, 'x.json')), file, 'is a file');
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--output', `${file}/sub/`), file, 'is a file');
  });

  it('a folder that cannot be made (/proc/…/) is exit 2, not a hang', async () => {
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--output', '/proc/trailwise-nope/'), '/proc/trailwise-nope', 'cannot make');
  }, 20_000);
});

describe('reports read by diff and --baseline', () => {
  async function reportFile(dir: string, name: string, change: (report: Record<string, unknown>) => void): Promise<string> {
    const run = await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--format', 'json', '--fail-on', 'none');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    change(report);
    return put(dir, name, report);
  }

  it.each([
    ['a null finding', (r: Record<string, unknown>) => ((r.findings as unknown[])[0] = null), 'at /findings/0'],
    ['a status that is a number', (r: Record<string, unknown>) => (((r.findings as Record<string, unknown>[])[0]!.status = 5)), 'at /findings/0/status'],
    ['a score that is a word', (r: Record<string, unknown>) => (((r.score as Record<string, unknown>).overall = 'high')), 'at /score/overall'],
  ])('%s is exit 2 with the pointer, for diff and for --baseline', async (_what, change, pointer) => {
    const dir = tmp();
    const good = await reportFile(dir, 'old.json', () => {});
    const bad = await reportFile(dir, 'new.json', change);
    expectInputError(await cli('diff', good, bad, '--fail-on-regression'), bad, pointer);
    expectInputError(await cli('evaluate', '--snapshot', WELL_CONFIGURED, '--baseline', bad), bad, pointer);
  }, 60_000);

  it('a report read line by line is validated finding by finding, and a truncated one is refused', async () => {
    const dir = tmp();
    const lines = (findings: string[]) =>
      ['{', '  "schemaVersion": "1.0",', '  "findings": [', ...findings, '  ]', '}'].join('\n');
    const nullFinding = put(dir, 'null.json', lines(['    null']));
    await expect(readReportByLines(nullFinding)).rejects.toThrow(/at \/findings\/0: expected object/);
    const truncated = put(dir, 'truncated.json', lines(['    {"ruleId": "x"}']).split('\n').slice(0, 3).join('\n'));
    await expect(readReportByLines(truncated)).rejects.toThrow(InputError);
  });
});

describe('audit directories read by merge', () => {
  function auditDir(root: string): string {
    const dir = path.join(root, 'audit');
    mkdirSync(path.join(dir, 'accounts'), {recursive: true});
    const snapshot = JSON.parse(readFileSync(WELL_CONFIGURED, 'utf8')) as {accounts: unknown[]};
    writeFileSync(path.join(dir, 'accounts', '111111111111.json'), JSON.stringify({...snapshot, accounts: [snapshot.accounts[0]]}));
    const account = {id: '111111111111', state: 'ACTIVE'};
    put(dir, 'audit.json', {
      kind: 'trailwise-audit', manifestVersion: 1, toolVersion: '0.1.0', startedAt: '2026-11-28T02:00:00.000Z', status: 'complete',
      organization: {id: 'o-example', managementAccountId: '111111111111'}, partition: 'aws', callerAccountId: '111111111111',
      roleName: 'TrailwiseAudit', externalId: false, organizationAccounts: [account], targets: [account], skipped: [], otherShards: 0,
    });
    return dir;
  }

  it('a truncated account file is exit 2 naming it', async () => {
    const root = tmp();
    const dir = auditDir(root);
    const file = path.join(dir, 'accounts', '111111111111.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 100));
    await expect(mergeAudits([dir], path.join(root, 'out'))).rejects.toThrow(InputError);
    await expect(mergeAudits([dir], path.join(root, 'out'))).rejects.toThrow(file);
  });

  it('a manifest with a wrongly typed field is exit 2 with the pointer', async () => {
    const root = tmp();
    const dir = auditDir(root);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'audit.json'), 'utf8')) as Record<string, unknown>;
    put(dir, 'audit.json', {...manifest, targets: 'all'});
    await expect(mergeAudits([dir], path.join(root, 'out'))).rejects.toThrow(/audit\.json: not a valid trailwise audit manifest:\n {2}at \/targets: expected array/);
  });

  it('an account file holding another account is refused', async () => {
    const root = tmp();
    const dir = auditDir(root);
    const file = path.join(dir, 'accounts', '111111111111.json');
    writeFileSync(path.join(dir, 'accounts', '222222222222.json'), readFileSync(file));
    await expect(mergeAudits([dir], path.join(root, 'out'))).rejects.toThrow(/222222222222\.json: at \/accounts/);
  });
});

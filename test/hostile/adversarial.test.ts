// Adversarial input: patterns and globs written to make a backtracking matcher run for minutes. Each test's time
// budget is the test runner's timeout: the work must be linear, so it finishes at once.
import {describe, expect, it} from '@jest/globals';
import {compileGlob} from '../../src/evaluate/glob.js';
import {cli, folder, put, snapshotWith, tmp, trailPolicy} from './support.js';

const RULE = 'acme.trail-name';
const LONG_ARN = `arn:aws:cloudtrail:us-east-1:111111111111:trail/${'a'.repeat(2_000)}`;

describe('policy patterns run in linear time (RE2)', () => {
  it('GIVEN pattern ^(a+)+$ and a 34-character name WHEN evaluated THEN it answers at once', async () => {
    const dir = tmp();
    const policies = folder(dir, 'policies');
    put(policies, `${RULE}.yaml`, trailPolicy(RULE, '  function: schema\n  options:\n    schema:\n      properties:\n        name: {pattern: "^(a+)+$"}'));
    const snapshot = snapshotWith(dir, (s) => {
      s.accounts[0]!.trails[0]!.description.Name = `${'a'.repeat(33)}!`;
    });
    const run = await cli('evaluate', '--snapshot', snapshot, '--policies', policies, '--rules', RULE, '--format', 'json', '--fail-on', 'none');
    expect(run.code).toBe(0);
    const statuses = (JSON.parse(run.stdout) as {findings: {ruleId: string; status: string}[]}).findings.filter((f) => f.ruleId === RULE).map((f) => f.status);
    expect(statuses).toContain('fail');
  }, 30_000);

  it.each([
    ['a backreference', '^(a)\\\\1$'],
    ['a lookahead', '^(?=a)a$'],
    ['a negative lookbehind', '^(?<!a)b$'],
    ['an unclosed group', '^(a$'],
  ])('GIVEN %s in a pattern WHEN validated or evaluated THEN exit 2 names the file and the JSON pointer', async (_what, pattern) => {
    const dir = tmp();
    const policies = folder(dir, 'policies');
    const file = put(policies, `${RULE}.yaml`, trailPolicy(RULE, `  function: schema\n  options:\n    schema:\n      properties:\n        name: {pattern: "${pattern}"}`));
    for (const run of [await cli('validate', file), await cli('evaluate', '--snapshot', snapshotWith(dir, () => {}), '--policies', policies)]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${file}: at /then/options/schema/properties/name/pattern:`);
      expect(run.stderr).toContain('linear time');
      expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?$/m);
    }
  });

  it('GIVEN a patternProperties key RE2 cannot run THEN the pointer names the key', async () => {
    const dir = tmp();
    const file = put(dir, `${RULE}.yaml`, trailPolicy(RULE, '  function: schema\n  options:\n    schema:\n      patternProperties:\n        "^(?!x)": {type: string}'));
    const run = await cli('validate', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: at /then/options/schema/patternProperties/^(?!x):`);
  });
});

describe('suppression globs run in linear time', () => {
  const EVIL = '*a*a*a*a*a*a*a*a*a*a*a*a*b';

  it('GIVEN the glob *a*a*…*b and a 2,000-character ARN THEN matching answers at once', () => {
    expect(compileGlob(EVIL)(LONG_ARN)).toBe(false);
    expect(compileGlob(EVIL)(`${LONG_ARN}b`)).toBe(true);
  }, 10_000);

  it('GIVEN that glob in a config suppression WHEN a trail with a 2,000-character ARN is evaluated THEN it finishes', async () => {
    const dir = tmp();
    const config = put(dir, 'trailwise.config.yaml', `suppressions:\n  - rule: "ct.*"\n    resource: "${EVIL}"\n    justification: a hostile glob from a test\n`);
    const snapshot = snapshotWith(dir, (s) => {
      s.accounts[0]!.trails[0]!.arn = LONG_ARN;
    });
    const run = await cli('evaluate', '--snapshot', snapshot, '--config', config, '--format', 'json', '--fail-on', 'none');
    expect(run.code).toBe(0);
  }, 30_000);

  it('keeps the documented glob semantics', () => {
    const cases: [string, string, boolean][] = [
      ['arn:aws:s3:::*', 'arn:aws:s3:::logs/with/slashes', true],
      ['arn:*:trail/org-*', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-main', true],
      ['a?c', 'abc', true],
      ['a?c', 'a/c', false],
      ['bucket-[0-9]', 'bucket-7', true],
      ['bucket-[!0-9]', 'bucket-7', false],
      ['{prod,stage}-logs', 'stage-logs', true],
      ['a.c', 'abc', false],
      ['a\\*c', 'a*c', true],
      ['a\\*c', 'abc', false],
    ];
    for (const [glob, name, expected] of cases) expect([glob, name, compileGlob(glob)(name)]).toEqual([glob, name, expected]);
  });
});

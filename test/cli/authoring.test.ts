// Writing your own policies: `trailwise test` names a policy that has no test file, a test file needs two cases,
// reserved ids are refused, and `validate` refuses everything `evaluate` would (so a config or policy that validates
// never fails later in CI).
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {parse} from 'yaml';
import {loadPolicies, builtinPolicyDir} from '../../src/evaluate/policy.js';
import {runCli} from '../../src/cli/program.js';
import {fakeTerminal} from './fake-terminal.js';

const ACME = path.resolve('test/data/policies/acme');
const SNAPSHOT = path.resolve('examples/snapshots/well-configured-org.json');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-authoring-'));

async function cli(...argv: string[]) {
  const term = fakeTerminal();
  const code = await runCli(argv, term);
  return {code, out: term.stdout, err: term.stderr};
}

describe('trailwise test', () => {
  it('reports a policy that has no test file, and exits 1', async () => {
    const dir = tmp();
    copyFileSync(path.join(ACME, 'acme.trail-name-style.yaml'), path.join(dir, 'acme.trail-name-style.yaml'));
    copyFileSync(path.join(ACME, 'acme.trail-name-style.test.yaml'), path.join(dir, 'acme.trail-name-style.test.yaml'));
    const untested = readFileSync(path.join(ACME, 'acme.trail-name-style.yaml'), 'utf8').replace('id: acme.trail-name-style', 'id: acme.untested');
    writeFileSync(path.join(dir, 'acme.untested.yaml'), untested);
    // The copied test file's snapshot path is relative to the test file: point it at the example again.
    const testFile = path.join(dir, 'acme.trail-name-style.test.yaml');
    writeFileSync(testFile, readFileSync(testFile, 'utf8').replace(/^snapshot: .*$/m, `snapshot: ${path.relative(dir, SNAPSHOT)}`));
    const {code, out} = await cli('test', dir);
    expect(out).toMatch(/^NO TEST .*acme\.untested\.yaml \(acme\.untested\): add .*acme\.untested\.test\.yaml with at least two cases$/m);
    expect(out).toMatch(/^2 passed, 0 failed, 1 policy without tests$/m);
    expect(code).toBe(1);
  });

  it('every built-in policy has its test file', async () => {
    const {code, out} = await cli('test');
    expect(out).not.toContain('NO TEST');
    expect(code).toBe(0);
  });

  it('a test file needs at least two cases', async () => {
    const dir = tmp();
    const one = path.join(dir, 'acme.one.test.yaml');
    writeFileSync(one, `rule: acme.trail-name-style\nsnapshot: ${SNAPSHOT}\ncases:\n  - {name: only, expect: pass}\n`);
    const {code, err} = await cli('validate', one);
    expect(code).toBe(2);
    expect(err).toMatch(/at \/cases: .*(2|fewer)/);
  });
});

describe('reserved rule ids', () => {
  it('a policy of your own may not take an id reserved for a built-in rule', async () => {
    const reserved = (parse(readFileSync(path.join(builtinPolicyDir(), 'reserved.yaml'), 'utf8')) as {reserved: string[]}).reserved;
    const builtin = new Set((await loadPolicies([builtinPolicyDir()])).map((p) => p.id));
    const free = reserved.find((id) => !builtin.has(id));
    expect(free).toBeDefined();
    const dir = tmp();
    const file = path.join(dir, 'mine.yaml');
    writeFileSync(file, readFileSync(path.join(ACME, 'acme.trail-name-style.yaml'), 'utf8').replace('id: acme.trail-name-style', `id: ${free}`));
    for (const argv of [['validate', file], ['evaluate', '--snapshot', SNAPSHOT, '--policies', dir]]) {
      const {code, err} = await cli(...argv);
      expect(code).toBe(2);
      expect(err).toContain(`rule id "${free}" is reserved for a built-in rule`);
    }
  });
});

describe('validate refuses what evaluate refuses', () => {
  const configs: [string, string, RegExp][] = [
    ['an unknown rule id', 'rules:\n  ct.no-such-rule: {enabled: false}\n', /\/rules\/ct\.no-such-rule: no such rule/],
    ['an unknown region in notApplicableRegions', 'notApplicableRegions: [eu-west]\n', /notApplicableRegions\/0/],
    ['a parameter the rule does not have', 'rules:\n  ct.insights: {parameters: {nope: 1}}\n', /has no parameter "nope"/],
    ['an unknown pack', 'pack: nist\n', /unknown pack "nist"/],
    ['a missing policy folder', 'policies: [./missing]\n', /policy folder does not exist/],
  ];
  it.each(configs)('a config with %s', async (_name, text, message) => {
    const dir = tmp();
    const file = path.join(dir, 'trailwise.config.yaml');
    writeFileSync(file, text);
    const validated = await cli('validate', file);
    const evaluated = await cli('evaluate', '--snapshot', SNAPSHOT, '--config', file);
    expect([validated.code, evaluated.code]).toEqual([2, 2]);
    expect(validated.err).toMatch(message);
    expect(evaluated.err).toMatch(message);
  });

  it('a good config validates, naming its pack and rule count', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'mine'));
    copyFileSync(path.join(ACME, 'acme.trail-name-style.yaml'), path.join(dir, 'mine', 'acme.trail-name-style.yaml'));
    const file = path.join(dir, 'trailwise.config.yaml');
    writeFileSync(file, 'pack: cis-l2\npolicies: [./mine]\nnotApplicableRegions: [me-south-1]\nrules:\n  acme.trail-name-style: {severity: medium}\n');
    const {code, out} = await cli('validate', file);
    expect(out).toMatch(/valid config \(pack cis-l2, \d+ rules\)/);
    expect(code).toBe(0);
  });

  it('a policy whose function options evaluate would refuse', async () => {
    const dir = tmp();
    const file = path.join(dir, 'acme.bad-options.yaml');
    writeFileSync(file, readFileSync(path.join(ACME, 'acme.trail-name-style.yaml'), 'utf8').replace('id: acme.trail-name-style', 'id: acme.bad-options').replace('function: schema', 'function: dataEventsCoverBuckets'));
    const validated = await cli('validate', file);
    const evaluated = await cli('evaluate', '--snapshot', SNAPSHOT, '--policies', dir);
    expect([validated.code, evaluated.code]).toEqual([2, 2]);
    expect(validated.err).toMatch(/at \/then\/options/);
    expect(evaluated.err).toMatch(/at \/then\/options/);
  });
});

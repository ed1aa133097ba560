/**
 * Policy tests (`trailwise test`), in the spirit of `opa test` and `cfn-guard test`: a `<rule>.test.yaml` beside a
 * policy names a base snapshot and cases; each case applies a JSON Patch (RFC 6902) to the base, so a failing case
 * differs from the passing one only in the property under test, and states what the rule must report.
 */
import path from 'node:path';
import {readdir} from 'node:fs/promises';
import fastJsonPatch, {type Operation} from 'fast-json-patch';
import {assertValid} from '../ajv.js';
import {InputError} from '../errors.js';
import {loadSnapshot, validateSnapshot} from '../snapshot/load.js';
import {normalize} from '../snapshot/normalize.js';
import type {Snapshot} from '../snapshot/types.js';
import {compileRules, evaluate} from './evaluate.js';
import {builtinPolicyDir, loadPolicies, readDataFile, type Policy} from './policy.js';
import type {Finding, Status} from './types.js';
import {defineValidator} from '../validators.js';

const {applyPatch, deepClone} = fastJsonPatch;

export type Expectation = Exclude<Status, 'suppressed'> | Partial<Record<Exclude<Status, 'suppressed'>, number>>;

export interface PolicyTestCase {
  name: string;
  patch?: Operation[];
  parameters?: Record<string, unknown>;
  expect: Expectation;
}

export interface PolicyTestFile {
  rule: string;
  snapshot: string;
  cases: PolicyTestCase[];
}

const statusEnum = ['pass', 'fail', 'error', 'unknown', 'not_applicable'];

export const policyTestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trailwise.dev/schema/policy-test-1.0.json',
  title: 'trailwise policy test',
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'snapshot', 'cases'],
  properties: {
    $schema: {type: 'string'},
    rule: {type: 'string'},
    snapshot: {type: 'string'},
    cases: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'expect'],
        properties: {
          name: {type: 'string'},
          patch: {type: 'array', items: {type: 'object', required: ['op', 'path']}},
          parameters: {type: 'object'},
          expect: {
            anyOf: [
              {enum: statusEnum},
              {type: 'object', additionalProperties: false, properties: Object.fromEntries(statusEnum.map((s) => [s, {type: 'integer', minimum: 0}]))},
            ],
          },
        },
      },
    },
  },
} as const;

const validateTestFile = defineValidator('policy-test', policyTestSchema);

export interface CaseResult {
  file: string;
  rule: string;
  name: string;
  ok: boolean;
  /** What the rule reported, by status, and why the case failed. */
  got: Partial<Record<Status, number>>;
  problem?: string;
  findings: Finding[];
}

/** Finds every `*.test.yaml` / `*.test.json` under `dir`. */
export async function findTestFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true});
  return entries
    .filter((e) => e.isFile() && /\.test\.(ya?ml|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Reads and validates a policy test file. */
export async function loadTestFile(file: string): Promise<PolicyTestFile> {
  const value = await readDataFile(file);
  assertValid<PolicyTestFile>(validateTestFile(), value, file, 'trailwise policy test');
  return value;
}

function tally(findings: Finding[]): Partial<Record<Status, number>> {
  const out: Partial<Record<Status, number>> = {};
  for (const f of findings) out[f.status] = (out[f.status] ?? 0) + 1;
  return out;
}

function check(expect: Expectation, got: Partial<Record<Status, number>>): string | undefined {
  const total = Object.values(got).reduce((a, b) => a + (b ?? 0), 0);
  if (typeof expect === 'string') {
    if (total === 0) return `expected ${expect}, but the rule produced no finding`;
    if (got[expect] !== total) return `expected every finding to be ${expect}, got ${JSON.stringify(got)}`;
    return undefined;
  }
  for (const status of statusEnum as Exclude<Status, 'suppressed'>[]) {
    const want = expect[status] ?? 0;
    if ((got[status] ?? 0) !== want) return `expected ${JSON.stringify(expect)}, got ${JSON.stringify(got)}`;
  }
  return undefined;
}

/** Runs one test file against the given policies (the rule under test is evaluated enabled, whatever its default). */
export async function runTestFile(file: string, policies: Policy[], cache = new Map<string, Snapshot>()): Promise<CaseResult[]> {
  const spec = await loadTestFile(file);
  const policy = policies.find((p) => p.id === spec.rule);
  if (!policy) throw new InputError(`${file}: at /rule: no policy with id "${spec.rule}"`, file);
  const basePath = path.resolve(path.dirname(file), spec.snapshot);
  let base = cache.get(basePath);
  if (!base) {
    base = await loadSnapshot(basePath);
    cache.set(basePath, base);
  }
  const results: CaseResult[] = [];
  for (const [i, testCase] of spec.cases.entries()) {
    const where = `${file}: case ${i + 1} "${testCase.name}"`;
    let snapshot: Snapshot;
    try {
      const patched = applyPatch(deepClone(base), deepClone(testCase.patch ?? []), true, false).newDocument;
      snapshot = validateSnapshot(patched, `${where} (patched snapshot)`);
    } catch (err) {
      const message = err instanceof InputError ? err.message : `${where}: the patch does not apply: ${(err as Error).message.split('\n')[0]}`;
      results.push({file, rule: spec.rule, name: testCase.name, ok: false, got: {}, problem: message, findings: []});
      continue;
    }
    const [compiled] = compileRules([{...policy, enabled: true}], undefined, {
      source: where,
      rules: testCase.parameters ? {[policy.id]: {parameters: testCase.parameters}} : {},
    });
    const result = evaluate(normalize(snapshot), [compiled!], {asOf: '2026-11-28'});
    const got = tally(result.findings);
    const problem = check(testCase.expect, got);
    results.push({file, rule: spec.rule, name: testCase.name, ok: !problem, got, problem, findings: result.findings});
  }
  return results;
}

export interface PolicyTestRun {
  passed: number;
  failed: number;
  /** The failing cases, in file order. */
  failures: CaseResult[];
  /** Folders that hold no test file. */
  empty: string[];
  /** Policies in the tested folders that no test file names: each rule needs its cases. */
  untested: {id: string; file: string}[];
}

/**
 * Runs every policy test under `dirs` (default: the built-in policies), with the built-in policies and those folders
 * loaded, as `trailwise test` and the Action's `test-policies` do.
 */
export async function runPolicyTests(dirs: string[]): Promise<PolicyTestRun> {
  const builtin = builtinPolicyDir();
  const targets = dirs.length ? dirs.map((d) => path.resolve(d)) : [builtin];
  const policies = await loadPolicies([...new Set([builtin, ...targets])]);
  const run: PolicyTestRun = {passed: 0, failed: 0, failures: [], empty: [], untested: []};
  const tested = new Set<string>();
  for (const dir of targets) {
    const files = await findTestFiles(dir);
    if (!files.length) run.empty.push(dir);
    for (const file of files) {
      tested.add((await loadTestFile(file)).rule);
      for (const result of await runTestFile(file, policies)) {
        if (result.ok) {
          run.passed++;
        } else {
          run.failed++;
          run.failures.push(result);
        }
      }
    }
  }
  const inTargets = (file: string) => targets.some((dir) => path.resolve(file).startsWith(dir + path.sep));
  run.untested = policies.filter((p) => p.source && inTargets(p.source) && !tested.has(p.id)).map((p) => ({id: p.id, file: p.source!}));
  return run;
}

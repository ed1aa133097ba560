// Helpers for the hostile-input suites: files in a fresh folder, the example snapshot with a change, the CLI in-process.
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runCli} from '../../src/cli/program.js';
import type {Snapshot} from '../../src/snapshot/types.js';
import {fakeTerminal} from '../cli/fake-terminal.js';

export const WELL_CONFIGURED = path.resolve('examples/snapshots/well-configured-org.json');
export const NEGLECTED = path.resolve('examples/snapshots/neglected-account.json');

/** A fresh temporary folder. */
export const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-hostile-'));

/** Creates the folder `name` in `dir`; returns its path. */
export function folder(dir: string, name: string): string {
  const made = path.join(dir, name);
  mkdirSync(made, {recursive: true});
  return made;
}

/** Writes `text` (or `value` as JSON) to `name` in `dir`; returns the path. */
export function put(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** The well-configured example snapshot, changed by `change`, written to `dir`; returns the path. */
export function snapshotWith(dir: string, change: (snapshot: Snapshot) => void, name = 'snapshot.json', base = WELL_CONFIGURED): string {
  const snapshot = JSON.parse(readFileSync(base, 'utf8')) as Snapshot;
  change(snapshot);
  return put(dir, name, snapshot);
}

/** Runs the CLI in-process; returns its exit code and what it wrote. */
export async function cli(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  const term = fakeTerminal();
  const code = await runCli(args, term);
  return {code, stdout: term.stdout, stderr: term.stderr};
}

/** A user's policy file (YAML) with the given `then`, over trails. */
export function trailPolicy(id: string, then: string): string {
  return [
    `id: ${id}`,
    'title: A hostile test policy',
    'severity: low',
    'pillar: SEC04',
    'bestPractices: [SEC04-BP01]',
    'rationale: Written by a test to probe how trailwise handles hostile input.',
    'remediation: {summary: None.}',
    'given: trails',
    'then:',
    then,
    '',
  ].join('\n');
}

/**
 * `npm run bench:cli`: what a user waits for. Builds the CLI (`node scripts/build.mjs`), then runs `node dist/cli.js`
 * as a child process under `/usr/bin/time` (wall time and peak RSS of the whole process, from the kernel) for:
 *   - start-up: `--help`, `rules`, `evaluate` of a one-account snapshot;
 *   - `evaluate --format json|sarif|markdown|text --output FILE` of a synthetic organization (bench/generate.ts);
 *   - the org audit's finish phase: `merge AUDIT_DIR --output DIR` (reads the account files, evaluates, writes
 *     snapshot.json, report.json, summary.md and report.sarif — what `audit` does once every account is read).
 * Prints the median of the runs per case with the load average around it, and writes every run to a JSON file.
 *   npm run bench:cli -- [--sizes 100,1000] [--regions 17] [--runs 5] [--big-runs 1] [--formats json,sarif,markdown,text]
 *                        [--cases startup,evaluate,finish] [--timeout 900] [--out bench/results/run.json] [--no-build]
 *                        [--cli path/to/cli.js]
 * `--big-runs` applies to sizes of 5,000 accounts and more. Figures, not asserts: docs/benchmarks.md records runs.
 */
import {spawn, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {ensureData} from './generate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TIME = '/usr/bin/time';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}

const sizes = flag('sizes', '100,1000').split(',').map(Number);
const regions = Number(flag('regions', '17'));
const runs = Number(flag('runs', '5'));
const bigRuns = Number(flag('big-runs', '1'));
const formats = flag('formats', 'json,sarif,markdown,text').split(',');
const cases = new Set(flag('cases', 'startup,evaluate,finish').split(','));
const timeoutSeconds = Number(flag('timeout', '900'));
/** Another build to measure (e.g. a copy of the CLI built from an older commit, for a before/after figure). */
const cli = flag('cli', 'dist/cli.js');
const outFile = resolve(flag('out', join(root, 'bench', 'results', `cli-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)));

interface Run {
  wallSeconds: number;
  peakRssMiB: number;
  exitCode: number | null;
  /** The child's last stderr lines when it did not exit with 0 or 1 (1 is a failed gate, a normal outcome). */
  failure?: string;
  loadBefore: number[];
  loadAfter: number[];
}

interface CaseResult {
  name: string;
  command: string[];
  runs: Run[];
  median?: {wallSeconds: number; peakRssMiB: number};
}

/** Runs the built CLI once under /usr/bin/time -v (or measures the child's maxRSS itself when time is missing). */
async function runOnce(args: string[]): Promise<Run> {
  const loadBefore = os.loadavg();
  const useTime = existsSync(TIME);
  const tmp = await mkdtemp(join(os.tmpdir(), 'trailwise-bench-cli-'));
  const timeFile = join(tmp, 'time.txt');
  const argv = useTime ? ['-v', '-o', timeFile, process.execPath, cli, ...args] : [cli, ...args];
  const started = process.hrtime.bigint();
  // A process group of its own, so that a timeout kills node and not only time(1) in front of it.
  const child = spawn(useTime ? TIME : process.execPath, argv, {cwd: root, stdio: ['ignore', 'ignore', 'pipe'], detached: true});
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, timeoutSeconds * 1000);
  const exitCode: number | null = await new Promise((done) => child.on('close', (code) => done(code)));
  clearTimeout(timer);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  let peakKiB: number;
  let wallSeconds = wall;
  let code = exitCode;
  if (useTime && existsSync(timeFile)) {
    const text = await readFile(timeFile, 'utf8');
    peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? 0);
    const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
    if (elapsed) wallSeconds = Number(elapsed[1] ?? 0) * 3600 + Number(elapsed[2]) * 60 + Number(elapsed[3]);
    const status = /Exit status: (\d+)/.exec(text);
    if (status) code = Number(status[1]);
    if (/Command terminated by signal/.test(text)) code = null;
  } else {
    peakKiB = process.resourceUsage().maxRSS; // without time(1): an upper bound (the largest child so far)
  }
  await rm(tmp, {recursive: true, force: true});
  const run: Run = {wallSeconds, peakRssMiB: Math.round(peakKiB / 1024), exitCode: code, loadBefore, loadAfter: os.loadavg()};
  if (timedOut) run.failure = `timed out after ${timeoutSeconds} s`;
  else if (code !== 0 && code !== 1) run.failure = stderr.trim().split('\n').slice(-3).join('\n') || `exit ${code}`;
  return run;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function measure(name: string, args: string[], count: number, cleanup?: () => Promise<void>): Promise<CaseResult> {
  const result: CaseResult = {name, command: ['node', cli, ...args], runs: []};
  for (let i = 0; i < count; i++) {
    const run = await runOnce(args);
    result.runs.push(run);
    await cleanup?.();
    const load = run.loadAfter.map((l) => l.toFixed(2)).join(' ');
    console.error(`  ${name} run ${i + 1}/${count}: ${run.wallSeconds.toFixed(2)} s, ${run.peakRssMiB} MiB${run.failure ? `, FAILED: ${run.failure}` : ''} (load ${load})`);
    if (run.failure) break; // a crash is a result; repeating it only costs time
  }
  const ok = result.runs.filter((r) => !r.failure);
  if (ok.length) result.median = {wallSeconds: median(ok.map((r) => r.wallSeconds)), peakRssMiB: median(ok.map((r) => r.peakRssMiB))};
  return result;
}

const EXTENSIONS: Record<string, string> = {json: 'json', sarif: 'sarif', markdown: 'md', text: 'txt'};

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {cwd: root, stdio: 'inherit'});
    if (built.status !== 0) throw new Error('build failed');
  }
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8'}).stdout.trim();
  const scratch = await mkdtemp(join(os.tmpdir(), 'trailwise-bench-out-'));
  const results: CaseResult[] = [];
  try {
    if (cases.has('startup')) {
      console.error('start-up');
      results.push(await measure('--help', ['--help'], runs));
      results.push(await measure('rules', ['rules'], runs));
      const one = join(scratch, 'one.json');
      results.push(await measure('evaluate, one account (json)', ['evaluate', '--snapshot', 'examples/snapshots/neglected-account.json', '--format', 'json', '--output', one, '--fail-on', 'none'], runs));
    }
    for (const accounts of sizes) {
      const count = accounts >= 5000 ? bigRuns : runs;
      console.error(`${accounts} accounts × ${regions} regions: generating (once)…`);
      const data = await ensureData(accounts, regions);
      if (cases.has('evaluate')) {
        for (const format of formats) {
          const out = join(scratch, `report.${EXTENSIONS[format] ?? format}`);
          results.push(
            await measure(`evaluate ${accounts}×${regions} --format ${format}`, ['evaluate', '--snapshot', data.snapshot, '--format', format, '--output', out, '--fail-on', 'none'], count, () =>
              rm(out, {force: true}),
            ),
          );
        }
      }
      if (cases.has('finish')) {
        const reports = join(scratch, 'merged');
        results.push(
          await measure(`finish (merge) ${accounts}×${regions}`, ['merge', data.auditDir, '--output', reports, '--fail-on', 'none'], count, () =>
            rm(reports, {recursive: true, force: true}),
          ),
        );
      }
    }
  } finally {
    await rm(scratch, {recursive: true, force: true});
  }
  const record = {
    commit,
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    results,
  };
  await mkdir(dirname(outFile), {recursive: true});
  await writeFile(outFile, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`| case | median wall | median peak RSS | runs | load (1-min) |`);
  console.log(`|---|---:|---:|---:|---|`);
  for (const r of results) {
    const loads = r.runs.flatMap((x) => [x.loadBefore[0]!, x.loadAfter[0]!]);
    const load = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
    const figure = r.median ? `${r.median.wallSeconds.toFixed(2)} s | ${r.median.peakRssMiB} MiB` : `failed: ${r.runs[0]?.failure?.split('\n').pop()} | —`;
    console.log(`| ${r.name} | ${figure} | ${r.runs.length} | ${load} |`);
  }
  console.log(`\n${outFile} (commit ${commit})`);
}

await main();

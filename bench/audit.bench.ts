/**
 * `npm run bench:audit`: the org audit against the fake AWS server with 50 ms per call, 200 accounts × 4 enabled
 * regions by default. Prints wall time, calls, achieved concurrency against the configured one, the ratio to the ideal
 * `calls × latency / concurrency`, peak RSS, and heap after GC as accounts are written (it must stay flat), then the
 * evaluation and a projection for 5,000 accounts × 17 regions.
 *
 * The fake server runs in a child process, so its call log does not count in the audit's memory.
 *   npm run bench:audit -- [accounts=200] [regions=4] [maxCalls=16] [accountConcurrency=64] [regionConcurrency=4] [latencyMs=50]
 */
import {fork, type ChildProcess} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {fileURLToPath} from 'node:url';

const SERVE = '--serve-fake-aws';

interface Params {
  accounts: number;
  regions: number;
  maxCalls: number;
  accountConcurrency: number;
  regionConcurrency: number;
  latencyMs: number;
}

type ToChild = {type: 'calls'} | {type: 'stop'};
type FromChild =
  | {type: 'ready'; endpoint: string; management: string; credentials: {accessKeyId: string; secretAccessKey: string}}
  | {type: 'calls'; calls: Record<string, number>; byRegion: Record<string, number>; cpuMs: number};

// ---- the fake AWS server (child process) ------------------------------------------------------------------------

async function serve(p: Params): Promise<void> {
  const {organizationModel, startFakeAws, DEFAULT_REGIONS, MANAGEMENT_ACCOUNT} = await import('../test/support/fake-aws/index.js');
  const model = organizationModel({workloadAccounts: p.accounts - 3});
  const enabled = new Set(DEFAULT_REGIONS.slice(0, p.regions));
  for (const account of model.accounts) {
    // Regions beyond the first `regions` are not opted in: listed by DescribeRegions, never read.
    account.regions = account.regions.map((r) => (enabled.has(r.name) ? r : {name: r.name, optInStatus: 'not-opted-in' as const}));
  }
  const aws = await startFakeAws(model, {latencyMs: p.latencyMs});
  const send = (message: FromChild) => process.send!(message);
  process.on('message', async (message: ToChild) => {
    if (message.type === 'calls') {
      const byRegion: Record<string, number> = {};
      for (const call of aws.callLog()) byRegion[call.region] = (byRegion[call.region] ?? 0) + 1;
      const cpu = process.cpuUsage();
      send({type: 'calls', calls: aws.calls(), byRegion, cpuMs: (cpu.user + cpu.system) / 1000});
    } else {
      await aws.stop();
      process.exit(0);
    }
  });
  const c = aws.credentialsFor(MANAGEMENT_ACCOUNT);
  send({type: 'ready', endpoint: aws.endpoint, management: MANAGEMENT_ACCOUNT, credentials: {accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey}});
}

// ---- the audit (this process) -----------------------------------------------------------------------------------

function exposeGc(): () => void {
  const existing = (globalThis as {gc?: () => void}).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function ask<T extends FromChild['type']>(child: ChildProcess, type: T, message?: ToChild): Promise<Extract<FromChild, {type: T}>> {
  return new Promise((resolve) => {
    const on = (m: FromChild) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m as Extract<FromChild, {type: T}>);
    };
    child.on('message', on);
    if (message) child.send(message);
  });
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function bench(p: Params): Promise<void> {
  const {runAudit} = await import('../src/audit/index.js');
  const gc = exposeGc();
  const child = fork(fileURLToPath(import.meta.url), [SERVE, ...process.argv.slice(2)], {execArgv: process.execArgv, stdio: 'inherit'});
  const ready = await ask(child, 'ready');
  const output = await mkdtemp(join(tmpdir(), 'trailwise-bench-audit-'));

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  // Heap after a full GC when 10%, 20%, … of the accounts are written: flat means nothing is kept per account.
  const heapAfterGc: {written: number; heap: number; rss: number}[] = [];
  let written = 0;
  let collectionEnd = 0;
  let collectionCpu = {user: 0, system: 0};
  const step = Math.max(1, Math.round(p.accounts / 10));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runAudit({
    org: true,
    roleName: 'TrailwiseAudit',
    endpointUrl: ready.endpoint,
    credentials: async () => ready.credentials,
    concurrency: p.accountConcurrency,
    regionConcurrency: p.regionConcurrency,
    maxCalls: p.maxCalls,
    output,
    listener: (e) => {
      if (e.type === 'account-done') {
        written++;
        if (written % step === 0) {
          gc();
          const m = process.memoryUsage();
          heapAfterGc.push({written, heap: m.heapUsed, rss: m.rss});
        }
      }
      if (e.type === 'audit-done') {
        collectionEnd = performance.now();
        collectionCpu = process.cpuUsage(cpu0);
      }
    },
  });
  const t1 = performance.now();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const {calls, byRegion, cpuMs: serverCpuMs} = await ask(child, 'calls', {type: 'calls'});
  child.send({type: 'stop'} satisfies ToChild);

  const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
  const collectMs = collectionEnd - t0;
  const configured = p.maxCalls;
  const achieved = (totalCalls * p.latencyMs) / collectMs;
  const ideal = (totalCalls * p.latencyMs) / configured;
  // Calls in regions other than the home region are per-region work; the rest is per account (global services,
  // buckets, the join), counted in the home region.
  const otherRegions = Object.entries(byRegion).filter(([r]) => r !== 'us-east-1');
  const perAccountRegion = otherRegions.reduce((a, [, n]) => a + n, 0) / Math.max(1, otherRegions.length) / p.accounts;
  const perAccountGlobal = totalCalls / p.accounts - perAccountRegion * p.regions;
  const growth = heapAfterGc.length > 1 ? heapAfterGc.at(-1)!.heap - heapAfterGc[0]!.heap : 0;

  const rows: [string, string][] = [
    ['organization', `${p.accounts} accounts × ${p.regions} enabled regions, ${p.latencyMs} ms per call`],
    ['concurrency', `${configured} calls in flight at most (--max-calls), ${p.accountConcurrency} accounts started at once, ${p.regionConcurrency} regions each`],
    ['collection wall time', seconds(collectMs)],
    ['evaluation + reports', seconds(t1 - collectionEnd)],
    ['total wall time', seconds(t1 - t0)],
    ['calls (HTTP requests)', `${totalCalls} (${(totalCalls / p.accounts).toFixed(1)} per account: ~${perAccountGlobal.toFixed(1)} global + ${perAccountRegion.toFixed(1)} per region)`],
    ['achieved concurrency', `${achieved.toFixed(1)} calls in flight on average (calls × latency / wall)`],
    ['ideal wall time', `${seconds(ideal)} (calls × ${p.latencyMs} ms / ${configured}); ratio ${(collectMs / ideal).toFixed(2)} (target ≤ 1.5)`],
    [
      'CPU per call',
      `${((collectionCpu.user + collectionCpu.system) / 1000 / totalCalls).toFixed(2)} ms in trailwise (SDK clients included), ${(serverCpuMs / totalCalls).toFixed(2)} ms in the fake server`,
    ],
    ['peak RSS', mib(peakRss)],
    ['heap after GC', heapAfterGc.map((h) => `${h.written}: ${mib(h.heap)}`).join(', ')],
    ['heap growth', `${mib(growth)} from ${heapAfterGc[0]?.written ?? 0} to ${heapAfterGc.at(-1)?.written ?? 0} accounts written`],
    ['accounts', `${result.manifest.outcome?.audited} audited, ${result.manifest.outcome?.failed} failed`],
    ['score', `${result.report?.score.overall} (coverage ${result.report?.score.coverage}%)`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(24)} ${v}`);

  // Projection: the same per-account and per-region call counts, at the achieved concurrency.
  const projectedCalls = 5000 * (perAccountGlobal + 17 * perAccountRegion);
  const oneMachine = (projectedCalls * p.latencyMs) / achieved;
  console.log(`\nprojection, 5,000 accounts × 17 regions at ${p.latencyMs} ms per call and ${achieved.toFixed(0)} calls in flight:`);
  console.log(`  calls ${Math.round(projectedCalls).toLocaleString('en-US')}; one machine ${seconds(oneMachine)} (${(oneMachine / 60000).toFixed(1)} min)`);
  for (const n of [4, 10, 20]) console.log(`  ${n} shards: ${seconds(oneMachine / n)} each, plus the organization listing (${Math.ceil(5000 / 20)} pages)`);
  await rm(output, {recursive: true, force: true});
}

const numbers = process.argv.slice(2).filter((a) => a !== SERVE).map(Number);
const params: Params = {
  accounts: numbers[0] || 200,
  regions: numbers[1] || 4,
  maxCalls: numbers[2] || 16,
  accountConcurrency: numbers[3] || 64,
  regionConcurrency: numbers[4] || 4,
  latencyMs: numbers[5] || 50,
};
if (process.argv.includes(SERVE)) await serve(params);
else await bench(params);

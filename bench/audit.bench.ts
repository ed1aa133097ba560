/**
 * `npm run bench:audit`: the org audit against the fake AWS server (in a child process, so its work and its call log
 * are not counted as ours) with 50 ms per call, 200 accounts × 4 enabled regions by default. Prints wall time, calls,
 * calls in flight (mean and peak, from the fake's timestamps) against the budget, the ratio to the ideal
 * `calls × latency / budget`, CPU per call, peak RSS and heap after GC as accounts are written (it must stay flat),
 * then the evaluation and a projection for 5,000 accounts × 17 regions.
 *   npm run bench:audit -- [accounts=200] [regions=4] [maxCalls=16] [accountConcurrency=64] [regionConcurrency=4] [latencyMs=50]
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {runAudit} from '../src/audit/index.js';
import {DEFAULT_REGIONS, MANAGEMENT_ACCOUNT, organizationModel, startFakeAwsProcess, type RecordedCall} from '../test/support/fake-aws/index.js';

const [accounts, regions, maxCalls, accountConcurrency, regionConcurrency, latencyMs] = [200, 4, 16, 64, 4, 50].map(
  (fallback, i) => Number(process.argv[2 + i]) || fallback,
) as [number, number, number, number, number, number];

function exposeGc(): () => void {
  const existing = (globalThis as {gc?: () => void}).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Mean and peak number of calls the fake was answering at once, over the interval. */
function inFlight(log: RecordedCall[], from: number, to: number): {mean: number; peak: number} {
  const edges: [number, number][] = [];
  let busy = 0;
  for (const c of log) {
    if (c.startedAt < from || c.startedAt > to) continue;
    const end = c.finishedAt ?? c.startedAt;
    busy += end - c.startedAt;
    edges.push([c.startedAt, 1], [end, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (open += delta));
  return {mean: busy / (to - from), peak};
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const model = organizationModel({workloadAccounts: accounts - 3});
const enabled = new Set(DEFAULT_REGIONS.slice(0, regions));
for (const account of model.accounts) {
  // Regions beyond the first `regions` are not opted in: listed by DescribeRegions, never read.
  account.regions = account.regions.map((r) => (enabled.has(r.name) ? r : {name: r.name, optInStatus: 'not-opted-in' as const}));
}
const aws = await startFakeAwsProcess(model, {latencyMs});
const output = await mkdtemp(join(tmpdir(), 'trailwise-bench-audit-'));
const gc = exposeGc();

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
// Heap after a full GC each time another tenth of the accounts is written: flat means nothing is kept per account.
const heapAfterGc: {written: number; heap: number}[] = [];
let written = 0;
let collectionEnd = 0;
let collectionCpu = {user: 0, system: 0};
const step = Math.max(1, Math.round(accounts / 10));
const cpu0 = process.cpuUsage();
const start = Date.now();
const t0 = performance.now();
const result = await runAudit({
  org: true,
  roleName: 'TrailwiseAudit',
  endpointUrl: aws.endpoint,
  credentials: async () => aws.credentialsFor(MANAGEMENT_ACCOUNT),
  concurrency: accountConcurrency,
  regionConcurrency,
  maxCalls,
  output,
  listener: (e) => {
    if (e.type === 'account-done' && ++written % step === 0) {
      gc();
      heapAfterGc.push({written, heap: process.memoryUsage().heapUsed});
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
const log = await aws.callLog();
await aws.stop();
await rm(output, {recursive: true, force: true});

const collectMs = collectionEnd - t0;
const calls = log.length;
const flight = inFlight(log, start, start + collectMs);
const ideal = (calls * latencyMs) / maxCalls;
// Calls in regions other than the home region are per-region work; the rest (global services, buckets, the join)
// is per account and counted in the home region.
const otherRegions = [...enabled].filter((r) => r !== 'us-east-1');
const perAccountRegion = log.filter((c) => otherRegions.includes(c.region)).length / Math.max(1, otherRegions.length) / accounts;
const perAccountGlobal = calls / accounts - perAccountRegion * regions;
const growth = heapAfterGc.length > 1 ? heapAfterGc.at(-1)!.heap - heapAfterGc[0]!.heap : 0;
const cpuPerCall = (collectionCpu.user + collectionCpu.system) / 1000 / calls;

const rows: [string, string][] = [
  ['organization', `${accounts} accounts × ${regions} enabled regions, ${latencyMs} ms per call`],
  ['budget', `${maxCalls} calls in flight at most (--max-calls); ${accountConcurrency} accounts at once, ${regionConcurrency} regions each`],
  ['collection wall time', seconds(collectMs)],
  ['evaluation + reports', seconds(t1 - collectionEnd)],
  ['calls (HTTP requests)', `${calls} (${(calls / accounts).toFixed(1)} per account: ~${perAccountGlobal.toFixed(1)} global + ${perAccountRegion.toFixed(1)} per region)`],
  ['calls in flight', `mean ${flight.mean.toFixed(1)}, peak ${flight.peak}`],
  ['ideal wall time', `${seconds(ideal)} (calls × ${latencyMs} ms / ${maxCalls}); ratio ${(collectMs / ideal).toFixed(2)} (target ≤ 1.5)`],
  ['CPU per call', `${cpuPerCall.toFixed(2)} ms in trailwise (SDK clients included; the fake's is not counted)`],
  ['peak RSS', mib(peakRss)],
  ['heap after GC', heapAfterGc.map((h) => `${h.written}: ${mib(h.heap)}`).join(', ')],
  ['heap growth', `${mib(growth)} from ${heapAfterGc[0]?.written ?? 0} to ${heapAfterGc.at(-1)?.written ?? 0} accounts written`],
  ['accounts', `${result.manifest.outcome?.audited} audited, ${result.manifest.outcome?.failed} failed`],
  ['load average', (await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')],
];
for (const [k, v] of rows) console.log(`${k.padEnd(24)} ${v}`);

// Projection: the same calls per account and per region, at the calls in flight achieved here, and at the CPU
// ceiling (one Node thread spends `cpuPerCall` per call whatever the latency).
const projectedCalls = 5000 * (perAccountGlobal + 17 * perAccountRegion);
const latencyBound = (projectedCalls * latencyMs) / flight.mean;
const cpuBound = projectedCalls * cpuPerCall;
const oneMachine = Math.max(latencyBound, cpuBound);
console.log(`\nprojection for 5,000 accounts × 17 regions (${Math.round(projectedCalls).toLocaleString('en-US')} calls):`);
console.log(`  at ${flight.mean.toFixed(0)} calls in flight and ${latencyMs} ms: ${seconds(latencyBound)}; CPU floor at ${cpuPerCall.toFixed(2)} ms a call: ${seconds(cpuBound)}`);
console.log(`  one machine: ${(oneMachine / 60000).toFixed(0)} min`);
for (const n of [4, 10, 20]) console.log(`  ${n} shards: ${(oneMachine / n / 60000).toFixed(0)} min each`);

/**
 * `npm run bench:collect`: one account (17 enabled regions, 2 trails, 2 trail buckets, Security Hub in every region, an
 * EKS cluster, a REST and an HTTP API, a Security Lake data lake and a Lake event data store) collected over HTTP from the
 * wire-format fake AWS, every call answered after a fixed latency (50 ms, about a cross-region round trip). Prints
 * wall time, calls by operation, duplicate calls, and how far the run is from the ideal `calls × latency /
 * concurrency`. Figures, not asserts: docs/benchmarks.md records a run.
 * Usage: npm run bench:collect -- [latencyMs=50] [concurrency=default] [runs=3]
 */
import {performance} from 'node:perf_hooks';
import {createClientFactory} from '../src/collect/clients.js';
import {collectSnapshot, DEFAULT_CONCURRENCY} from '../src/collect/collect.js';
import {validateSnapshot} from '../src/snapshot/load.js';
import {duplicateCalls, singleAccountModel, startFakeAwsProcess, wellConfiguredAccount, type RecordedCall} from '../test/support/fake-aws/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const latencyMs = Number(process.argv[2] ?? 50);
const concurrency = process.argv[3] ? Number(process.argv[3]) : DEFAULT_CONCURRENCY;
const runs = Number(process.argv[4] ?? 3);

const account = wellConfiguredAccount({secondTrail: true});
// The fake runs in a process of its own: AWS's work must not be timed as the collectors'.
const aws = await startFakeAwsProcess(singleAccountModel(account));
const credentials = aws.credentialsFor(account.accountId);

interface Run {
  wallMs: number;
  /** When the run started, on the fake's clock (ms since the epoch). */
  origin: number;
  log: RecordedCall[];
  retries: number;
}

async function run(): Promise<Run> {
  await aws.resetCalls();
  const clients = createClientFactory({endpointUrl: aws.endpoint, credentials: async () => credentials});
  const origin = performance.timeOrigin + performance.now();
  const started = performance.now();
  const snapshot = await collectSnapshot({clients, concurrency});
  const wallMs = performance.now() - started;
  validateSnapshot(JSON.parse(JSON.stringify(snapshot)), 'bench snapshot');
  return {wallMs, origin, log: await aws.callLog(), retries: snapshot.collection.retries ?? 0};
}

/** Mean and peak number of calls the fake was answering at once. */
function inFlight(log: RecordedCall[], wallMs: number): {mean: number; peak: number} {
  const edges = log.flatMap((c) => [[c.startedAt, 1] as const, [c.finishedAt ?? c.startedAt, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (open += delta));
  const busy = log.reduce((sum, c) => sum + ((c.finishedAt ?? c.startedAt) - c.startedAt), 0);
  return {mean: busy / wallMs, peak};
}

/** First start and last end of each phase, relative to the start of the run. */
function phases(run: Run): [string, number, number, number][] {
  const groups: [string, RegExp][] = [
    ['account (STS, IAM, Organizations, EC2, S3)', /^(sts|iam|organizations|s3control):|^ec2:DescribeRegions$|^s3:ListBuckets$/],
    ['network (VPCs, interfaces, flow logs, subnets, Resolver, ELB, WAF)', /^ec2:Describe(Vpcs|NetworkInterfaces|FlowLogs|Subnets)$|^(elbv2|elb|route53resolver|wafv2):/],
    ['regions (trail lists, logs, Config, GuardDuty, Detective)', /^(config|guardduty|detective):|^cloudtrail:DescribeTrails$|^logs:DescribeLogGroups$/],
    ['trails (status, selectors, Insights, log group filters)', /^cloudtrail:Get(TrailStatus|EventSelectors|InsightSelectors)$|^logs:Describe(Metric|Subscription)Filters$/],
    ['service logs (EKS, API Gateway, Security Hub, Security Lake, CloudTrail Lake)', /^(eks|apigateway|apigatewayv2|securityhub|securitylake):|^cloudtrail:(ListEventDataStores|GetEventDataStore)$/],
    ['trail buckets', /^s3:Get/],
  ];
  return groups.map(([name, pattern]) => {
    const calls = run.log.filter((c) => pattern.test(c.operation));
    const start = Math.min(...calls.map((c) => c.startedAt)) - run.origin;
    const end = Math.max(...calls.map((c) => c.finishedAt ?? c.startedAt)) - run.origin;
    return [name, calls.length, start, end];
  });
}

// A first run without latency loads the SDK clients and warms the JIT; a second one is the floor our own work sets.
await aws.setLatency(0);
const warm = await run();
const floor = await run();
await aws.setLatency(latencyMs);
const measured: Run[] = [];
for (let i = 0; i < runs; i++) measured.push(await run());
await aws.stop();

const byWall = [...measured].sort((a, b) => a.wallMs - b.wallMs);
const median = byWall[Math.floor(byWall.length / 2)];
const calls = median.log.length;
const idealMs = (calls * latencyMs) / concurrency;
const enabledRegions = account.regions.filter((r) => r.optInStatus !== 'not-opted-in').length;
const perOperation = new Map<string, number>();
for (const c of median.log) perOperation.set(c.operation, (perOperation.get(c.operation) ?? 0) + 1);
const duplicates = duplicateCalls(median.log);
const flight = inFlight(median.log, median.wallMs);

const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const rows: [string, string][] = [
  ['account', `1 account, ${enabledRegions} enabled regions, ${account.trails.length} trails, ${new Set(account.trails.map((t) => t.s3BucketName)).size} trail buckets`],
  ['latency per call', `${latencyMs} ms`],
  ['concurrency', `${concurrency} regions at a time${process.argv[3] ? '' : ' (default)'}`],
  ['wall time (median)', `${ms(median.wallMs)} (runs: ${measured.map((m) => ms(m.wallMs)).join(', ')})`],
  ['without latency', `${ms(floor.wallMs)} (first, cold run: ${ms(warm.wallMs)})`],
  ['HTTP calls', `${calls} (retries ${median.retries})`],
  ['duplicate calls', duplicates.length ? duplicates.map((d) => `${d.operation} ×${d.count} (${d.region} ${d.params})`).join('; ') : 'none'],
  ['ideal calls × latency / concurrency', ms(idealMs)],
  ['ratio wall / ideal', `${(median.wallMs / idealMs).toFixed(2)}`],
  ['calls in flight', `mean ${flight.mean.toFixed(1)}, peak ${flight.peak}`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(36)} ${v}`);
console.log('\nphases (ms from the start of the run)');
for (const [name, count, start, end] of phases(median)) {
  console.log(`  ${name.padEnd(58)} ${String(count).padStart(4)} calls  ${ms(start).padStart(9)} → ${ms(end).padStart(9)}`);
}
console.log('\ncalls by operation');
for (const [operation, count] of [...perOperation].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
  console.log(`  ${operation.padEnd(48)} ${String(count).padStart(4)}`);
}

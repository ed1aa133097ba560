// How the collection schedules its calls: independent reads inside a region run side by side, real dependencies wait,
// trails and buckets start as soon as they are seen, and one limit bounds the calls in flight. Every call is answered
// after a fixed delay and timed where the collector hands it to the SDK client.
import {beforeEach, describe, expect, it} from '@jest/globals';
import {performance} from 'node:perf_hooks';
import type {ClientFactory} from '../../src/collect/clients.js';
import {collectSnapshot} from '../../src/collect/collect.js';
import type {CollectEvent} from '../../src/collect/events.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {Snapshot} from '../../src/snapshot/types.js';
import {accessDeniedException, configuredWorld, ENABLED_REGIONS, installWorld, testFactory, type World} from './mock-aws.js';

interface TimedCall {
  /** `service:Operation`, as in the snapshot's call counts. */
  operation: string;
  /** The region of the client the call went through. */
  region: string;
  start: number;
  end: number;
}

type Send = (...args: unknown[]) => Promise<unknown>;

const SERVICE_OF_CLIENT: Record<string, string> = {
  CloudTrailClient: 'cloudtrail',
  CloudWatchLogsClient: 'logs',
  ConfigServiceClient: 'config',
  DetectiveClient: 'detective',
  EC2Client: 'ec2',
  GuardDutyClient: 'guardduty',
  IAMClient: 'iam',
  OrganizationsClient: 'organizations',
  S3Client: 's3',
  S3ControlClient: 's3control',
  STSClient: 'sts',
};

/** The factory, with every call answered `latencyMs` later and recorded with its start and end. */
function withLatency(clients: ClientFactory, latencyMs: number): {clients: ClientFactory; log: TimedCall[]} {
  const log: TimedCall[] = [];
  const delayed = new WeakSet<object>();
  const timed: ClientFactory = {
    ...clients,
    get(ctor, region) {
      const client = clients.get(ctor, region) as {send: Send};
      if (!delayed.has(client)) {
        const send = client.send.bind(client);
        const service = SERVICE_OF_CLIENT[ctor.name] ?? ctor.name;
        client.send = async (command, ...rest) => {
          const start = performance.now();
          try {
            await new Promise((resolve) => setTimeout(resolve, latencyMs));
            return await send(command, ...rest);
          } finally {
            log.push({operation: `${service}:${(command as object).constructor.name.replace(/Command$/, '')}`, region, start, end: performance.now()});
          }
        };
        delayed.add(client);
      }
      return client as never;
    },
    stats: () => clients.stats(),
    ...(clients.observe ? {observe: clients.observe.bind(clients)} : {}),
  };
  return {clients: timed, log};
}

async function collect(concurrency: number, latencyMs = 50): Promise<{snapshot: Snapshot; log: TimedCall[]; events: CollectEvent[]}> {
  const {clients, log} = withLatency(testFactory().clients, latencyMs);
  const events: CollectEvent[] = [];
  const snapshot = await collectSnapshot({clients, concurrency, listener: (e) => events.push(e)});
  validateSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected snapshot');
  return {snapshot, log, events};
}

/** The calls of one operation (in one region, when given); fails when there are none. */
function callsOf(log: TimedCall[], operation: string, region?: string): TimedCall[] {
  const calls = log.filter((c) => c.operation === operation && (region === undefined || c.region === region));
  if (calls.length === 0) throw new Error(`no ${operation} call${region ? ` in ${region}` : ''}`);
  return calls;
}

const firstEnd = (calls: TimedCall[]) => Math.min(...calls.map((c) => c.end));
const lastEnd = (calls: TimedCall[]) => Math.max(...calls.map((c) => c.end));
const firstStart = (calls: TimedCall[]) => Math.min(...calls.map((c) => c.start));
const lastStart = (calls: TimedCall[]) => Math.max(...calls.map((c) => c.start));
/** True when every call had started before any of them finished: they were all in flight together. */
const allInFlightTogether = (calls: TimedCall[]) => lastStart(calls) < firstEnd(calls);

/** The most calls in flight at once. */
function peakInFlight(log: TimedCall[]): number {
  const edges = log.flatMap((c) => [[c.start, 1] as const, [c.end, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (open += delta));
  return peak;
}

const callCounts = (log: TimedCall[]) => {
  const counts: Record<string, number> = {};
  for (const c of log) counts[`${c.region} ${c.operation}`] = (counts[`${c.region} ${c.operation}`] ?? 0) + 1;
  return counts;
};

let world: World;

beforeEach(() => {
  world = installWorld(configuredWorld());
});

describe('collection scheduling', () => {
  it('GIVEN slots to spare WHEN a region is read THEN its independent reads are in flight together, once its trail list has answered', async () => {
    const {log} = await collect(64);

    for (const region of ENABLED_REGIONS) {
      const trailList = callsOf(log, 'cloudtrail:DescribeTrails', region);
      const services = [
        'logs:DescribeLogGroups',
        'config:DescribeConfigurationRecorders',
        'config:DescribeConfigurationRecorderStatus',
        'config:DescribeDeliveryChannels',
        'config:DescribeDeliveryChannelStatus',
        'config:DescribeConfigurationAggregators',
        'guardduty:ListDetectors',
        'detective:ListGraphs',
        'detective:ListInvitations',
      ].flatMap((operation) => callsOf(log, operation, region));
      expect(services).toHaveLength(9);
      expect(allInFlightTogether(services)).toBe(true);
      // An endpoint that does not answer the trail list is not asked anything else.
      expect(firstStart(services)).toBeGreaterThanOrEqual(lastEnd(trailList));
    }
  });

  it('GIVEN a detector WHEN GuardDuty is read THEN the detector waits for the list, and its five reads wait for the detector and run together', async () => {
    const {log} = await collect(64);

    for (const region of ENABLED_REGIONS) {
      const list = callsOf(log, 'guardduty:ListDetectors', region);
      const detector = callsOf(log, 'guardduty:GetDetector', region);
      const perDetector = ['guardduty:GetAdministratorAccount', 'guardduty:ListPublishingDestinations', 'guardduty:DescribeOrganizationConfiguration', 'guardduty:ListMembers', 'guardduty:ListFindings'].flatMap(
        (operation) => callsOf(log, operation, region),
      );
      expect(firstStart(detector)).toBeGreaterThanOrEqual(lastEnd(list));
      expect(firstStart(perDetector)).toBeGreaterThanOrEqual(lastEnd(detector));
      expect(allInFlightTogether(perDetector)).toBe(true);
    }
  });

  it('GIVEN the trail log group WHEN its filters are counted THEN that waits for the log groups and for every region\'s trail list', async () => {
    const {log} = await collect(64);

    const filters = [...callsOf(log, 'logs:DescribeMetricFilters', 'us-east-1'), ...callsOf(log, 'logs:DescribeSubscriptionFilters', 'us-east-1')];
    expect(filters).toHaveLength(2);
    expect(firstStart(filters)).toBeGreaterThanOrEqual(lastEnd(callsOf(log, 'logs:DescribeLogGroups', 'us-east-1')));
    expect(firstStart(filters)).toBeGreaterThanOrEqual(lastEnd(callsOf(log, 'cloudtrail:DescribeTrails')));
    expect(allInFlightTogether(filters)).toBe(true);
  });

  it('GIVEN a trail and its bucket WHEN their names are known THEN they are read at once, while the regions are still being read', async () => {
    const {log} = await collect(64);
    const regionsDone = lastEnd(callsOf(log, 'guardduty:ListFindings'));

    const trail = ['cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors'].flatMap((operation) => callsOf(log, operation, 'us-east-1'));
    expect(trail).toHaveLength(3);
    expect(allInFlightTogether(trail)).toBe(true);
    expect(firstStart(trail)).toBeGreaterThanOrEqual(lastEnd(callsOf(log, 'cloudtrail:DescribeTrails', 'us-east-1')));
    expect(lastStart(trail)).toBeLessThan(regionsDone);

    const location = callsOf(log, 's3:GetBucketLocation');
    const bucket = [
      's3:GetObjectLockConfiguration',
      's3:GetBucketVersioning',
      's3:GetPublicAccessBlock',
      's3:GetBucketPolicy',
      's3:GetBucketPolicyStatus',
      's3:GetBucketAcl',
      's3:GetBucketEncryption',
      's3:GetBucketLifecycleConfiguration',
      's3:GetBucketLogging',
    ].flatMap((operation) => callsOf(log, operation));
    expect(location).toHaveLength(1);
    expect(bucket).toHaveLength(9);
    // The bucket is named by the first trail list that answers, not by the last.
    expect(firstStart(location)).toBeGreaterThanOrEqual(firstEnd(callsOf(log, 'cloudtrail:DescribeTrails')));
    expect(firstStart(bucket)).toBeGreaterThanOrEqual(lastEnd(location));
    expect(allInFlightTogether(bucket)).toBe(true);
    expect(lastStart(bucket)).toBeLessThan(regionsDone);
  });

  it.each([1, 3, 8])('GIVEN concurrency %i WHEN collected THEN never more calls are in flight, and the same calls are made', async (concurrency) => {
    const {log} = await collect(concurrency, 10);
    const {log: unbounded} = await collect(64, 10);

    // GetCallerIdentity comes before the limit exists, alone; everything after it shares the slots.
    expect(peakInFlight(log)).toBe(concurrency);
    expect(peakInFlight(unbounded)).toBeGreaterThan(8);
    expect(callCounts(log)).toEqual(callCounts(unbounded));
  });
});

describe('collection scheduling: progress events', () => {
  it('GIVEN reads that overlap and an error WHEN collected THEN each region\'s services and errors are reported between its region-start and region-done', async () => {
    world.config['eu-west-1']!.channels = accessDeniedException('config:DescribeDeliveryChannels');

    const {events} = await collect(8, 5);

    for (const region of ENABLED_REGIONS) {
      const index = (predicate: (e: CollectEvent) => boolean) => events.findIndex(predicate);
      const start = index((e) => e.type === 'region-start' && e.region === region);
      const done = index((e) => e.type === 'region-done' && e.region === region);
      const inside = events.flatMap((e, i) => ((e.type === 'service-start' || e.type === 'evidence-error') && e.region === region ? [i] : []));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(inside.length).toBeGreaterThan(0);
      expect(Math.min(...inside)).toBeGreaterThan(start);
      expect(Math.max(...inside)).toBeLessThan(done);
      expect(events.filter((e) => e.type === 'region-done' && e.region === region)).toHaveLength(1);
    }
    const euDone = events.find((e) => e.type === 'region-done' && e.region === 'eu-west-1');
    expect(euDone).toMatchObject({errors: [expect.objectContaining({operation: 'config:DescribeDeliveryChannels'})]});
    // The trail homed in us-east-1 is read during that region: its three pieces of evidence are counted there, as are
    // the region's Security Lake log sources and its event data store's details, and the two of WAF's CLOUDFRONT scope
    // (web ACLs, logging configurations), which only us-east-1 serves.
    const evidenceOf = (region: string) => (events.find((e) => e.type === 'region-done' && e.region === region) as {evidence: number}).evidence;
    expect(evidenceOf('us-east-1')).toBe(evidenceOf('ap-east-1') + 3 + 2 + 2 + 2);
    expect(events.at(-1)).toMatchObject({type: 'account-done'});
  });
});

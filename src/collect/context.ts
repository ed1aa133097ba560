/**
 * What every collector shares while reading one account: the clients, the interrupt signal, the progress listener,
 * the one limit on API calls in flight, and `evidence()`, which turns one read into an `Evidence<T>` — the value, a
 * "not configured" answer, an `unknown` marker, or the error recorded where it happened.
 */
import pLimit, {type LimitFunction} from 'p-limit';
import {notCollected} from '../snapshot/evidence.js';
import type {CollectionErrorRecord, Evidence, Missing, ServiceUnavailable, UnknownRecord} from '../snapshot/types.js';
import {failedOperation, RETRY_SIGNAL, type ClientFactory} from './clients.js';
import {InvalidResponseError, isNotConfigured, NotCollectedError, serviceUnavailable, toCollectionError} from './errors.js';
import {ignoreEvents, type CollectListener} from './events.js';

/** Region label for account-wide evidence (alias, organization, account public access block, buckets of unknown region). */
export const GLOBAL = 'global';

/** API calls in flight at once for one account, and regions read in parallel, unless the caller says otherwise. */
export const DEFAULT_CONCURRENCY = 8;

/** The options the collectors pass to every `send`: typed as the SDK's so that they can be passed through. */
export type SendOptions = {abortSignal?: undefined};

/** How a read sends its requests: each one waits for a free slot among the account's calls in flight. */
export interface Calls {
  /** The result of one request. */
  send<R>(request: (options: SendOptions) => Promise<R>): Promise<R>;
  /** Every item of every page; each page is one request. */
  allPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]>;
}

/** Where a request goes, so that it is not sent to an endpoint already known not to answer. */
interface Destination {
  region: string;
  service: string;
}

/** Thrown instead of sending a request to an endpoint that an earlier call found unreachable. */
class NotAttemptedError extends Error {
  constructor(readonly down: CollectionErrorRecord) {
    super('not attempted');
  }
}

export interface EvidenceOptions<T> {
  /** The value for a "not configured" answer (`null`, `[]`); without it such an answer is an error. */
  notConfigured?: T;
  /** Turns a failure into an `unknown` marker when the evidence lives outside what was audited. */
  unknown?: (error: CollectionErrorRecord) => UnknownRecord | undefined;
  /**
   * The read is the service's first in the region: a failure that shows AWS does not offer the service there (no
   * endpoint, subscription or opt-in required) is answered `{unavailable}` instead of an error.
   */
  unavailable?: boolean;
}

export interface RegionTally {
  /** Pieces of evidence recorded (values, "not configured" answers, `unknown` markers). */
  evidence: number;
  errors: CollectionErrorRecord[];
}

/** The shared state of one account's collection. */
export class AccountContext implements Calls {
  readonly tallies = new Map<string, RegionTally>();
  readonly sendOptions: SendOptions;
  /**
   * The one bound on this account's calls in flight, whichever region or service they are for: reads inside a region
   * run side by side, so this, not the number of regions, is what AWS's rate limits see. Only single requests take a
   * slot (never a read that waits for other reads), so no slot is held while waiting for another.
   */
  private readonly slots: LimitFunction;
  /**
   * Endpoints that did not answer (after retries), by `region|service`: the rest of that service's evidence in the
   * region is not attempted. Each service has its own endpoint (host name) in each region, so one service that hangs
   * or refuses says nothing about the others; they are still read.
   */
  private readonly unreachable = new Map<string, CollectionErrorRecord>();
  /** Regions where some endpoint has answered (a value or an AWS error): a host name missing there is one service missing. */
  private readonly answered = new Set<string>();

  constructor(
    readonly clients: ClientFactory,
    readonly accountId: string,
    readonly listener: CollectListener = ignoreEvents,
    readonly signal?: AbortSignal,
    callsInFlight = DEFAULT_CONCURRENCY,
  ) {
    this.sendOptions = {[RETRY_SIGNAL]: signal} as SendOptions;
    this.slots = pLimit(callsInFlight);
  }

  /** The region used for global calls. */
  get defaultRegion(): string {
    return this.clients.defaultRegion ?? process.env.AWS_REGION ?? 'us-east-1';
  }

  /** True once the run has been interrupted: no new request may start. */
  get interrupted(): boolean {
    return this.signal?.aborted === true;
  }

  /** The tally of a region (created on first use). */
  tally(region: string): RegionTally {
    let tally = this.tallies.get(region);
    if (!tally) this.tallies.set(region, (tally = {evidence: 0, errors: []}));
    return tally;
  }

  /** Emits `service-start`. */
  serviceStart(region: string, service: string): void {
    if (!this.interrupted) this.listener({type: 'service-start', accountId: this.accountId, region, service});
  }

  /** The result of one request, sent once a slot is free unless the run has been interrupted (then `NotCollectedError`). */
  send<R>(request: (options: SendOptions) => Promise<R>): Promise<R> {
    return this.callsTo(undefined).send(request);
  }

  /** Every item of every page; stops between pages when the run is interrupted. */
  allPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
    return this.callsTo(undefined).allPages(pages, items);
  }

  /** Requests to `destination` (anywhere when undefined): not sent once the run is interrupted or the endpoint is known dead. */
  private callsTo(destination: Destination | undefined): Calls {
    const inSlot = async <R>(request: () => Promise<R>): Promise<R> => {
      if (this.interrupted) throw new NotCollectedError();
      return this.slots(async () => {
        // A request may wait a while for its slot: the run may have been interrupted, or the endpoint found dead, meanwhile.
        if (this.interrupted) throw new NotCollectedError();
        const down = destination && this.downFor(destination.region, destination.service);
        if (down) throw new NotAttemptedError(down);
        try {
          const result = await request();
          if (destination) this.answered.add(destination.region);
          return result;
        } catch (err) {
          // Noted before the slot is given up, so that the requests queued behind this one already know.
          if (destination) this.noteUnreachable(destination.region, err);
          throw err;
        }
      });
    };
    return {
      send: (request) => inSlot(() => request(this.sendOptions)),
      allPages: async (pages, items) => {
        const all = [];
        const iterator = pages[Symbol.asyncIterator]();
        for (;;) {
          // Each `next()` of a paginator sends the request for one page.
          const next = await inSlot(() => iterator.next());
          if (next.done) return all;
          all.push(...(items(next.value) ?? []));
        }
      },
    };
  }

  /** Remembers a service's endpoint in a region that did not answer a call, after its retries. */
  private noteUnreachable(region: string, err: unknown): void {
    const operation = failedOperation(err);
    if (operation === undefined || region === GLOBAL) return;
    const error = toCollectionError(err, operation);
    if (error.kind !== 'Unreachable' && error.kind !== 'Timeout') {
      this.answered.add(region);
      return;
    }
    const key = `${region}|${operation.split(':')[0]}`;
    if (!this.unreachable.has(key)) this.unreachable.set(key, error);
  }

  /** Why the endpoint of `service` in `region` is considered unreachable, if it is. */
  private downFor(region: string, service: string): CollectionErrorRecord | undefined {
    return this.unreachable.get(`${region}|${service}`);
  }

  /** One piece of evidence: what `read` returns, the marker saying why it is missing, or `{unavailable}` when asked for. */
  evidence<T>(
    region: string,
    operation: string,
    read: (calls: Calls) => Promise<T>,
    options: EvidenceOptions<T> & {unavailable: true},
  ): Promise<Evidence<T> | ServiceUnavailable>;
  /** One piece of evidence: what `read` returns, or the marker saying why it is missing. */
  evidence<T>(region: string, operation: string, read: (calls: Calls) => Promise<T>, options?: EvidenceOptions<T>): Promise<Evidence<T>>;
  async evidence<T>(
    region: string,
    operation: string,
    read: (calls: Calls) => Promise<T>,
    options: EvidenceOptions<T> = {},
  ): Promise<Evidence<T> | ServiceUnavailable> {
    const tally = this.tally(region);
    if (this.interrupted) return notCollected(`interrupted before ${operation} was read`);
    const service = operation.split(':')[0]!;
    // Each call to a dead endpoint costs every retry's timeout; one such failure per service and region is enough to know.
    const down = this.downFor(region, service);
    if (down) return this.failedOrUnavailable(region, notAttempted(down, region, operation), options);
    try {
      const value = await read(this.callsTo({region, service}));
      tally.evidence++;
      return value;
    } catch (err) {
      if (err instanceof NotCollectedError) return notCollected(`interrupted before ${operation} was read`);
      if (err instanceof NotAttemptedError) return this.failedOrUnavailable(region, notAttempted(err.down, region, operation), options);
      const failed = failedOperation(err) ?? (err instanceof InvalidResponseError ? err.operation : undefined);
      // Anything that did not come out of an AWS call is a bug in trailwise: let it surface.
      if (failed === undefined) throw err;
      if ('notConfigured' in options && isNotConfigured(err, failed)) {
        tally.evidence++;
        return options.notConfigured as T;
      }
      const error = toCollectionError(err, failed);
      const unknown = options.unknown?.(error);
      if (unknown) {
        tally.evidence++;
        return {unknown};
      }
      return this.failedOrUnavailable(region, error, options);
    }
  }

  /** `{unavailable}` when the options allow it and the error says the service is not offered here; else the recorded error. */
  private failedOrUnavailable(region: string, error: CollectionErrorRecord, options: {unavailable?: boolean}): Missing | ServiceUnavailable {
    const unavailable = options.unavailable ? serviceUnavailable(error, this.answered.has(region)) : undefined;
    if (!unavailable) return this.failed(region, error);
    this.tally(region).evidence++;
    return {unavailable};
  }

  private failed(region: string, error: CollectionErrorRecord): {error: CollectionErrorRecord} {
    this.tally(region).errors.push(error);
    this.listener({type: 'evidence-error', accountId: this.accountId, region, error});
    return {error};
  }
}

/**
 * Each listed resource with one more piece of evidence read for it (`DescribeCluster` for each cluster…), side by side.
 * A resource deleted between the list and this read (the operation's NotFound answer, listed in `NOT_CONFIGURED`) is
 * dropped: there is nothing left to judge.
 */
export async function readEach<I, T>(
  c: AccountContext,
  region: string,
  operation: string,
  items: I[],
  read: (item: I, calls: Calls) => Promise<T>,
): Promise<{item: I; evidence: Evidence<T>}[]> {
  const all = await Promise.all(items.map(async (item) => ({item, evidence: await c.evidence<T | null>(region, operation, (calls) => read(item, calls), {notConfigured: null})})));
  const kept: {item: I; evidence: Evidence<T>}[] = [];
  for (const {item, evidence} of all) if (evidence !== null) kept.push({item, evidence: evidence as Evidence<T>});
  return kept;
}

/**
 * `work`, already running, to be awaited later. Until then a failure (only a bug can make it fail) must not count as
 * an unhandled rejection, which would end the process; it surfaces where the work is awaited.
 */
export function awaitedLater<T>(work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return work;
}

/** The error recorded for evidence that was not asked for because its endpoint had already failed to answer. */
function notAttempted(down: CollectionErrorRecord, region: string, operation: string): CollectionErrorRecord {
  return {
    kind: down.kind,
    ...(down.code ? {code: down.code} : {}),
    message: `not attempted: an earlier call in ${region} failed (${down.operation ?? 'unknown operation'}: ${down.message})`,
    operation,
  };
}

/**
 * An AWS response as plain JSON: dates become ISO 8601 strings, absent (`undefined`/`null`) fields and the SDK's
 * `$metadata` are dropped, so that the snapshot holds exactly what AWS said.
 */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined || field === null || key === '$metadata') continue;
      out[key] = plain(field);
    }
    return out;
  }
  return value;
}

/** Keeps only the named fields of an AWS object (for closed parts of the snapshot schema), as plain JSON. */
export function pick<K extends string>(value: object | undefined, keys: readonly K[]): Partial<Record<K, unknown>> {
  const source = (plain(value ?? {}) ?? {}) as Record<string, unknown>;
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

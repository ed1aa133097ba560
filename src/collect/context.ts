/**
 * What every collector shares while reading one account: the clients, the interrupt signal, the progress listener,
 * and `evidence()`, which turns one read into an `Evidence<T>` — the value, a "not configured" answer, an `unknown`
 * marker, or the error recorded where it happened.
 */
import {notCollected} from '../snapshot/evidence.js';
import type {CollectionErrorRecord, Evidence, UnknownRecord} from '../snapshot/types.js';
import {failedOperation, RETRY_SIGNAL, type ClientFactory} from './clients.js';
import {InvalidResponseError, isNotConfigured, NotCollectedError, toCollectionError} from './errors.js';
import {ignoreEvents, type CollectListener} from './events.js';

/** Region label for account-wide evidence (alias, organization, account public access block, buckets of unknown region). */
export const GLOBAL = 'global';

/** The options the collectors pass to every `send`: typed as the SDK's so that they can be passed through. */
export type SendOptions = {abortSignal?: undefined};

export interface EvidenceOptions<T> {
  /** The value for a "not configured" answer (`null`, `[]`); without it such an answer is an error. */
  notConfigured?: T;
  /** Turns a failure into an `unknown` marker when the evidence lives outside what was audited. */
  unknown?: (error: CollectionErrorRecord) => UnknownRecord | undefined;
}

export interface RegionTally {
  /** Pieces of evidence recorded (values, "not configured" answers, `unknown` markers). */
  evidence: number;
  errors: CollectionErrorRecord[];
}

/** The shared state of one account's collection. */
export class AccountContext {
  readonly tallies = new Map<string, RegionTally>();
  readonly sendOptions: SendOptions;
  /**
   * Endpoints that did not answer (after retries), by region, or by `region|service` when only one service's host
   * name does not exist there: the rest of their evidence is not attempted.
   */
  private readonly unreachable = new Map<string, CollectionErrorRecord>();

  constructor(
    readonly clients: ClientFactory,
    readonly accountId: string,
    readonly listener: CollectListener = ignoreEvents,
    readonly signal?: AbortSignal,
  ) {
    this.sendOptions = {[RETRY_SIGNAL]: signal} as SendOptions;
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

  /** Why a region's endpoints are considered unreachable, once one of its calls failed that way. */
  unreachableReason(region: string): CollectionErrorRecord | undefined {
    return this.unreachable.get(region);
  }

  /** Emits `service-start`. */
  serviceStart(region: string, service: string): void {
    if (!this.interrupted) this.listener({type: 'service-start', accountId: this.accountId, region, service});
  }

  /** The result of one request, sent unless the run has been interrupted (then `NotCollectedError`). */
  async send<R>(request: (options: SendOptions) => Promise<R>): Promise<R> {
    if (this.interrupted) throw new NotCollectedError();
    return request(this.sendOptions);
  }

  /** Every item of every page; stops between pages when the run is interrupted. */
  async allPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
    const all: T[] = [];
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      if (this.interrupted) throw new NotCollectedError();
      const next = await iterator.next();
      if (next.done) return all;
      all.push(...(items(next.value) ?? []));
    }
  }

  /** One piece of evidence: what `read` returns, or the marker saying why it is missing. */
  async evidence<T>(region: string, operation: string, read: () => Promise<T>, options: EvidenceOptions<T> = {}): Promise<Evidence<T>> {
    const tally = this.tally(region);
    if (this.interrupted) return notCollected(`interrupted before ${operation} was read`);
    const service = operation.split(':')[0];
    const down = this.unreachable.get(region) ?? this.unreachable.get(`${region}|${service}`);
    if (down) {
      // Each call to a dead endpoint costs every retry's timeout; one such failure per region is enough to know.
      return this.failed(region, {
        kind: down.kind,
        ...(down.code ? {code: down.code} : {}),
        message: `not attempted: an earlier call in ${region} failed (${down.operation ?? 'unknown operation'}: ${down.message})`,
        operation,
      });
    }
    try {
      const value = await read();
      tally.evidence++;
      return value;
    } catch (err) {
      if (err instanceof NotCollectedError) return notCollected(`interrupted before ${operation} was read`);
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
      if ((error.kind === 'Unreachable' || error.kind === 'Timeout') && region !== GLOBAL) {
        // A host name that does not resolve is one service missing from the region; anything else is the region.
        const dns = error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN';
        const key = dns ? `${region}|${failed.split(':')[0]}` : region;
        if (!this.unreachable.has(key)) this.unreachable.set(key, error);
      }
      return this.failed(region, error);
    }
  }

  private failed(region: string, error: CollectionErrorRecord): {error: CollectionErrorRecord} {
    this.tally(region).errors.push(error);
    this.listener({type: 'evidence-error', accountId: this.accountId, region, error});
    return {error};
  }
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

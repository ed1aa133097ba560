/**
 * Typed progress events. Collectors emit them and never print: a host decides how to show them (ink in a TTY, plain
 * lines in CI, @actions/core in the Action).
 */
import type {CollectionErrorRecord} from '../snapshot/types.js';

export type CollectEvent =
  | {type: 'audit-start'; accounts: number}
  | {type: 'account-start'; accountId: string; label?: string}
  /** The enabled regions that will be read in the account (after `--regions`). */
  | {type: 'regions-discovered'; accountId: string; regions: string[]; skipped: string[]}
  | {type: 'region-start'; accountId: string; region: string}
  /** A service is being read in a region (`cloudtrail`, `s3`, `logs`, `config`, `guardduty`, `detective`). */
  | {type: 'service-start'; accountId: string; region: string; service: string}
  /** One API call finished (after its retries). */
  | {type: 'call'; accountId: string; region: string; operation: string; retries: number; ok: boolean}
  /** A piece of evidence could not be collected; it is recorded in the snapshot as an error. */
  | {type: 'evidence-error'; accountId: string; region: string; error: CollectionErrorRecord}
  | {type: 'region-done'; accountId: string; region: string; evidence: number; errors: CollectionErrorRecord[]}
  | {type: 'account-done'; accountId: string; error?: CollectionErrorRecord; file?: string}
  | {type: 'audit-done'; accounts: number; failed: number};

export type CollectListener = (event: CollectEvent) => void;

/** A listener that ignores everything (the default). */
export const ignoreEvents: CollectListener = () => {};

/**
 * An organization's accounts as the evaluation reads them: twice, and never all at once. The first pass (`scan`) sees
 * every account in the source's order to build the organization index and the report's account list; the second
 * (`read`) takes accounts one at a time, in account id order, to normalize and evaluate each. A snapshot in memory,
 * a snapshot file too large to hold (src/snapshot/large-file.ts) and an audit directory of account files
 * (src/audit/finish.ts) are sources.
 */
import type {AccountSnapshot, Snapshot} from './types.js';

/** A snapshot without its accounts. */
export type SnapshotHeader = Omit<Snapshot, 'accounts'>;

export interface AccountSource {
  readonly header: SnapshotHeader;
  /** Every account once, in the source's order (validated). */
  scan(): AsyncIterable<AccountSnapshot>;
  /** One account by id (after `scan`). */
  read(accountId: string): Promise<AccountSnapshot>;
}

/** The accounts of a snapshot already in memory. */
export function snapshotSource(snapshot: Snapshot): AccountSource {
  const {accounts, ...header} = snapshot;
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  return {
    header,
    async *scan() {
      yield* accounts;
    },
    async read(accountId) {
      return byId.get(accountId)!;
    },
  };
}

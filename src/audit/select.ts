/**
 * Which accounts an audit reads: the organization's list, narrowed by `--accounts`/`--exclude`, without the accounts
 * that cannot be read (suspended, closed), and cut to one stable shard.
 */
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {InputError} from '../errors.js';
import type {OrgAccount, Shard, SkipReason, SkippedAccount} from './types.js';

const ACCOUNT_ID = /^\d{12}$/;

/** Parses `ID,ID,…` or `@file` (ids separated by commas, spaces or new lines; `#` starts a comment) into ids. */
export async function parseAccountList(value: string | string[], flag = '--accounts'): Promise<string[]> {
  const parts = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const part of parts) {
    let text = part;
    if (part.startsWith('@')) {
      const file = part.slice(1);
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new InputError(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
      }
      text = text.replace(/#.*$/gm, '');
    }
    for (const token of text.split(/[\s,]+/).filter(Boolean)) {
      if (!ACCOUNT_ID.test(token)) throw new InputError(`${flag}: "${token}" is not a 12-digit AWS account id`);
      ids.push(token);
    }
  }
  return [...new Set(ids)];
}

/** Parses `I/N` (1 ≤ I ≤ N) into a shard. */
export function parseShard(value: string | Shard): Shard {
  if (typeof value !== 'string') return checkShard(value, `${value.index}/${value.count}`);
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InputError(`--shard: expected I/N such as 1/4, got "${value}"`);
  return checkShard({index: Number(m[1]), count: Number(m[2])}, value);
}

function checkShard(shard: Shard, text: string): Shard {
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new InputError(`--shard: "${text}" must be I/N with 1 ≤ I ≤ N`);
  }
  return shard;
}

/**
 * The shard (1-based) an account belongs to among `count`. A hash of the id alone, so an account keeps its shard when
 * accounts join or leave the organization, and every machine of a matrix computes the same split without talking.
 */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Whether the account is in the shard. */
export function inShard(accountId: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(accountId, shard.count) === shard.index;
}

/** Why an account in this state cannot be audited, or undefined when it can. */
export function unreadableState(state: string): SkipReason | undefined {
  switch (state.toUpperCase()) {
    case 'ACTIVE':
      return undefined;
    case 'SUSPENDED':
      return 'suspended';
    case 'CLOSED':
      return 'closed';
    case 'PENDING_CLOSURE':
      return 'pending-closure';
    case 'PENDING_ACTIVATION':
      return 'pending-activation';
    default:
      // A state AWS adds later: try the account; a failure is recorded per account like any other.
      return undefined;
  }
}

export interface Selection {
  targets: OrgAccount[];
  skipped: SkippedAccount[];
  /** Accounts that would be audited but belong to another shard. */
  otherShards: number;
}

/** Splits the organization's accounts into the ones this run audits and the ones it leaves out, with the reason. */
export function selectAccounts(
  accounts: OrgAccount[],
  filter: {include?: string[]; exclude?: string[]; shard?: Shard},
): Selection {
  const include = filter.include?.length ? new Set(filter.include) : undefined;
  const exclude = new Set(filter.exclude ?? []);
  if (include) {
    const known = new Set(accounts.map((a) => a.id));
    const strangers = [...include].filter((id) => !known.has(id));
    if (strangers.length) {
      throw new InputError(`--accounts: not accounts of this organization: ${strangers.join(', ')}`);
    }
  }
  const selection: Selection = {targets: [], skipped: [], otherShards: 0};
  for (const account of [...accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    const reason: SkipReason | undefined = exclude.has(account.id)
      ? 'excluded'
      : include && !include.has(account.id)
        ? 'not-selected'
        : unreadableState(account.state);
    // An account belongs to one shard whatever its state: that shard lists it as skipped or audits it, so a merge
    // of all shards lists every account once; the other shards only count the accounts they leave to others.
    if (!inShard(account.id, filter.shard)) {
      if (!reason) selection.otherShards++;
      continue;
    }
    if (reason) selection.skipped.push({...account, reason});
    else selection.targets.push(account);
  }
  return selection;
}

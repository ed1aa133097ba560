import {readFile} from 'node:fs/promises';
import type {ValidateFunction} from 'ajv/dist/2020.js';
import {assertValid, createAjv} from '../ajv.js';
import {InputError} from '../errors.js';
import {snapshotSchema} from './schema.js';
import type {Snapshot} from './types.js';

let compiled: ValidateFunction | undefined;
let firstError: ValidateFunction | undefined;

/** The compiled snapshot validator that collects every error (compiled once per process). */
export function snapshotValidator(): ValidateFunction {
  compiled ??= createAjv({builtinPatternsOnly: true}).compile(snapshotSchema);
  return compiled;
}

/** Validates an already-parsed snapshot; throws an `InputError` that names `source` and the failing JSON pointer. */
export function validateSnapshot(value: unknown, source = 'snapshot'): Snapshot {
  // A valid snapshot (the usual case) is checked by a validator that stops at the first error, about twice as fast
  // on large organizations; only an invalid one is validated again to list all its problems.
  firstError ??= createAjv({allErrors: false, builtinPatternsOnly: true}).compile(snapshotSchema);
  if (!firstError(value)) assertValid<Snapshot>(snapshotValidator(), value, source, 'trailwise snapshot');
  const snapshot = value as Snapshot;
  // An account listed twice would be judged twice and counted twice in every score.
  const seen = new Map<string, number>();
  snapshot.accounts.forEach((account, i) => {
    const first = seen.get(account.accountId);
    if (first !== undefined) {
      throw new InputError(`${source}: not a valid trailwise snapshot:\n  at /accounts/${i}/accountId: account ${account.accountId} is already at /accounts/${first}`, source);
    }
    seen.set(account.accountId, i);
  });
  return snapshot;
}

/** Parses JSON text, turning a syntax error into an `InputError` with the file name and position. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON${jsonErrorPosition(text, err as Error)}: ${(err as Error).message}`, file);
  }
}

/** " (line L, column C)" for a JSON.parse error that gives a position. */
export function jsonErrorPosition(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** Reads, parses and validates a snapshot file. */
export async function loadSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read snapshot: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  return validateSnapshot(parseJson(text, file), file);
}

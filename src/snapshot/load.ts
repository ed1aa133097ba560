import {readFile} from 'node:fs/promises';
import type {ErrorObject, ValidateFunction} from 'ajv/dist/2020.js';
import {assertValid, describeAjvErrors} from '../ajv.js';
import {InputError} from '../errors.js';
import {defineValidator} from '../validators.js';
import {snapshotSchema} from './schema.js';
import type {AccountSnapshot, Snapshot} from './types.js';

const SNAPSHOT = 'trailwise snapshot';

/** One account of a snapshot (an item of `accounts`), with the snapshot's `$defs` its `$ref`s point at. */
const accountSchema = {
  $schema: snapshotSchema.$schema,
  $id: `${String(snapshotSchema.$id).replace(/\.json$/, '')}-account.json`,
  ...(snapshotSchema.properties as {accounts: {items: object}}).accounts.items,
  $defs: snapshotSchema.$defs,
};

/** The snapshot without its accounts: the same schema, with `accounts` checked only as an array. */
const headerSchema = {
  ...snapshotSchema,
  $id: `${String(snapshotSchema.$id).replace(/\.json$/, '')}-header.json`,
  properties: {...(snapshotSchema.properties as object), accounts: {type: 'array'}},
};

const allErrors = defineValidator('snapshot', snapshotSchema, {builtinPatternsOnly: true});
// A valid snapshot (the usual case) is checked by a validator that stops at the first error, about twice as fast on
// large organizations; only an invalid one is validated again to list all its problems.
const firstError = defineValidator('snapshot-first-error', snapshotSchema, {allErrors: false, builtinPatternsOnly: true});
const accountAllErrors = defineValidator('snapshot-account', accountSchema, {builtinPatternsOnly: true});
const accountFirstError = defineValidator('snapshot-account-first-error', accountSchema, {allErrors: false, builtinPatternsOnly: true});
const headerAllErrors = defineValidator('snapshot-header', headerSchema, {builtinPatternsOnly: true});
const headerFirstError = defineValidator('snapshot-header-first-error', headerSchema, {allErrors: false, builtinPatternsOnly: true});

/** The compiled snapshot validator that collects every error (compiled once per process). */
export function snapshotValidator(): ValidateFunction {
  return allErrors();
}

/** Validates an already-parsed snapshot; throws an `InputError` that names `source` and the failing JSON pointer. */
export function validateSnapshot(value: unknown, source = 'snapshot'): Snapshot {
  if (!firstError()(value)) assertValid<Snapshot>(allErrors(), value, source, SNAPSHOT);
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

/**
 * Validates a snapshot's top level, its accounts checked only as an array (each is then checked by
 * `validateSnapshotAccount`); throws the `InputError` `validateSnapshot` would for the same problem.
 */
export function validateSnapshotHeader(value: unknown, source = 'snapshot'): Omit<Snapshot, 'accounts'> & {accounts: unknown[]} {
  if (!headerFirstError()(value)) assertValid<Snapshot>(headerAllErrors(), value, source, SNAPSHOT);
  return value as Omit<Snapshot, 'accounts'> & {accounts: unknown[]};
}

/**
 * Validates `value` as the account at `/accounts/<index>` of a snapshot; throws the `InputError` `validateSnapshot`
 * would, with the same JSON pointers. It does not know the other accounts: finding an account listed twice is the
 * caller's.
 */
export function validateSnapshotAccount(value: unknown, index: number, source = 'snapshot'): AccountSnapshot {
  if (accountFirstError()(value)) return value as AccountSnapshot;
  const validate = accountAllErrors();
  validate(value);
  const errors = validate.errors?.map((e): ErrorObject => ({...e, instancePath: `/accounts/${index}${e.instancePath}`}));
  throw new InputError(`${source}: not a valid ${SNAPSHOT}:\n  ${describeAjvErrors(errors).join('\n  ')}`, source);
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

/**
 * Collection progress as a pure reducer over `CollectEvent`s. The ink view and the plain-line host both read this
 * state, so a TTY and a CI log tell the same story. Time is passed in, never read, so the reducer stays testable.
 */
import type {CollectEvent} from '../../collect/events.js';
import type {CollectionErrorRecord} from '../../snapshot/types.js';
import {formatDuration, plural} from './text.js';

/** A region being read now. */
export interface ActiveRegion {
  accountId: string;
  region: string;
  /** The service being read (`cloudtrail`, `s3`…), once known. */
  service?: string;
}

/** A finished region or account, or a line from the caller: the static log above the live area. */
export type ProgressLogEntry =
  | {id: number; kind: 'region'; accountId: string; region: string; evidence: number; errors: CollectionErrorRecord[]}
  | {id: number; kind: 'account'; accountId: string; regions: number; evidence: number; errors: number; error?: CollectionErrorRecord; file?: string}
  | {id: number; kind: 'notice'; text: string};

export interface AccountProgress {
  label?: string;
  /** Known once the account's regions are discovered. */
  regionsTotal?: number;
  regionsDone: number;
  evidence: number;
  errors: number;
  done: boolean;
  failed: boolean;
}

export interface ProgressState {
  startedAt: number;
  /** Announced by `audit-start`; otherwise the accounts seen so far. */
  accountsTotal?: number;
  accountOrder: string[];
  accounts: Record<string, AccountProgress>;
  active: ActiveRegion[];
  calls: number;
  failedCalls: number;
  retries: number;
  /** Evidence that could not be collected, plus accounts that could not be audited. */
  errors: number;
  log: ProgressLogEntry[];
  /** `audit-done` arrived. */
  finished: boolean;
}

/** Returns the state before any event. */
export function initialProgress(now: number): ProgressState {
  return {startedAt: now, accountOrder: [], accounts: {}, active: [], calls: 0, failedCalls: 0, retries: 0, errors: 0, log: [], finished: false};
}

function withAccount(state: ProgressState, accountId: string, change: (a: AccountProgress) => AccountProgress): ProgressState {
  const known = state.accounts[accountId];
  const current: AccountProgress = known ?? {regionsDone: 0, evidence: 0, errors: 0, done: false, failed: false};
  return {
    ...state,
    accountOrder: known ? state.accountOrder : [...state.accountOrder, accountId],
    accounts: {...state.accounts, [accountId]: change(current)},
  };
}

function log(state: ProgressState, entry: DistributiveOmit<ProgressLogEntry, 'id'>): ProgressState {
  return {...state, log: [...state.log, {...entry, id: state.log.length} as ProgressLogEntry]};
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const sameRegion = (e: {accountId: string; region: string}) => (a: ActiveRegion) => a.accountId === e.accountId && a.region === e.region;

/** Returns the state after one event (the state given is not changed). */
export function reduceProgress(state: ProgressState, event: CollectEvent): ProgressState {
  switch (event.type) {
    case 'audit-start':
      return {...state, accountsTotal: event.accounts};
    case 'account-start':
      return withAccount(state, event.accountId, (a) => ({...a, ...(event.label ? {label: event.label} : {})}));
    case 'regions-discovered':
      return withAccount(state, event.accountId, (a) => ({...a, regionsTotal: event.regions.length}));
    case 'region-start':
      if (state.active.some(sameRegion(event))) return state;
      return {...withAccount(state, event.accountId, (a) => a), active: [...state.active, {accountId: event.accountId, region: event.region}]};
    case 'service-start': {
      const known = state.active.some(sameRegion(event));
      const active = known
        ? state.active.map((a) => (sameRegion(event)(a) ? {...a, service: event.service} : a))
        : [...state.active, {accountId: event.accountId, region: event.region, service: event.service}];
      return {...state, active};
    }
    case 'call':
      return {...state, calls: state.calls + 1, failedCalls: state.failedCalls + (event.ok ? 0 : 1), retries: state.retries + event.retries};
    case 'evidence-error':
      return {...state, errors: state.errors + 1};
    case 'region-done': {
      const next = withAccount(state, event.accountId, (a) => ({
        ...a,
        regionsDone: a.regionsDone + 1,
        evidence: a.evidence + event.evidence,
        errors: a.errors + event.errors.length,
      }));
      const done = log(next, {kind: 'region', accountId: event.accountId, region: event.region, evidence: event.evidence, errors: event.errors});
      return {...done, active: state.active.filter((a) => !sameRegion(event)(a))};
    }
    case 'account-done': {
      const next = withAccount(state, event.accountId, (a) => ({...a, done: true, failed: Boolean(event.error)}));
      const a = next.accounts[event.accountId]!;
      const done = log(next, {
        kind: 'account',
        accountId: event.accountId,
        regions: a.regionsDone,
        evidence: a.evidence,
        errors: a.errors,
        ...(event.error ? {error: event.error} : {}),
        ...(event.file ? {file: event.file} : {}),
      });
      return {
        ...done,
        errors: done.errors + (event.error ? 1 : 0),
        active: done.active.filter((r) => r.accountId !== event.accountId),
      };
    }
    case 'audit-done':
      return {...state, finished: true, active: []};
  }
}

/** Returns the state with a line from the caller added to the log (e.g. where the snapshot was written). */
export function addNotice(state: ProgressState, text: string): ProgressState {
  return log(state, {kind: 'notice', text});
}

export interface ProgressTotals {
  accountsDone: number;
  accountsTotal: number;
  regionsDone: number;
  /** Regions known so far (discovered accounts only). */
  regionsKnown: number;
  /** True when every account has announced its regions, so `regionsKnown` is the real total. */
  regionsComplete: boolean;
}

/** Returns the done/total counts shown in the live area. */
export function progressTotals(state: ProgressState): ProgressTotals {
  const accounts = state.accountOrder.map((id) => state.accounts[id]!);
  const discovered = accounts.filter((a) => a.regionsTotal !== undefined);
  const accountsTotal = Math.max(state.accountsTotal ?? 0, accounts.length);
  return {
    accountsDone: accounts.filter((a) => a.done).length,
    accountsTotal,
    regionsDone: accounts.reduce((n, a) => n + a.regionsDone, 0),
    regionsKnown: discovered.reduce((n, a) => n + a.regionsTotal!, 0),
    regionsComplete: discovered.length >= accountsTotal,
  };
}

/** Returns the estimated milliseconds left, or undefined until a region has finished. */
export function estimateRemaining(state: ProgressState, now: number): number | undefined {
  const t = progressTotals(state);
  if (!t.regionsDone || state.finished) return undefined;
  const accounts = state.accountOrder.map((id) => state.accounts[id]!);
  const discovered = accounts.filter((a) => a.regionsTotal !== undefined);
  // Accounts not discovered yet are assumed to have as many regions as the average discovered one.
  const perAccount = discovered.length ? t.regionsKnown / discovered.length : 0;
  const expected = t.regionsKnown + Math.max(0, t.accountsTotal - discovered.length) * perAccount;
  const left = Math.max(0, expected - t.regionsDone);
  return ((now - state.startedAt) / t.regionsDone) * left;
}

/** Returns true when more than one account is being collected (the log then names the account on each line). */
export function isMultiAccount(state: ProgressState): boolean {
  return (state.accountsTotal ?? 0) > 1 || state.accountOrder.length > 1;
}

/** Returns the errors of a region in one short phrase: `AccessDenied on GetEventSelectors, GetInsightSelectors`. */
export function describeErrors(errors: CollectionErrorRecord[]): string {
  const byCause = new Map<string, string[]>();
  for (const e of errors) {
    // The kind reads better than the raw code (`AccessDenied`, not `AccessDeniedException`), unless it is a catch-all.
    const cause = (e.kind === 'ServiceError' || e.kind === 'InvalidResponse') && e.code ? e.code : e.kind;
    const operation = e.operation ? e.operation.slice(e.operation.indexOf(':') + 1) : undefined;
    const ops = byCause.get(cause) ?? [];
    if (operation && !ops.includes(operation)) ops.push(operation);
    byCause.set(cause, ops);
  }
  return [...byCause].map(([cause, ops]) => (ops.length ? `${cause} on ${ops.join(', ')}` : cause)).join('; ');
}

/** Returns the account as shown in the log: `111111111111 (prod)`. */
export function accountLabel(state: ProgressState, accountId: string): string {
  const label = state.accounts[accountId]?.label;
  return label && label !== accountId ? `${accountId} (${label})` : accountId;
}

/** Returns a log entry as one plain line (the CI host prints these; the ink view lays out the same facts). */
export function logLine(state: ProgressState, entry: ProgressLogEntry): string {
  switch (entry.kind) {
    case 'region': {
      const where = `${isMultiAccount(state) ? `${entry.accountId} ` : ''}${entry.region.padEnd(14)}`;
      const errors = entry.errors.length ? `  ${describeErrors(entry.errors)}` : '';
      return `${entry.errors.length ? '!' : '✓'} ${where}  ${plural(entry.evidence, 'evidence item')}${errors}`;
    }
    case 'account': {
      const who = accountLabel(state, entry.accountId);
      if (entry.error) return `✗ account ${who}: not audited: ${describeErrors([entry.error])}: ${entry.error.message}`;
      const file = entry.file ? ` → ${entry.file}` : '';
      return `■ account ${who}: ${plural(entry.regions, 'region')}, ${plural(entry.evidence, 'evidence item')}, ${plural(entry.errors, 'error')}${file}`;
    }
    case 'notice':
      return entry.text;
  }
}

/** Returns the one-line summary shown when collection ends, stops early, or is interrupted (Ctrl-C). */
export function summaryLine(state: ProgressState, now: number, interrupted = false): string {
  const t = progressTotals(state);
  const stats = `${plural(state.calls, 'call')}, ${plural(state.retries, 'retry', 'retries')}, ${plural(state.errors, 'error')} in ${formatDuration(now - state.startedAt)}`;
  const accounts = t.accountsTotal > 1 ? `${t.accountsDone}/${t.accountsTotal} accounts, ` : '';
  const complete = state.finished || (t.accountsTotal > 0 && t.accountsDone === t.accountsTotal);
  return `${interrupted ? 'Interrupted after' : complete ? 'Collected' : 'Stopped after'} ${accounts}${plural(t.regionsDone, 'region')}: ${stats}`;
}

import {EXIT_OK, InputError} from '../../errors.js';
import {MAX_TEXT_CHARS} from '../../report/escape/unicode.js';
import {terminalText} from '../../report/escape/terminal.js';
import {describeMissing, isMissing} from '../../snapshot/evidence.js';
import {loadSnapshot} from '../../snapshot/load.js';
import {normalize, SELECTOR_NAMES, type NormalizedSnapshot, type Subject} from '../../snapshot/normalize.js';
import type {Terminal} from '../terminal.js';

export interface FactsFlags {
  snapshot: string;
  account?: string;
  json?: boolean;
}

/** The normalized snapshot narrowed to one account's subjects (and its failure, if it could not be audited). */
function forAccount(normalized: NormalizedSnapshot, accountId: string): NormalizedSnapshot {
  const narrowed: Record<string, unknown> = {...normalized, failedAccounts: normalized.failedAccounts.filter((a) => a.accountId === accountId)};
  for (const name of SELECTOR_NAMES) narrowed[name] = (normalized[name] as unknown as Subject[]).filter((s) => s.accountId === accountId);
  return narrowed as unknown as NormalizedSnapshot;
}

/**
 * `trailwise facts --snapshot FILE [--account ID] [--json]`: the facts each selector gives policies, as policies see
 * them (the names to use in `given`, `when` and `then`), as JSON or as an escaped, readable listing.
 */
export async function factsCommand(flags: FactsFlags, term: Terminal): Promise<number> {
  if (flags.account !== undefined && !/^[0-9]{12}$/.test(flags.account)) {
    throw new InputError(`--account: expected a 12-digit account id, got ${JSON.stringify(terminalText(flags.account, {singleLine: true, max: 40}))}`);
  }
  const snapshot = await loadSnapshot(flags.snapshot);
  let normalized = normalize(snapshot);
  if (flags.account) {
    const ids = snapshot.accounts.map((a) => a.accountId);
    if (!ids.includes(flags.account)) throw new InputError(`--account: account ${flags.account} is not in ${flags.snapshot} (it holds ${ids.join(', ') || 'no account'})`);
    normalized = forAccount(normalized, flags.account);
  }
  term.out(flags.json ? JSON.stringify(normalized, null, 2) : factsListing(normalized));
  return EXIT_OK;
}

/** A readable listing of the normalized facts: one block per selector, one per subject, the facts indented below. */
export function factsListing(normalized: NormalizedSnapshot): string {
  const lines: string[] = [`Facts as policies see them (collected ${normalized.collectedAt}). A policy's \`given\` names a selector; its schemas name these facts.`];
  for (const name of SELECTOR_NAMES) {
    // Subjects share records (a trail is in its account's and its regions' lists): within a selector each is shown in
    // full once, then referred to.
    const shown = new WeakMap<object, string>();
    const subjects = normalized[name] as unknown as Subject[];
    lines.push('', `${name} (${subjects.length} subject${subjects.length === 1 ? '' : 's'})`);
    subjects.forEach((subject, i) => {
      lines.push(`  ${text(subject.resource)}  [account ${subject.accountId}, ${text(subject.region)}]`);
      renderFields(subject.facts as Record<string, unknown>, 4, `${name}[${i}]`, shown, lines);
    });
  }
  if (normalized.failedAccounts.length) {
    lines.push('', 'accounts not audited (every rule reports error for them)');
    for (const failed of normalized.failedAccounts) lines.push(`  ${failed.accountId}: ${text(describeMissing(failed.error))}`);
  }
  return lines.join('\n');
}

/** A name or value from the snapshot, safe on a terminal: no control characters or escape sequences, one line. */
function text(value: string): string {
  return terminalText(value, {singleLine: true, max: MAX_TEXT_CHARS});
}

/** A scalar as JSON would write it (strings quoted and escaped), a marker as what it says. */
function scalar(value: unknown): string | undefined {
  if (isMissing(value)) return `<${'error' in value ? 'error' : 'unknown'}: ${text(describeMissing(value))}>`;
  if (typeof value === 'string') return JSON.stringify(text(value));
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (!Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function renderFields(facts: Record<string, unknown>, indent: number, path: string, shown: WeakMap<object, string>, lines: string[]): void {
  for (const [key, value] of Object.entries(facts)) renderValue(`${text(key)}:`, value, indent, `${path}.${text(key)}`, shown, lines);
}

function renderValue(label: string, value: unknown, indent: number, path: string, shown: WeakMap<object, string>, lines: string[]): void {
  const pad = ' '.repeat(indent);
  const simple = scalar(value);
  if (simple !== undefined) {
    lines.push(`${pad}${label} ${simple}`);
    return;
  }
  const object = value as object;
  // Only sizeable records (a trail, a detector) are referred to; small ones read better repeated.
  const referable = !Array.isArray(object) && Object.keys(object).length >= 4;
  const seen = referable ? shown.get(object) : undefined;
  if (seen) {
    lines.push(`${pad}${label} (as in ${seen})`);
    return;
  }
  if (referable) shown.set(object, path);
  if (Array.isArray(object)) {
    lines.push(`${pad}${label}`);
    object.forEach((item, i) => renderValue(`[${i}]`, item, indent + 2, `${path}[${i}]`, shown, lines));
    return;
  }
  lines.push(`${pad}${label}`);
  renderFields(object as Record<string, unknown>, indent + 2, path, shown, lines);
}

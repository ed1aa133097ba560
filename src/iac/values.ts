/**
 * Reading attribute values of planned resources. Plans and templates are hostile input: every reader checks the type
 * and treats anything else as absent, and an `Unresolved` value passes through so the mapper can say "known after
 * apply" instead of guessing.
 */
import {Unresolved} from './model.js';

export type Maybe<T> = T | Unresolved;

export const isUnresolved = (v: unknown): v is Unresolved => v instanceof Unresolved;

/** A string, `Unresolved`, or undefined for absent/empty/wrong-typed. */
export function str(v: unknown): Maybe<string> | undefined {
  if (isUnresolved(v)) return v;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A boolean (Terraform plans sometimes hold "true"/"false" strings), `Unresolved`, or `fallback` when absent. */
export function bool(v: unknown, fallback: boolean): Maybe<boolean> {
  if (isUnresolved(v)) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return fallback;
}

/**
 * A reader of boolean facts that records the ones only known after apply in `unresolvedFacts` (the mapper turns them
 * into `unknown` evidence) and answers `fallback` for them meanwhile.
 */
export function flagReader(unresolvedFacts: Record<string, Unresolved>): (fact: string, value: unknown, fallback: boolean) => boolean {
  return (fact, value, fallback) => {
    const b = bool(value, fallback);
    if (isUnresolved(b)) {
      unresolvedFacts[fact] = b;
      return fallback;
    }
    return b;
  };
}

/** A finite number (or numeric string), `Unresolved`, or undefined. */
export function num(v: unknown): Maybe<number> | undefined {
  if (isUnresolved(v)) return v;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The items of a list attribute (a nested block), `Unresolved`, or `[]` when absent. */
export function list(v: unknown): Maybe<unknown[]> {
  if (isUnresolved(v)) return v;
  return Array.isArray(v) ? v : [];
}

/** An object attribute's value, or `{}`. */
export function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnresolved(v) ? (v as Record<string, unknown>) : {};
}

/** The first block of a nested-block list (Terraform writes single blocks as one-item lists), or `{}`. */
export function block(v: unknown): Record<string, unknown> {
  const items = list(v);
  return isUnresolved(items) ? {} : obj(items[0]);
}

/** Known strings of a string list (unknown items dropped), or `Unresolved` when the list itself is not known. */
export function strings(v: unknown): Maybe<string[]> {
  const items = list(v);
  if (isUnresolved(items)) return items;
  const bad = items.find(isUnresolved);
  if (bad) return bad as Unresolved;
  return items.filter((s): s is string => typeof s === 'string');
}

/** The first `Unresolved` found anywhere in a value, depth-first (bounded by the value's size). */
export function firstUnresolved(v: unknown): Unresolved | undefined {
  if (isUnresolved(v)) return v;
  if (Array.isArray(v)) {
    for (const item of v) {
      const u = firstUnresolved(item);
      if (u) return u;
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const item of Object.values(v)) {
      const u = firstUnresolved(item);
      if (u) return u;
    }
  }
  return undefined;
}

/** `value` with every nested `Unresolved` dropped to undefined, for pieces judged only on what is known. */
export function known<T>(v: Maybe<T> | undefined): T | undefined {
  return isUnresolved(v) ? undefined : v;
}

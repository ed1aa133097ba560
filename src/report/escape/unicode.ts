/**
 * What every output format does to text it did not write itself (account and resource names are set by whoever owns
 * the account): bidirectional controls are made visible, so a name cannot reorder the text around it ("Trojan
 * Source"), and a name is bounded, so one value cannot make a report unreadable or slow.
 */

/** The Unicode bidirectional formatting characters (UAX #9): embeddings, overrides, isolates and the marks. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Returns `text` with each bidirectional control shown as `<U+202E>` instead of acting on the text around it. */
export function revealBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** The longest name (resource, account, bucket) a human-readable report shows before cutting it with `…`. */
export const MAX_NAME_CHARS = 512;
/** The longest free text (a finding's message, an error) a human-readable report shows before cutting it. */
export const MAX_TEXT_CHARS = 2_000;

/** Returns `text` cut to at most `max` UTF-16 units, ending with `…` when cut; never splits a surrogate pair. */
export function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

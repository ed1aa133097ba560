/**
 * Escaping for HTML (an HTML report): text and quoted attribute values. Markup characters become entities, control
 * characters go, bidirectional controls are made visible.
 */
import {revealBidi} from './unicode.js';

const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;'};

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Returns `text` for an HTML text node. */
export function htmlText(text: string): string {
  return revealBidi(text).replace(CONTROLS, '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

/** Returns `text` for a quoted HTML attribute value (line breaks kept as character references). */
export function htmlAttribute(text: string): string {
  return htmlText(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/**
 * Returns `text` for the HTML report's script, which puts it in the page through `textContent` (never as markup):
 * no entities are needed there, but control characters go and bidirectional controls are made visible, as in text.
 */
export function htmlDomText(text: string): string {
  return revealBidi(text).replace(CONTROLS, '');
}

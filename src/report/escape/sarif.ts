/**
 * Escaping for SARIF plain-text messages (`message.text`, `shortDescription.text`…). SARIF gives `[text](n)` in a
 * plain-text message a meaning (an embedded link to related location n, SARIF 2.1.0 §3.11.6), escaped with a
 * backslash; the text is also stripped of control characters and its bidirectional controls are made visible.
 * SARIF `markdown` fields use `markdown.ts`.
 */
import {terminalText} from './terminal.js';

/** Returns `text` for a SARIF plain-text message: no embedded links, controls or escape sequences. */
export function sarifText(text: string): string {
  return terminalText(text).replace(/[\\[\]]/g, '\\$&');
}

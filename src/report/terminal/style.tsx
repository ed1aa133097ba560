/**
 * Colour for the terminal report. ink's own `color` props go through chalk, which decides by itself whether the
 * stream supports colour; trailwise decides once (TTY, NO_COLOR, --no-color) and every component asks this context,
 * so that `color: false` can never leak an escape code into a pipe or a file.
 */
import {createContext, useContext, type ReactNode} from 'react';
import {Transform} from 'ink';
import type {Severity} from '../../evaluate/policy.js';
import type {Status} from '../../evaluate/types.js';

export type Hue = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';

const FOREGROUND: Record<Hue, number> = {red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90};

export interface Look {
  color?: Hue;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

const ColorContext = createContext(false);

/** Turns colour on or off for everything below it. */
export function ColorScope({color, children}: {color: boolean; children: ReactNode}) {
  return <ColorContext.Provider value={color}>{children}</ColorContext.Provider>;
}

/** Returns whether colour is on here. */
export function useColor(): boolean {
  return useContext(ColorContext);
}

/** Returns `text` wrapped in SGR codes for `look`. */
export function sgr(text: string, look: Look): string {
  let open = '';
  let close = '';
  if (look.color) {
    open += `\u001b[${FOREGROUND[look.color]}m`;
    close = `\u001b[39m${close}`;
  }
  if (look.bold || look.dim) {
    open += look.bold ? '\u001b[1m' : '\u001b[2m';
    close = `\u001b[22m${close}`;
  }
  if (look.inverse) {
    open += '\u001b[7m';
    close = `\u001b[27m${close}`;
  }
  return open ? `${open}${text}${close}` : text;
}

/** Styled text inside an ink `<Text>`; plain text when colour is off. */
export function Paint({children, ...look}: Look & {children: ReactNode}) {
  const color = useColor();
  if (!color || (!look.color && !look.bold && !look.dim && !look.inverse)) return <>{children}</>;
  return <Transform transform={(text) => sgr(text, look)}>{children}</Transform>;
}

export const SEVERITY_HUE: Record<Severity, Hue> = {critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue'};

export const STATUS_HUE: Record<Status, Hue> = {
  fail: 'red',
  error: 'magenta',
  unknown: 'yellow',
  pass: 'green',
  suppressed: 'gray',
  not_applicable: 'gray',
};

export type Band = 'good' | 'fair' | 'poor' | 'none';

/** Returns the band of a 0–100 score: good from 90, fair from 70, poor below; `none` when there is no score. */
export function scoreBand(score: number | null): Band {
  if (score === null) return 'none';
  if (score >= 90) return 'good';
  return score >= 70 ? 'fair' : 'poor';
}

export const BAND_HUE: Record<Band, Hue> = {good: 'green', fair: 'yellow', poor: 'red', none: 'gray'};

/**
 * The terminal report (ink). Callers get plain functions; React stays inside `src/report/terminal/`.
 * - `formatText`: the whole report as text, rendered once (pipes, files, CI logs, `--format text`).
 * - `exploreReport`: the interactive report in a TTY.
 * - `createProgressHost`: the collection progress view (ink live view, or plain lines).
 */
import {stripVTControlCharacters} from 'node:util';
import {renderToString} from 'ink';
import type {FormatOptions, Report} from '../report.js';
import {ReportView} from './components/ReportView.js';
import {runExplorer, type ExploreIO} from './hosts.js';
import {ColorScope} from './style.js';
import {terminalTextDeep} from '../escape/terminal.js';
import {bound, MAX_NAME_CHARS, MAX_TEXT_CHARS} from '../escape/unicode.js';
import {layoutWidth, trimLineEnds} from './text.js';

export {createProgressHost, type ProgressHost, type ProgressHostOptions} from './hosts.js';

export interface TerminalOptions extends FormatOptions {
  /** Colours on (TTY and not NO_COLOR / --no-color). Off when omitted, and always off when NO_COLOR is set. */
  color?: boolean;
  /** Columns; minimum 80. `exploreReport` follows the terminal as it is resized when this is omitted. */
  width?: number;
  /** Rows listed per section before "N more". */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 10;

/** Returns true when the NO_COLOR convention (no-color.org) asks for no colour: set and not empty. */
function noColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NO_COLOR);
}

/** Returns whether the interactive views may be used: both streams are TTYs, `CI` is not set and `TERM` is not `dumb`. */
function interactiveFor(stdin: {isTTY?: boolean}, stdout: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
  return stdin.isTTY === true && stdout.isTTY === true && !(env.CI && env.CI !== 'false') && env.TERM !== 'dumb';
}

/**
 * The report as the terminal shows it: every string escaped (`escape/terminal.ts`) and bounded, names to
 * `MAX_NAME_CHARS`, so that one hostile or huge value can neither drive the terminal nor make the layout slow.
 */
function forTerminal(report: Report): Report {
  const safe = terminalTextDeep(report, MAX_TEXT_CHARS);
  const name = (text: string) => bound(text, MAX_NAME_CHARS);
  return {
    ...safe,
    snapshot: {
      ...safe.snapshot,
      accounts: safe.snapshot.accounts.map((a) => ({
        ...a,
        accountId: name(a.accountId),
        ...(a.name === undefined ? {} : {name: name(a.name)}),
        ...(a.alias === undefined ? {} : {alias: name(a.alias)}),
      })),
    },
    findings: safe.findings.map((f) => ({...f, accountId: name(f.accountId), region: name(f.region), resource: name(f.resource)})),
  };
}

/** The whole report as text, rendered once (pipes, files, CI logs, `--format text`); escape codes only when `color`. */
export function formatText(report: Report, options: TerminalOptions = {}): string {
  const color = options.color === true && !noColorRequested();
  const width = layoutWidth(options.width);
  const text = renderToString(
    <ColorScope color={color}>
      <ReportView
        report={forTerminal(report)}
        width={width}
        maxRows={options.maxRows ?? DEFAULT_MAX_ROWS}
        {...(options.maxFindings === undefined ? {} : {maxFindings: options.maxFindings})}
        {...(options.baseline ? {baseline: options.baseline} : {})}
      />
    </ColorScope>,
    {columns: width},
  );
  // Belt and braces: whatever a component did, uncoloured output carries no escape code at all.
  const plain = color ? text : stripVTControlCharacters(text);
  return `${trimLineEnds(plain)}\n`;
}

/**
 * Shows the report interactively (↑/↓, Enter, f, q) and resolves when the user quits. Without a TTY on both ends,
 * or with `CI` set, it prints `formatText` instead.
 */
export async function exploreReport(report: Report, options: TerminalOptions = {}, io: ExploreIO = {}): Promise<void> {
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  if (!interactiveFor(stdin, stdout)) {
    stdout.write(formatText(report, {...options, width: options.width ?? stdout.columns}));
    return;
  }
  await runExplorer(
    forTerminal(report),
    {
      color: options.color === true && !noColorRequested(),
      ...(options.width ? {width: options.width} : {}),
      ...(options.baseline ? {baseline: options.baseline} : {}),
    },
    {stdin, stdout},
  );
}

/**
 * What the CLI knows about where it writes: whether a person is watching (TTY, not CI), colours, width. Reports go to
 * stdout; progress and one-line summaries go to stderr, so `--format json > report.json` stays clean.
 */
export interface Terminal {
  interactive: boolean;
  color: boolean;
  columns: number;
  /** Where live progress goes (stderr for a real terminal). */
  progress: NodeJS.WriteStream;
  out(text: string): void;
  info(text: string): void;
  error(text: string): void;
}

/** The real terminal, from the process's streams and environment (`NO_COLOR`, `CI`, `TERM=dumb`, `--no-color`). */
export function processTerminal(options: {noColor?: boolean} = {}): Terminal {
  const tty = process.stdout.isTTY === true;
  const ci = !!process.env.CI && process.env.CI !== 'false';
  // TERM=dumb (Emacs shells, some CI consoles) cannot move the cursor: print the plain report, no escape codes.
  const dumb = process.env.TERM === 'dumb';
  const noColor = options.noColor || 'NO_COLOR' in process.env || !tty || dumb;
  return {
    interactive: tty && process.stdin.isTTY === true && !ci && !dumb,
    color: !noColor,
    columns: Math.max(80, process.stdout.columns ?? 100),
    progress: process.stderr,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    info: (text) => process.stderr.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
  };
}

/**
 * The terminal report (ink). STUB: the terminal-report engineer replaces this file; the exports are the contract.
 */
import type {CollectListener} from '../../collect/events.js';
import type {Report} from '../report.js';

export interface TerminalOptions {
  /** Colours on (TTY and not NO_COLOR / --no-color). */
  color: boolean;
  /** Columns; minimum 80. */
  width?: number;
  /** Rows listed per section before "N more". */
  maxRows?: number;
}

/** The whole report as text, rendered once (pipes, files, CI logs, `--format text`); escape codes only when `color`. */
export function formatText(report: Report, options: TerminalOptions = {color: false}): string {
  const s = report.score;
  return `trailwise: score ${s.overall} (SEC04 ${s.sec04}, COST ${s.cost}), coverage ${s.coverage}%, ${report.counts.byStatus.fail} failing findings (${options.width ?? 80} cols)\n`;
}

/** Shows the report interactively (↑/↓, Enter, f, q) and resolves when the user quits. */
export async function exploreReport(report: Report, options: TerminalOptions): Promise<void> {
  process.stdout.write(formatText(report, options));
}

export interface ProgressHost {
  listener: CollectListener;
  /** Stops the live view, leaving the static log on screen. */
  stop(): Promise<void>;
}

/** A live progress view for collection events: ink in a TTY, plain lines otherwise. */
export function createProgressHost(options: {interactive: boolean; color: boolean; stream?: NodeJS.WriteStream}): ProgressHost {
  const stream = options.stream ?? process.stderr;
  return {
    listener: (e) => {
      if (e.type === 'region-done') stream.write(`${e.accountId} ${e.region}: ${e.evidence} evidence, ${e.errors.length} errors\n`);
    },
    stop: async () => {},
  };
}

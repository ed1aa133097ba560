import {createProgressHost, type ProgressHost} from '../report/terminal/index.js';
import type {Terminal} from './terminal.js';

/**
 * Runs `work` with a live progress view, and turns Ctrl-C into an abort signal: the first Ctrl-C says `notice` and
 * lets the work finish what it can (it keeps what was collected), instead of killing the process.
 */
export async function withProgress<T>(term: Terminal, notice: string, work: (host: ProgressHost, signal: AbortSignal) => Promise<T>): Promise<T> {
  const host = createProgressHost({interactive: term.interactive, color: term.color, stream: term.progress});
  const abort = new AbortController();
  const onSigint = () => {
    // Through the host: the live view owns stderr while it draws.
    if (host.notice) host.notice(notice);
    else term.info(notice);
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    return await work(host, abort.signal);
  } finally {
    process.off('SIGINT', onSigint);
    await host.stop({interrupted: abort.signal.aborted});
  }
}

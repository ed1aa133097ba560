import {Writable} from 'node:stream';
import type {Terminal} from '../../src/cli/terminal.js';

/** A terminal that records what the CLI writes, for in-process CLI tests. */
export function fakeTerminal(): Terminal & {stdout: string; stderr: string} {
  const term = {
    interactive: false,
    color: false,
    columns: 100,
    stdout: '',
    stderr: '',
    // Progress lines land in `stderr` too, so tests can read them and the test runner's output stays clean.
    progress: new Writable({
      write(chunk, _encoding, done) {
        term.stderr += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream,
    out(text: string) {
      term.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    info(text: string) {
      term.stderr += `${text}\n`;
    },
    error(text: string) {
      term.stderr += `${text}\n`;
    },
  };
  return term;
}

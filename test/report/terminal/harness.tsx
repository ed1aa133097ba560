// Rendering helpers for the terminal component tests: a fixed-width string render, and an interactive render with
// a fake TTY whose width is chosen (ink-testing-library's stdout is always 100 columns wide).
import {EventEmitter} from 'node:events';
import type {ReactNode} from 'react';
import {render, renderToString} from 'ink';
import {ColorScope} from '../../../src/report/terminal/style.js';

/** Renders `node` once at `columns`, colours off unless asked. */
export function renderAt(node: ReactNode, columns: number, color = false): string {
  return renderToString(<ColorScope color={color}>{node}</ColorScope>, {columns});
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  /** Sends keys as a terminal would (arrows are escape sequences). */
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export const KEYS = {up: '\u001b[A', down: '\u001b[B', right: '\u001b[C', left: '\u001b[D', enter: '\r', escape: '\u001b'};

/** Lets ink handle pending input and render. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * Waits until ink has drawn what a key press changes: at least one settle, then until no new frame has come for one
 * more (at most 2 s). A fixed pause alone is too short on a loaded machine, and the next key would be read early.
 */
async function quiet(stdout: {frames: string[]}): Promise<void> {
  await settle();
  const deadline = Date.now() + 2000;
  for (let seen = stdout.frames.length; Date.now() < deadline; seen = stdout.frames.length) {
    await settle();
    if (stdout.frames.length === seen) return;
  }
}

/** Mounts `node` on a fake TTY of the given size; `lastFrame()` is the latest full frame. */
export function renderInteractive(node: ReactNode, {columns, rows = 40, color = false}: {columns: number; rows?: number; color?: boolean}) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(<ColorScope color={color}>{node}</ColorScope>, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdin,
    stdout,
    lastFrame: () => stdout.frames.at(-1) ?? '',
    unmount: instance.unmount,
    waitUntilExit: instance.waitUntilExit,
    /** Sends keys one at a time, letting ink render after each. */
    async press(...keys: string[]) {
      for (const key of keys) {
        stdin.write(key);
        await quiet(stdout);
      }
    },
  };
}

export {FakeStdout};

/** Returns the widest line of `text`, in characters (everything the report draws is one column wide). */
export function widest(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => [...line].length));
}

/** Returns the line of `text` that contains `needle` (throws when none does, so a test fails with the text). */
export function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  if (line === undefined) throw new Error(`no line contains ${JSON.stringify(needle)} in:\n${text}`);
  return line;
}

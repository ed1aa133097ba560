/**
 * The hosts that show collection progress and the interactive report: ink in a TTY, plain lines otherwise. Both
 * progress hosts read the same reducer state, so they report the same facts.
 */
import {useEffect, useState, useSyncExternalStore} from 'react';
import {render, useStdout} from 'ink';
import type {CollectEvent, CollectListener} from '../../collect/events.js';
import type {Baseline, Report} from '../report.js';
import {Explorer} from './components/Explorer.js';
import {ProgressView} from './components/ProgressView.js';
import {accountLabel, addNotice, initialProgress, logLine, reduceProgress, summaryLine, type ProgressState} from './progress.js';
import {ColorScope} from './style.js';
import {layoutWidth, plural} from './text.js';

export interface ProgressHost {
  listener: CollectListener;
  /** Stops the live view, leaving the static log and a summary line on screen (`interrupted`: it says so). */
  stop(options?: {interrupted?: boolean}): Promise<void>;
  /** Prints a line for the user (e.g. where the snapshot was written): in the log while live, after it once stopped. */
  notice?(text: string): void;
}

export interface ProgressHostOptions {
  interactive: boolean;
  color: boolean;
  stream?: NodeJS.WriteStream;
  /** Milliseconds since the epoch (tests pass a fixed clock). */
  clock?: () => number;
}

/** Returns the terminal's size, following resizes: columns (at least 80) and rows; fixed values win. */
export function useTerminalSize(fixed: {width?: number; height?: number} = {}): {width: number; height: number} {
  const {stdout} = useStdout();
  const read = () => ({columns: stdout.columns, rows: stdout.rows});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize({columns: stdout.columns, rows: stdout.rows});
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return {width: layoutWidth(fixed.width ?? size.columns), height: fixed.height ?? size.rows ?? 24};
}

interface ProgressStore {
  get(): {state: ProgressState; stopped: boolean; interrupted: boolean};
  subscribe(onChange: () => void): () => void;
}

function LiveProgress({store, clock}: {store: ProgressStore; clock: () => number}) {
  const {state, stopped, interrupted} = useSyncExternalStore(store.subscribe, store.get);
  const {width} = useTerminalSize();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (stopped) return;
    // One timer drives both the spinner and the elapsed time; unmounting clears it.
    const timer = setInterval(() => setFrame((f) => f + 1), 100);
    return () => clearInterval(timer);
  }, [stopped]);
  return <ProgressView state={state} now={clock()} width={width} frame={frame} stopped={stopped} interrupted={interrupted} />;
}

function createInkProgressHost(stream: NodeJS.WriteStream, color: boolean, clock: () => number): ProgressHost {
  let snapshot = {state: initialProgress(clock()), stopped: false, interrupted: false};
  const subscribers = new Set<() => void>();
  const store: ProgressStore = {
    get: () => snapshot,
    subscribe(onChange) {
      subscribers.add(onChange);
      return () => subscribers.delete(onChange);
    },
  };
  const update = (next: typeof snapshot) => {
    snapshot = next;
    for (const s of subscribers) s();
  };
  // Ctrl-C belongs to the CLI (it aborts collection and writes the partial snapshot), so ink must not take it.
  const instance = render(
    <ColorScope color={color}>
      <LiveProgress store={store} clock={clock} />
    </ColorScope>,
    {stdout: stream, exitOnCtrlC: false, patchConsole: false},
  );
  let stopped = false;
  return {
    listener: (event) => update({...snapshot, state: reduceProgress(snapshot.state, event)}),
    notice(text) {
      if (stopped) stream.write(`${text}\n`);
      else update({...snapshot, state: addNotice(snapshot.state, text)});
    },
    async stop(options) {
      if (stopped) return;
      stopped = true;
      update({...snapshot, stopped: true, interrupted: options?.interrupted === true});
      // React 19 commits store updates in a microtask: let the last notice and the summary reach the screen first.
      await new Promise((resolve) => setImmediate(resolve));
      // ink creates the exit promise on the first waitUntilExit(); asked after unmount() it would never settle.
      const exited = instance.waitUntilExit();
      instance.unmount();
      await exited;
    },
  };
}

function startLine(state: ProgressState, event: CollectEvent): string | undefined {
  if (event.type === 'audit-start') return `Auditing ${plural(event.accounts, 'account')}`;
  if (event.type === 'regions-discovered') {
    const skipped = event.skipped.length ? ` (${event.skipped.length} skipped)` : '';
    return `Reading ${plural(event.regions.length, 'region')} in account ${accountLabel(state, event.accountId)}${skipped}`;
  }
  return undefined;
}

function createPlainProgressHost(stream: NodeJS.WriteStream, clock: () => number): ProgressHost {
  let state = initialProgress(clock());
  let printed = 0;
  let summarized = false;
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    listener(event) {
      state = reduceProgress(state, event);
      const start = startLine(state, event);
      if (start) write(start);
      for (; printed < state.log.length; printed++) write(logLine(state, state.log[printed]!));
      if (event.type === 'audit-done') {
        summarized = true;
        write(summaryLine(state, clock()));
      }
    },
    notice: write,
    async stop(options) {
      if (summarized) return;
      summarized = true;
      write(summaryLine(state, clock(), options?.interrupted));
    },
  };
}

/**
 * Returns a progress host: the ink live view when interactive and the stream is a TTY, plain lines (no escape codes)
 * otherwise. Progress goes to stderr, which can be redirected while stdout is still a terminal.
 */
export function createProgressHost(options: ProgressHostOptions): ProgressHost {
  const stream = options.stream ?? process.stderr;
  const clock = options.clock ?? Date.now;
  return options.interactive && stream.isTTY ? createInkProgressHost(stream, options.color, clock) : createPlainProgressHost(stream, clock);
}

function ExplorerApp({report, width, height, baseline}: {report: Report; width?: number; height?: number; baseline?: Baseline}) {
  const size = useTerminalSize({...(width ? {width} : {}), ...(height ? {height} : {})});
  // ink redraws in place only while the frame is shorter than the terminal; a frame of `rows` lines or more makes it
  // clear the screen and the scrollback on every key. One row stays free for the cursor.
  return <Explorer report={report} width={size.width} height={Math.max(1, size.height - 1)} {...(baseline ? {baseline} : {})} />;
}

export interface ExploreIO {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Mounts the interactive report and resolves when the user quits. */
export async function runExplorer(report: Report, options: {color: boolean; width?: number; height?: number; baseline?: Baseline}, io: ExploreIO = {}): Promise<void> {
  const instance = render(
    <ColorScope color={options.color}>
      <ExplorerApp report={report} {...(options.width ? {width: options.width} : {})} {...(options.height ? {height: options.height} : {})} {...(options.baseline ? {baseline: options.baseline} : {})} />
    </ColorScope>,
    {stdout: io.stdout ?? process.stdout, stdin: io.stdin ?? process.stdin, patchConsole: false},
  );
  await instance.waitUntilExit();
}

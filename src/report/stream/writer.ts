/**
 * The core of the streamed report formats: findings go to a writable stream one at a time, with backpressure, so no
 * report ever has to exist as one string (an organization's JSON report outgrows what a JavaScript string can hold).
 * A format is a `FindingWriter`: `begin` writes what comes before the findings, `write` one finding, `end` what comes
 * after. JSON, SARIF and JSON Lines are built on it here; other line- or array-shaped formats (OCSF or ASFF as JSON
 * Lines, CSV) need only the three methods.
 */
import {once} from 'node:events';
import {randomBytes} from 'node:crypto';
import type {Writable} from 'node:stream';
import type {Finding} from '../../evaluate/types.js';
import {allFindings, type Report} from '../report.js';

/** Everything in a report but its findings: what a writer needs before and after them. */
export type ReportFrame = Omit<Report, 'findings' | 'spilled'>;

/** A report format that is written as the findings are produced. */
export interface FindingWriter {
  /** Writes what precedes the findings. */
  begin(frame: ReportFrame): Promise<void>;
  /** Writes one finding (findings arrive in report order: worst first). */
  write(finding: Finding): Promise<void>;
  /** Writes what follows the findings; the frame may have changed since `begin` (a gate decided at the end). */
  end(frame: ReportFrame): Promise<void>;
}

/**
 * Bytes gathered before they are handed to the stream. Text is encoded into the chunk as it comes (no joined string,
 * no Buffer per write), and a chunk is written whole: one write per finding would cost more than the formatting.
 */
const CHUNK_BYTES = 1 << 18;

/** How far formatting may run ahead of the stream by default: a few chunks, so the disk and the CPU both keep busy. */
const AHEAD_BYTES = 4 * CHUNK_BYTES;

// UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** What `write` returns when the stream can take more: one settled promise, not one per call. */
export const WRITTEN: Promise<void> = Promise.resolve();

export interface TextSinkOptions {
  /**
   * How many bytes may be handed to the stream and not yet written before `write` waits (default 1 MiB). The
   * stream's own high-water mark (16 KiB for a file) would stop the formatting at every chunk until the disk caught up.
   */
  aheadBytes?: number;
}

/** Text written to a stream in order, in chunks, waiting whenever the stream is behind (backpressure). */
export class TextSink {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private failure?: Error;
  private readonly aheadBytes: number;
  /** Bytes handed to the stream whose write has not completed. */
  private inFlight = 0;
  /** Settles when the stream has caught up; while it is behind, every write returns it, so no caller misses the wait. */
  private behind?: {promise: Promise<void>; resolve: () => void; reject: (err: Error) => void};

  constructor(
    private readonly out: Writable,
    options: TextSinkOptions = {},
  ) {
    this.aheadBytes = options.aheadBytes ?? AHEAD_BYTES;
    // A stream that fails before anyone waits on it (a file that cannot be opened) must not crash the process.
    out.on('error', (err: Error) => this.fail(err));
  }

  /** Queues text; resolves once the stream can take more. */
  write(text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (text.length * MAX_UTF8_BYTES_PER_UNIT > this.chunk.length - this.used) {
      this.handOver();
      // Text larger than a chunk (the frame of a report with many rules) goes to the stream as it is.
      if (text.length * MAX_UTF8_BYTES_PER_UNIT > this.chunk.length) return this.send(Buffer.from(text, 'utf8'));
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
    return this.behind?.promise ?? WRITTEN;
  }

  /** Hands the queued text to the stream; resolves once the stream can take more. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.handOver();
  }

  /** Flushes and ends the stream; resolves when everything is written (rejects with the stream's error). */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    if (this.failure) throw this.failure;
    if (!this.out.writableFinished) await once(this.out, 'finish');
  }

  private handOver(): Promise<void> {
    if (!this.used) return this.behind?.promise ?? WRITTEN;
    // The stream keeps the bytes it is given until they are written, so the next text goes into a new chunk.
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return this.send(full);
  }

  private send(bytes: Buffer): Promise<void> {
    const size = bytes.length;
    this.inFlight += size;
    this.out.write(bytes, (err) => {
      this.inFlight -= size;
      if (err) this.fail(err);
      else if (this.behind && this.inFlight <= this.aheadBytes) {
        this.behind.resolve();
        this.behind = undefined;
      }
    });
    if (this.inFlight > this.aheadBytes && !this.behind) {
      let resolve!: () => void;
      let reject!: (err: Error) => void;
      const promise = new Promise<void>((ok, ko) => {
        resolve = ok;
        reject = ko;
      });
      // The failure also reaches the next write or `close`: a caller that stopped waiting must not crash the process.
      promise.catch(() => {});
      this.behind = {promise, resolve, reject};
    }
    return this.behind?.promise ?? WRITTEN;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.behind?.reject(this.failure);
    this.behind = undefined;
  }
}

/** Items serialized in one `JSON.stringify` call: enough to amortize the call, few enough to stay a small string. */
const BATCH_ITEMS = 64;

/**
 * A pretty-printed JSON document (`JSON.stringify(document, null, 2)`, byte for byte) one of whose arrays is written
 * item by item. The document is serialized with a one-off marker in place of that array and split there, so the text
 * around the array is exactly what `JSON.stringify` makes of it. Items are serialized by `JSON.stringify` too, a batch
 * at a time, nested in arrays so deep that they come out at the indentation they have in place: the text between the
 * wrapping brackets is the array's text as it is, with no re-indenting. (An item with a `toJSON` method would see its
 * index as the key rather than its place in the document; report items are plain data.)
 */
export class StreamedJsonArray {
  private readonly marker = `trailwise-stream-${randomBytes(12).toString('hex')}`;
  private indent = '';
  private count = 0;
  /** The items not written yet, after a leading 0 (see `writePending`). */
  private pending: unknown[] = [0];
  /** How many arrays wrap a batch, and where the batch's text starts and ends in their serialization. */
  private depth = 0;
  private head = 0;
  private tail = 0;

  constructor(private readonly sink: TextSink) {}

  /** `place(marker)` returns the document with the marker where the array goes; the text before it is written. */
  begin(place: (marker: string) => unknown): Promise<void> {
    const [before] = this.split(place);
    this.indent = /(?:^|\n)( *)[^\n]*$/.exec(before)![1]!;
    // Each array level indents its items by two more spaces; the items sit two deeper than the array's line.
    this.depth = this.indent.length / 2;
    // A batch is serialized after a leading 0 (so the text from there on starts with the separator `,\n` + indent).
    const probe = JSON.stringify(this.wrap([0]), null, 2);
    this.head = probe.indexOf('0');
    this.tail = probe.length - this.head - 1;
    return this.sink.write(`${before}[`);
  }

  /** Writes one array item (in batches: the returned promise settles when the stream can take more). */
  write(item: unknown): Promise<void> {
    this.pending.push(item);
    return this.pending.length > BATCH_ITEMS ? this.writePending() : WRITTEN;
  }

  /** Closes the array and writes the rest of the document (serialized again: what follows may have changed). */
  async end(place: (marker: string) => unknown): Promise<void> {
    await this.writePending();
    const [, after] = this.split(place);
    await this.sink.write(`${this.count ? `\n${this.indent}` : ''}]${after}\n`);
  }

  private writePending(): Promise<void> {
    if (this.pending.length === 1) return WRITTEN;
    const batch = this.pending;
    this.pending = [0];
    const text = JSON.stringify(this.wrap(batch), null, 2);
    // From the 0: `0,\n<indent>item,…` — the first item of the array starts after the comma, the others at it.
    const from = this.head + (this.count ? 1 : 2);
    this.count += batch.length - 1;
    return this.sink.write(text.slice(from, text.length - this.tail));
  }

  private wrap(items: unknown[]): unknown {
    let value: unknown = items;
    for (let i = 0; i < this.depth; i++) value = [value];
    return value;
  }

  private split(place: (marker: string) => unknown): [string, string] {
    const text = JSON.stringify(place(this.marker), null, 2);
    const quoted = JSON.stringify(this.marker);
    const at = text.indexOf(quoted);
    if (at === -1 || text.indexOf(quoted, at + 1) !== -1) throw new Error('streamed JSON: the array marker must appear exactly once');
    return [text.slice(0, at), text.slice(at + quoted.length)];
  }
}

/** The JSON report (`formatJson`, byte for byte), findings written as they come. */
export class JsonReportWriter implements FindingWriter {
  private readonly array: StreamedJsonArray;

  constructor(sink: TextSink) {
    this.array = new StreamedJsonArray(sink);
  }

  begin(frame: ReportFrame): Promise<void> {
    return this.array.begin((marker) => withFindings(frame, marker));
  }

  write(finding: Finding): Promise<void> {
    return this.array.write(finding);
  }

  end(frame: ReportFrame): Promise<void> {
    return this.array.end((marker) => withFindings(frame, marker));
  }
}

/** The frame with `findings` in its place in the report's key order (after `rules`), holding the marker. */
function withFindings(frame: ReportFrame, marker: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(frame)) {
    out[key] = value;
    if (key === 'rules') out.findings = marker;
  }
  if (!('findings' in out)) out.findings = marker;
  return out;
}

/** Findings as JSON Lines: one finding per line, nothing around them (for `jq`, a data lake, `split`). */
export class JsonLinesWriter implements FindingWriter {
  constructor(private readonly sink: TextSink) {}

  async begin(): Promise<void> {}

  write(finding: Finding): Promise<void> {
    // JSON.stringify escapes every control character, so a line break inside a value cannot split a record.
    return this.sink.write(`${JSON.stringify(finding)}\n`);
  }

  async end(): Promise<void> {}
}

/** Writes a finished report through a writer: frame, every finding in order (those on disk too), frame. */
export async function writeReportThrough(writer: FindingWriter, report: Report): Promise<void> {
  const {findings, spilled, ...frame} = report;
  await writer.begin(frame);
  for (const finding of allFindings({findings, spilled})) await writer.write(finding);
  await writer.end(frame);
}

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
import type {Report} from '../report.js';

/** Everything in a report but its findings: what a writer needs before and after them. */
export type ReportFrame = Omit<Report, 'findings'>;

/** A report format that is written as the findings are produced. */
export interface FindingWriter {
  /** Writes what precedes the findings. */
  begin(frame: ReportFrame): Promise<void>;
  /** Writes one finding (findings arrive in report order: worst first). */
  write(finding: Finding): Promise<void>;
  /** Writes what follows the findings; the frame may have changed since `begin` (a gate decided at the end). */
  end(frame: ReportFrame): Promise<void>;
}

/** Chunks of this size are handed to the stream: one write per finding would cost more than the formatting. */
const CHUNK_CHARS = 1 << 16;

/** Text written to a stream in order, in chunks, waiting whenever the stream asks to (backpressure). */
export class TextSink {
  private parts: string[] = [];
  private size = 0;
  private failure?: Error;

  constructor(private readonly out: Writable) {
    // A stream that fails before anyone waits on it (a file that cannot be opened) must not crash the process.
    out.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /** Queues text; resolves once the stream can take more. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_CHARS) await this.flush();
  }

  /** Hands the queued text to the stream and waits for `drain` when its buffer is full. */
  async flush(): Promise<void> {
    if (!this.size) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.failure) throw this.failure;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Flushes and ends the stream; resolves when everything is written (rejects with the stream's error). */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    if (this.failure) throw this.failure;
    if (!this.out.writableFinished) await once(this.out, 'finish');
  }
}

/**
 * A pretty-printed JSON document (`JSON.stringify(document, null, 2)`, byte for byte) one of whose arrays is written
 * item by item. The document is serialized with a one-off marker in place of that array and split there, so the text
 * around the array is exactly what `JSON.stringify` makes of it, and each item is indented as it would be in place.
 */
export class StreamedJsonArray {
  private readonly marker = `trailwise-stream-${randomBytes(12).toString('hex')}`;
  private indent = '';
  private count = 0;

  constructor(private readonly sink: TextSink) {}

  /** `place(marker)` returns the document with the marker where the array goes; the text before it is written. */
  async begin(place: (marker: string) => unknown): Promise<void> {
    const [before] = this.split(place);
    this.indent = /(?:^|\n)( *)[^\n]*$/.exec(before)![1]!;
    await this.sink.write(`${before}[`);
  }

  /** Writes one array item. */
  async write(item: unknown): Promise<void> {
    const inner = `${this.indent}  `;
    const text = JSON.stringify(item, null, 2).replace(/\n/g, `\n${inner}`);
    await this.sink.write(`${this.count++ ? ',' : ''}\n${inner}${text}`);
  }

  /** Closes the array and writes the rest of the document (serialized again: what follows may have changed). */
  async end(place: (marker: string) => unknown): Promise<void> {
    const [, after] = this.split(place);
    await this.sink.write(`${this.count ? `\n${this.indent}` : ''}]${after}\n`);
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

/** Writes a finished report through a writer: frame, every finding in order, frame. */
export async function writeReportThrough(writer: FindingWriter, report: Report): Promise<void> {
  const {findings, ...frame} = report;
  await writer.begin(frame);
  for (const finding of findings) await writer.write(finding);
  await writer.end(frame);
}

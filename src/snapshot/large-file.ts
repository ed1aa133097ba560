/**
 * Reading a snapshot file account by account. An organization's snapshot outgrows one JavaScript string (660 MB at
 * 10,000 accounts; V8 stops at 512 MB) and, parsed whole, several gigabytes of memory. Above `LARGE_SNAPSHOT_BYTES`
 * the file is read in chunks and only the byte range of each item of its top-level `accounts` array is found here;
 * each item is then parsed by `JSON.parse` and validated on its own, and read again from its byte range when it is
 * evaluated. Everything outside `accounts` (the header) is parsed and validated as a snapshot with no account.
 *
 * Why not a streaming JSON parser from npm (stream-json and the like): they build every value token by token in
 * JavaScript, 10–20× slower than `JSON.parse`, and the evaluation reads each account twice. This scanner only tracks
 * strings, escapes and nesting depth — linear in the file, one pass — and leaves parsing to V8.
 */
import {createReadStream} from 'node:fs';
import {open, stat, type FileHandle} from 'node:fs/promises';
import {InputError} from '../errors.js';
import {snapshotSource, type AccountSource, type SnapshotHeader} from './account-source.js';
import {jsonErrorPosition, loadSnapshot, validateSnapshot} from './load.js';
import type {AccountSnapshot} from './types.js';

/** Snapshot files above this size are read account by account (below it, whole: faster, and memory is no concern). */
export const LARGE_SNAPSHOT_BYTES = 64 * 1024 * 1024;
/** The header (everything but the accounts) of a snapshot is a few kilobytes; this bounds a hostile one. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** Opens a snapshot file as a source of accounts: whole when small, account by account when large. */
export async function openSnapshotSource(file: string, options: {largeAbove?: number} = {}): Promise<AccountSource & {close(): Promise<void>}> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw new InputError(`${file}: cannot read snapshot: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  if (size <= (options.largeAbove ?? LARGE_SNAPSHOT_BYTES)) return {...snapshotSource(await loadSnapshot(file)), close: async () => {}};
  return LargeSnapshotFile.open(file);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Where the scanner is, outside strings. */
const enum Expect {
  /** Before the top-level `{`. */
  Document,
  /** Inside the top-level object, anywhere but in the accounts array. */
  Header,
  /** After the top-level key `"accounts"` and its colon: the array opens next. */
  AccountsArray,
  /** In the accounts array, where an item (or `]` when the array is empty) comes next. */
  Item,
  /** Inside an item. */
  InItem,
  /** After an item: `,` or `]`. */
  CommaOrEnd,
  /** After the top-level object: only white space. */
  End,
}

class LargeSnapshotFile implements AccountSource {
  private readonly ranges = new Map<string, {start: number; end: number; index: number}>();

  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
    readonly header: SnapshotHeader,
    private readonly items: {start: number; end: number; line: number}[],
  ) {}

  /** Finds the header and the accounts' byte ranges (one pass over the file), and validates the header. */
  static async open(file: string): Promise<LargeSnapshotFile> {
    const {header, items} = await scanFile(file);
    const validated = validateSnapshot({...(header as object), accounts: []}, file);
    const {accounts: _none, ...rest} = validated;
    return new LargeSnapshotFile(file, await open(file, 'r'), rest, items);
  }

  async *scan(): AsyncIterable<AccountSnapshot> {
    this.ranges.clear();
    for (const [index, item] of this.items.entries()) {
      const account = this.validate(await this.parseItem(item, index), index);
      const known = this.ranges.get(account.accountId);
      if (known) {
        throw new InputError(`${this.file}: not a valid trailwise snapshot:\n  at /accounts/${index}/accountId: account ${account.accountId} is already at /accounts/${known.index}`, this.file);
      }
      this.ranges.set(account.accountId, {start: item.start, end: item.end, index});
      yield account;
    }
  }

  async read(accountId: string): Promise<AccountSnapshot> {
    const range = this.ranges.get(accountId)!;
    return (await this.parseItem({...range, line: 0}, range.index)) as AccountSnapshot;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async parseItem(item: {start: number; end: number; line: number}, index: number): Promise<unknown> {
    const length = item.end - item.start;
    const buffer = Buffer.allocUnsafe(length);
    await this.handle.read(buffer, 0, length, item.start);
    const text = buffer.toString('utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      const where = jsonErrorPosition(text, err as Error).replace(/line (\d+)/, (_m, n: string) => `line ${Number(n) + item.line - 1}`);
      throw new InputError(`${this.file}: not valid JSON in /accounts/${index}${where}: ${(err as Error).message}`, this.file);
    }
  }

  /** Validates one account as the only account of a snapshot with this header; errors point at `/accounts/<index>`. */
  private validate(account: unknown, index: number): AccountSnapshot {
    try {
      return validateSnapshot({...this.header, accounts: [account]}, this.file).accounts[0]!;
    } catch (err) {
      if (err instanceof InputError) throw new InputError(err.message.replace(/\/accounts\/0(?=[/:\s])/g, `/accounts/${index}`), this.file);
      throw err;
    }
  }
}

/**
 * One pass over the file: the header's text (the top-level object with `"accounts": []`) and the byte range and first
 * line of each item of the accounts array. Syntax inside an item or the header is left to `JSON.parse`; the scanner
 * checks only what it relies on (a top-level object, an `accounts` array, commas between items, nothing after).
 */
async function scanFile(file: string): Promise<{header: unknown; items: {start: number; end: number; line: number}[]}> {
  const items: {start: number; end: number; line: number}[] = [];
  const headerParts: Buffer[] = [];
  let headerBytes = 0;
  let expect = Expect.Document;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let offset = 0;
  let line = 1;
  /** The top-level key being read, and the last one read. */
  let keyStart = -1;
  let keyBytes: number[] = [];
  let lastKey: string | undefined;
  let sawAccounts = false;
  /** The last byte outside strings that is not white space (a string's closing quote counts). */
  let prev = 0;
  let itemStart = 0;
  let itemLine = 0;
  /** Where the current chunk's header bytes start (-1: not in the header); set at each chunk. */
  let headerFrom: number;

  const fail = (what: string): never => {
    throw new InputError(`${file}: not a valid trailwise snapshot (line ${line}): ${what}`, file);
  };
  const keepHeader = (chunk: Buffer, from: number, to: number) => {
    if (to <= from) return;
    headerBytes += to - from;
    if (headerBytes > MAX_HEADER_BYTES) fail(`the members other than "accounts" exceed ${MAX_HEADER_BYTES / 1024 / 1024} MB`);
    headerParts.push(Buffer.from(chunk.subarray(from, to)));
  };

  for await (const chunk of createReadStream(file, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
    headerFrom = expect === Expect.Header || expect === Expect.AccountsArray || expect === Expect.Document ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === NEWLINE) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          prev = QUOTE;
          if (keyStart !== -1) {
            lastKey = keyBytes.length <= 64 ? Buffer.from(keyBytes).toString('utf8') : undefined;
            keyStart = -1;
            keyBytes = [];
          }
        }
        if (keyStart !== -1 && keyBytes.length <= 64) keyBytes.push(b);
        continue;
      }
      const before = prev;
      if (!isSpace(b)) prev = b;
      switch (expect) {
        case Expect.Document:
          if (isSpace(b)) continue;
          if (b !== 0x7b) fail('expected a JSON object');
          expect = Expect.Header;
          depth = 1;
          continue;
        case Expect.End:
          if (!isSpace(b)) fail('unexpected text after the snapshot object');
          continue;
        case Expect.AccountsArray:
          if (isSpace(b)) continue;
          if (b !== 0x5b) fail('/accounts: expected an array');
          if (sawAccounts) fail('the member "accounts" appears twice');
          sawAccounts = true;
          // The header keeps `[]` in place of the accounts.
          keepHeader(chunk, headerFrom, i + 1);
          headerParts.push(Buffer.from(']'));
          headerFrom = -1;
          expect = Expect.Item;
          continue;
        case Expect.Item:
          if (isSpace(b)) continue;
          if (b === 0x5d && !items.length) {
            expect = Expect.Header;
            headerFrom = i + 1;
            continue;
          }
          if (b === 0x2c || b === 0x5d) fail(`/accounts/${items.length}: expected an account object`);
          expect = Expect.InItem;
          itemStart = offset + i;
          itemLine = line;
          depth = 2;
          i--; // the item's first byte is read again as part of the item
          continue;
        case Expect.CommaOrEnd:
          if (isSpace(b)) continue;
          if (b === 0x2c) expect = Expect.Item;
          else if (b === 0x5d) {
            expect = Expect.Header;
            depth = 1;
            headerFrom = i + 1;
          } else fail(`/accounts/${items.length}: expected "," or "]" after an account`);
          continue;
        case Expect.InItem:
          if (b === QUOTE) inString = true;
          else if (b === 0x7b || b === 0x5b) depth++;
          else if (b === 0x7d || b === 0x5d) depth--;
          else if (depth === 2 && (b === 0x2c || isSpace(b))) {
            // The end of an item that is not an object or array (left to validation to refuse).
            items.push({start: itemStart, end: offset + i, line: itemLine});
            expect = b === 0x2c ? Expect.Item : Expect.CommaOrEnd;
            continue;
          }
          if (depth === 1 && b === 0x5d) {
            // `]` right after a scalar item closes the array.
            items.push({start: itemStart, end: offset + i, line: itemLine});
            expect = Expect.Header;
            headerFrom = i + 1;
            continue;
          }
          if (depth === 2 && (b === 0x7d || b === 0x5d)) {
            items.push({start: itemStart, end: offset + i + 1, line: itemLine});
            expect = Expect.CommaOrEnd;
          }
          continue;
        case Expect.Header:
          if (b === QUOTE) {
            inString = true;
            // A string at depth 1 right after `{` or `,` is a key.
            if (depth === 1 && (before === 0x7b || before === 0x2c)) {
              keyStart = offset + i;
              keyBytes = [];
            }
          } else if (b === 0x7b || b === 0x5b) depth++;
          else if (b === 0x7d || b === 0x5d) {
            depth--;
            if (depth === 0) {
              keepHeader(chunk, headerFrom, i + 1);
              headerFrom = -1;
              expect = Expect.End;
            }
          } else if (b === 0x3a && depth === 1 && lastKey === 'accounts') {
            lastKey = undefined;
            expect = Expect.AccountsArray;
          } else if (b === 0x3a && depth === 1) lastKey = undefined;
          continue;
      }
    }
    if (headerFrom !== -1) keepHeader(chunk, headerFrom, chunk.length);
    offset += chunk.length;
  }
  if (expect !== Expect.End) fail(inString || expect === Expect.InItem ? 'the file ends inside a value (truncated?)' : 'the file ends before the snapshot object closes');
  if (!sawAccounts) fail('expected a member "accounts" holding an array');
  const text = Buffer.concat(headerParts).toString('utf8');
  try {
    return {header: JSON.parse(text), items};
  } catch (err) {
    throw new InputError(`${file}: not valid JSON outside /accounts: ${(err as Error).message}`, file);
  }
}

/**
 * Where an organization's findings wait between evaluation and the report. A report lists findings worst first
 * (`compareFindings`: status, severity, rule, account, region, resource) and most of an organization's findings are
 * `pass` (two thirds in a typical one): 4 million findings at 10,000 accounts do not fit in memory.
 *
 * So the findings a person reads — `fail`, `error`, `unknown`, `suppressed` — stay in memory (the gate, the Markdown,
 * text and HTML reports and the SARIF results need them), and the `pass` and `not_applicable` ones are held in memory
 * only until there are more than `spillAbove` of them; then they go to a temporary file, as JSON Lines in chunks, one
 * chain of chunks per (status, severity, rule). Accounts are added in account id order and each account's findings
 * sorted, so each chain is in report order and the chains read one after another give exactly the sorted list.
 */
import {closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Severity} from './policy.js';
import type {Finding, Status} from './types.js';

/** Pass and not-applicable findings held in memory before they go to disk (about 150 MB of findings). */
export const DEFAULT_SPILL_ABOVE = 400_000;

const STATUS_RANK: Record<Status, number> = {fail: 0, error: 1, unknown: 2, suppressed: 3, pass: 4, not_applicable: 5};
const SEVERITY_RANK: Record<Severity, number> = {critical: 0, high: 1, medium: 2, low: 3};
/** A chain's text is written once it holds this many characters. */
const CHUNK_CHARS = 1 << 18;

/** The statuses a person reads: kept in memory whatever the size. */
export const isAttention = (f: Finding): boolean => f.status !== 'pass' && f.status !== 'not_applicable';

/** The key of a finding's chain; keys in code-unit order are chains in report order. */
function chainKey(f: Finding): string {
  return `${STATUS_RANK[f.status]}${SEVERITY_RANK[f.severity]}${f.ruleId}`;
}

interface Chain {
  /** Text not written yet. */
  pending: string[];
  pendingChars: number;
  /** Byte ranges of the chunks written, in order. */
  chunks: {offset: number; length: number}[];
}

/**
 * The `pass` and `not_applicable` findings of a report too large to hold, on disk in report order. It is not part of
 * the report's JSON (`toJSON` leaves it out); the streamed writers and the HTML report read it after `findings`.
 */
export class SpilledFindings {
  constructor(
    private readonly file: string,
    private readonly fd: number,
    private readonly chains: [string, Chain][],
    /** How many findings it holds. */
    readonly count: number,
  ) {}

  /** Every finding, in report order. */
  *[Symbol.iterator](): Iterator<Finding> {
    let buffer = Buffer.alloc(CHUNK_CHARS * 4);
    for (const [, chain] of this.chains) {
      for (const {offset, length} of chain.chunks) {
        if (buffer.length < length) buffer = Buffer.alloc(length);
        readSync(this.fd, buffer, 0, length, offset);
        const text = buffer.toString('utf8', 0, length);
        let start = 0;
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
          yield JSON.parse(text.slice(start, end)) as Finding;
          start = end + 1;
        }
      }
    }
  }

  /** Deletes the file (also done when the process exits). */
  dispose(): void {
    disposeFile(this.file, this.fd);
  }

  /** Left out of `JSON.stringify(report)`: the findings themselves are written by the streamed writers. */
  toJSON(): undefined {
    return undefined;
  }
}

const openFiles = new Map<string, number>();
let exitHook = false;

function disposeFile(file: string, fd: number): void {
  if (!openFiles.delete(file)) return;
  try {
    closeSync(fd);
  } finally {
    rmSync(path.dirname(file), {recursive: true, force: true});
  }
}

/** Collects findings account by account and hands them back in report order. */
export class FindingStore {
  private readonly attention: Finding[] = [];
  /** Pass and not-applicable findings still in memory, by chain key. */
  private readonly held = new Map<string, Finding[]>();
  private heldCount = 0;
  private spill?: {file: string; fd: number; offset: number; chains: Map<string, Chain>};
  private spilledCount = 0;
  readonly byStatus: Record<Status, number> = {fail: 0, error: 0, unknown: 0, pass: 0, suppressed: 0, not_applicable: 0};
  readonly bySeverity: Record<Severity, number> = {critical: 0, high: 0, medium: 0, low: 0};

  constructor(private readonly spillAbove = DEFAULT_SPILL_ABOVE) {}

  /** Adds one account's findings, sorted in report order; accounts must come in account id order. */
  add(findings: Finding[]): void {
    for (const f of findings) {
      this.byStatus[f.status]++;
      if (f.status === 'fail') this.bySeverity[f.severity]++;
      if (isAttention(f)) {
        this.attention.push(f);
        continue;
      }
      if (this.spill) {
        this.write(chainKey(f), f);
        continue;
      }
      const key = chainKey(f);
      const list = this.held.get(key);
      if (list) list.push(f);
      else this.held.set(key, [f]);
      if (++this.heldCount > this.spillAbove) this.spillHeld();
    }
  }

  /**
   * The findings in report order: `findings` in memory (all of them, or only those a person reads when the rest went
   * to disk) and `spilled` (the rest, or undefined).
   */
  finish(compare: (a: Finding, b: Finding) => number): {findings: Finding[]; spilled?: SpilledFindings} {
    const findings = this.attention.sort(compare);
    if (!this.spill) {
      for (const key of [...this.held.keys()].sort()) for (const f of this.held.get(key)!) findings.push(f);
      this.held.clear();
      return {findings};
    }
    for (const [key, chain] of this.spill.chains) if (chain.pendingChars) this.flush(key, chain);
    const chains = [...this.spill.chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {findings, spilled: new SpilledFindings(this.spill.file, this.spill.fd, chains, this.spilledCount)};
  }

  /** Moves what is held to a new spill file; from now on every pass and not-applicable finding goes there. */
  private spillHeld(): void {
    const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-findings-'));
    const file = path.join(dir, 'findings.jsonl');
    const fd = openSync(file, 'w+', 0o600);
    openFiles.set(file, fd);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const [f, d] of [...openFiles]) disposeFile(f, d);
      });
    }
    this.spill = {file, fd, offset: 0, chains: new Map()};
    for (const [key, list] of this.held) for (const f of list) this.write(key, f);
    this.held.clear();
    this.heldCount = 0;
  }

  private write(key: string, f: Finding): void {
    const chains = this.spill!.chains;
    let chain = chains.get(key);
    if (!chain) chains.set(key, (chain = {pending: [], pendingChars: 0, chunks: []}));
    // JSON.stringify escapes line breaks inside values, so a line is always one finding.
    const line = `${JSON.stringify(f)}\n`;
    chain.pending.push(line);
    chain.pendingChars += line.length;
    this.spilledCount++;
    if (chain.pendingChars >= CHUNK_CHARS) this.flush(key, chain);
  }

  private flush(_key: string, chain: Chain): void {
    const spill = this.spill!;
    const bytes = Buffer.from(chain.pending.join(''), 'utf8');
    writeSync(spill.fd, bytes, 0, bytes.length, spill.offset);
    chain.chunks.push({offset: spill.offset, length: bytes.length});
    spill.offset += bytes.length;
    chain.pending = [];
    chain.pendingChars = 0;
  }
}

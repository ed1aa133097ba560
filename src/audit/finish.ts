/**
 * The end of an audit or a merge: the account files become one organization snapshot, which is evaluated; the
 * report, `summary.md` and SARIF are written beside it and `latest` is pointed at the directory.
 */
import {stat, readFile} from 'node:fs/promises';
import {dirname, join, relative} from 'node:path';
import {writeReports} from '../cli/output.js';
import {formatHtml, type HistoryPoint} from '../report/html.js';
import {loadHistory} from '../report/history.js';
import {loadRuleSet, evaluateAccounts, gate, gateRecord, type GateOptions, type RuleSetOptions} from '../pipeline.js';
import type {AccountSource, SnapshotHeader} from '../snapshot/account-source.js';
import {formatMarkdown} from '../report/markdown.js';
import type {Report} from '../report/report.js';
import {validateSnapshot} from '../snapshot/load.js';
import type {AccountSnapshot, Snapshot} from '../snapshot/types.js';
import {SNAPSHOT_SCHEMA_VERSION} from '../snapshot/types.js';
import {TOOL_VERSION} from '../version.js';
import {
  HTML_FILE,
  MANIFEST_FILE,
  REPORT_FILE,
  SARIF_FILE,
  SNAPSHOT_FILE,
  SUMMARY_FILE,
  readAccountFile,
  updateLatest,
  writeFileAtomic,
  writeManifest,
  writeOrgSnapshot,
  writeReportFile,
  writtenAccounts,
} from './output.js';
import {buildOrgSarif} from './sarif.js';
import {MAX_LOCATOR_BYTES} from '../report/sarif.js';
import {addStats, emptyStats, totalCalls} from './stats.js';
import {AccountCategorizer, formatOrgSummary} from './summary.js';
import type {AuditManifest, ExtraFormat} from './types.js';


export interface FinishOptions extends RuleSetOptions {
  /** The gate's settings: its verdict is recorded in the report (`report.gate`). */
  gate?: GateOptions;
  /** Formats written beside the fixed files (`report.csv`, `report.ocsf.jsonl`, `report.asff.json`). */
  formats?: ExtraFormat[];
  now?: () => Date;
}

export interface FinishedAudit {
  dir: string;
  manifest: AuditManifest;
  report: Report;
  files: {snapshot: string; report: string; summary: string; sarif: string; html: string; manifest: string; extra: string[]};
}

/**
 * The scores of the earlier runs under the reports root, for the HTML trend. A run whose report cannot be read (an
 * interrupted one, or a file from another tool) is left out of the chart rather than failing the audit that is done.
 */
async function auditHistory(root: string, current: string): Promise<HistoryPoint[]> {
  try {
    return await loadHistory(root, current);
  } catch {
    return [];
  }
}

/**
 * The account files of an audit directory as a source of accounts: each file is read when the organization index is
 * built, again when the account is evaluated, and again when the organization snapshot is written — never all at
 * once, so the finish phase holds one account at a time however large the organization. The snapshot's header (the
 * calls, retries and errors of every account) is complete once the first pass is done.
 */
class AuditDirectorySource implements AccountSource {
  readonly header: SnapshotHeader;
  private readonly stats = emptyStats();
  private interrupted = false;
  audited = 0;
  failed = 0;

  constructor(
    private readonly dir: string,
    private readonly ids: string[],
    manifest: AuditManifest,
    finishedAt: string,
  ) {
    addStats(this.stats, manifest.orgCalls);
    this.header = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      collection: {
        tool: 'trailwise',
        toolVersion: TOOL_VERSION,
        source: 'aws',
        startedAt: manifest.startedAt,
        finishedAt,
        partition: manifest.partition,
        ...(manifest.regionsRequested ? {regionsRequested: manifest.regionsRequested} : {}),
        calls: {},
        retries: 0,
        errors: 0,
      },
    };
  }

  async *scan(): AsyncIterable<AccountSnapshot> {
    for (const id of this.ids) {
      const file = await readAccountFile(this.dir, id);
      addStats(this.stats, {calls: file.collection.calls, retries: file.collection.retries, errors: file.collection.errors});
      if (file.collection.interrupted) this.interrupted = true;
      for (const account of accountsOf(file)) {
        if (account.error) this.failed++;
        else this.audited++;
        yield account;
      }
    }
    const {collection} = this.header;
    collection.calls = Object.fromEntries(Object.entries(this.stats.calls).sort(([a], [b]) => a.localeCompare(b)));
    collection.retries = this.stats.retries;
    collection.errors = this.stats.errors;
    if (this.interrupted) collection.interrupted = true;
    // The organization snapshot as a whole must be valid, as `trailwise validate` would check it.
    validateSnapshot({...this.header, accounts: []}, join(this.dir, SNAPSHOT_FILE));
  }

  async read(accountId: string): Promise<AccountSnapshot> {
    return accountsOf(await readAccountFile(this.dir, accountId))[0]!;
  }

  /** Every account again, in the snapshot's order (account id), for writing the organization snapshot. */
  async *accounts(): AsyncIterable<AccountSnapshot> {
    for (const id of this.ids) yield* accountsOf(await readAccountFile(this.dir, id));
  }

  get calls(): number {
    return totalCalls(this.stats);
  }

  get retries(): number {
    return this.stats.retries;
  }

  get errors(): number {
    return this.stats.errors;
  }
}

/** Each account keeps its own collection time: the organization snapshot's finishedAt is when it was assembled. */
function accountsOf(file: Snapshot): AccountSnapshot[] {
  return file.accounts.map((a) => (a.collectedAt ? a : {...a, collectedAt: file.collection.finishedAt}));
}

/** Assembles, evaluates and reports the audit directory; returns the report and the files written. */
export async function finishAudit(dir: string, manifest: AuditManifest, options: FinishOptions = {}): Promise<FinishedAudit> {
  const now = options.now ?? (() => new Date());
  const ids = await writtenAccounts(dir);
  const written = new Set(ids);
  const source = new AuditDirectorySource(dir, ids, manifest, now().toISOString());
  const snapshotFile = join(dir, SNAPSHOT_FILE);

  const ruleSet = await loadRuleSet({pack: options.pack, policyDirs: options.policyDirs, config: options.config, selection: options.selection});
  const shownPath = relative(process.cwd(), snapshotFile) || snapshotFile;
  const categorizer = new AccountCategorizer(manifest.organization?.managementAccountId);
  const report = await evaluateAccounts(source, ruleSet, {file: shownPath, observe: (account) => categorizer.add(account)});
  await writeOrgSnapshot(dir, source.header, source.accounts());
  if (options.gate) report.gate = gateRecord(report, gate(report, options.gate), options.gate);
  const categories = categorizer.categories();
  const size = (await stat(snapshotFile)).size;
  const snapshotText = size <= MAX_LOCATOR_BYTES ? await readFile(snapshotFile, 'utf8') : undefined;
  const sarif = buildOrgSarif(report, categories, {artifactUri: shownPath, snapshotText});

  manifest.status = 'complete';
  manifest.finishedAt = source.header.collection.finishedAt;
  manifest.outcome = {
    audited: source.audited,
    failed: source.failed,
    missing: manifest.targets.map((t) => t.id).filter((id) => !written.has(id)),
    categories,
    calls: source.calls,
    retries: source.retries,
    errors: source.errors,
    ...(sarif.truncated.length ? {sarifTruncated: sarif.truncated} : {}),
  };
  const files = {
    snapshot: snapshotFile,
    report: join(dir, REPORT_FILE),
    summary: join(dir, SUMMARY_FILE),
    sarif: join(dir, SARIF_FILE),
    html: join(dir, HTML_FILE),
    manifest: join(dir, MANIFEST_FILE),
    extra: [] as string[],
  };
  await writeReportFile(files.report, report);
  const findings = formatMarkdown(report, {title: 'Findings across the organization'});
  await writeFileAtomic(files.summary, `${formatOrgSummary(report, manifest)}\n${findings}`);
  await writeFileAtomic(files.sarif, `${JSON.stringify(sarif.log, null, 2)}\n`);
  await writeFileAtomic(files.html, formatHtml(report, {history: await auditHistory(dirname(dir), files.report)}));
  if (options.formats?.length) {
    files.extra = await writeReports(report, {formats: options.formats, output: dir, asDir: true});
  }
  await writeManifest(dir, manifest);
  await updateLatest(dir);
  return {dir, manifest, report, files};
}

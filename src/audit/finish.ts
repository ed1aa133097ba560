/**
 * The end of an audit or a merge: the account files become one organization snapshot, which is evaluated; the
 * report, `summary.md` and SARIF are written beside it and `latest` is pointed at the directory.
 */
import {stat, readFile} from 'node:fs/promises';
import {dirname, join, relative} from 'node:path';
import {writeReports} from '../cli/output.js';
import {formatHtml, type HistoryPoint} from '../report/html.js';
import {loadHistory} from '../report/history.js';
import {loadRuleSet, evaluateSnapshot, gate, gateRecord, type GateOptions, type RuleSetOptions} from '../pipeline.js';
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
import {categorizeAccounts, formatOrgSummary} from './summary.js';
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

/** Assembles, evaluates and reports the audit directory; returns the report and the files written. */
export async function finishAudit(dir: string, manifest: AuditManifest, options: FinishOptions = {}): Promise<FinishedAudit> {
  const now = options.now ?? (() => new Date());
  const ids = await writtenAccounts(dir);
  const written = new Set(ids);
  const stats = addStats(emptyStats(), manifest.orgCalls);
  const accounts: AccountSnapshot[] = [];
  let interrupted = false;
  for (const id of ids) {
    const file = await readAccountFile(dir, id);
    addStats(stats, {calls: file.collection.calls, retries: file.collection.retries, errors: file.collection.errors});
    if (file.collection.interrupted) interrupted = true;
    // Each account keeps its own collection time: the organization snapshot's finishedAt is when it was assembled.
    accounts.push(...file.accounts.map((a) => (a.collectedAt ? a : {...a, collectedAt: file.collection.finishedAt})));
  }
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collection: {
      tool: 'trailwise',
      toolVersion: TOOL_VERSION,
      source: 'aws',
      startedAt: manifest.startedAt,
      finishedAt: now().toISOString(),
      partition: manifest.partition,
      ...(manifest.regionsRequested ? {regionsRequested: manifest.regionsRequested} : {}),
      calls: Object.fromEntries(Object.entries(stats.calls).sort(([a], [b]) => a.localeCompare(b))),
      retries: stats.retries,
      errors: stats.errors,
      ...(interrupted ? {interrupted: true} : {}),
    },
    accounts,
  };
  const snapshotFile = join(dir, SNAPSHOT_FILE);
  validateSnapshot(snapshot, snapshotFile);
  await writeOrgSnapshot(dir, snapshot);

  const ruleSet = await loadRuleSet({pack: options.pack, policyDirs: options.policyDirs, config: options.config, selection: options.selection});
  const shownPath = relative(process.cwd(), snapshotFile) || snapshotFile;
  const report = evaluateSnapshot(snapshot, ruleSet, {file: shownPath});
  if (options.gate) report.gate = gateRecord(report, gate(report, options.gate), options.gate);
  const categories = categorizeAccounts(snapshot, manifest.organization?.managementAccountId);
  const size = (await stat(snapshotFile)).size;
  const snapshotText = size <= MAX_LOCATOR_BYTES ? await readFile(snapshotFile, 'utf8') : undefined;
  const sarif = buildOrgSarif(report, categories, {artifactUri: shownPath, snapshotText});

  manifest.status = 'complete';
  manifest.finishedAt = snapshot.collection.finishedAt;
  manifest.outcome = {
    audited: accounts.filter((a) => !a.error).length,
    failed: accounts.filter((a) => a.error).length,
    missing: manifest.targets.map((t) => t.id).filter((id) => !written.has(id)),
    categories,
    calls: totalCalls(stats),
    retries: stats.retries,
    errors: stats.errors,
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

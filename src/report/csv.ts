/**
 * CSV (`--format csv`): one row per finding, for spreadsheets and SIEM imports. RFC 4180 (CRLF records, quoted cells
 * where needed) through `escape/csv.ts`, which also guards against formula injection: a cell a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`. The columns and their order are part of the interface
 * (docs/report-formats.md): new columns are only ever added at the end.
 */
import type {Finding} from '../evaluate/types.js';
import {csvRow} from './escape/csv.js';
import {allFindings, type Report} from './report.js';

export const CSV_COLUMNS = [
  'rule_id',
  'title',
  'status',
  'severity',
  'pillar',
  'advisory',
  'account_id',
  'account_name',
  'region',
  'resource_type',
  'resource',
  'message',
  'remediation',
  'best_practices',
  'suppression_justification',
  'suppression_expires',
  'estimated_monthly_cost_usd',
  'fingerprint',
] as const;

/** The header record. */
export function csvHeader(): string {
  return csvRow([...CSV_COLUMNS]);
}

/** One finding as a CSV record, in `CSV_COLUMNS` order. */
export function csvFinding(f: Finding, accountName = ''): string {
  return csvRow([
    f.ruleId,
    f.title,
    f.status,
    f.severity,
    f.pillar,
    f.advisory === true,
    f.accountId,
    accountName,
    f.region,
    f.resourceType,
    f.resource,
    f.message,
    f.remediation,
    f.bestPractices.join(' '),
    f.suppression?.justification,
    f.suppression?.expires,
    f.estimatedMonthlyCostUsd,
    f.fingerprint,
  ]);
}

/** Account id → the name the report knows for it (its Organizations name, else its alias). */
export function accountNames(report: Pick<Report, 'snapshot'>): Map<string, string> {
  return new Map(report.snapshot.accounts.map((a) => [a.accountId, a.name ?? a.alias ?? '']));
}

/** The whole report as CSV, header first. */
export function formatCsv(report: Report): string {
  const names = accountNames(report);
  let out = csvHeader();
  for (const f of allFindings(report)) out += csvFinding(f, names.get(f.accountId));
  return out;
}

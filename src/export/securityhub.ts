/**
 * Sends a report's findings to AWS Security Hub (`BatchImportFindings`) — the only place trailwise writes to AWS, with
 * its own IAM policy (`iam/trailwise-securityhub-export-policy.json`).
 *
 * Findings go in batches of 100 (the API's limit). The client factory already retries each call with adaptive
 * backoff; on top of that, findings the service rejects one by one (`FailedFindings`) with a transient error code are
 * sent again, a bounded number of times. Findings trailwise imported before but no longer reports for an account in
 * this report (the resource was deleted, or the rule turned off) are archived, so Security Hub's active list matches
 * the report.
 */
import {BatchImportFindingsCommand, paginateGetFindings, type AwsSecurityFinding, type SecurityHubClient} from '@aws-sdk/client-securityhub';
import type {Finding} from '../evaluate/types.js';
import {asffFinding, customProductArn, type AsffFinding, type AsffTarget} from '../report/asff.js';

export const IMPORT_BATCH_SIZE = 100;
/** Times a finding the service rejected with a transient code is sent again. */
export const MAX_RESENDS = 3;
const TRANSIENT_CODES = new Set(['ThrottlingException', 'InternalException', 'ServiceUnavailable', 'LimitExceededException', 'InternalFailure']);

export interface ExportPlan {
  target: AsffTarget;
  /** The findings to import, in ASFF. */
  findings: AsffFinding[];
  /** Accounts the report covers: only their earlier findings may be archived. */
  accounts: Set<string>;
}

export interface ExportResult {
  imported: number;
  archived: number;
  /** Findings Security Hub refused for good, with its reason. */
  failed: {id: string; code: string; message: string}[];
  batches: number;
}

/** What an export of these findings would send to the target's Security Hub. */
export function planExport(findings: Iterable<Finding>, target: AsffTarget, collectedAt: string): ExportPlan {
  const out: AsffFinding[] = [];
  const accounts = new Set<string>();
  for (const f of findings) {
    out.push(asffFinding(f, target, collectedAt));
    accounts.add(f.accountId);
  }
  return {target, findings: out, accounts};
}

type ImportClient = Pick<SecurityHubClient, 'send'>;

/** Imports the planned findings, then archives the target's earlier trailwise findings the report no longer has. */
export async function runExport(client: ImportClient, plan: ExportPlan, options: {archiveMissing?: boolean; onBatch?: (done: number, total: number) => void} = {}): Promise<ExportResult> {
  const result: ExportResult = {imported: 0, archived: 0, failed: [], batches: 0};
  await importAll(client, plan.findings, result, options.onBatch);
  if (options.archiveMissing !== false) {
    const stale = await staleFindings(client, plan);
    const before = result.imported;
    await importAll(client, stale, result);
    result.archived = result.imported - before;
    result.imported = before;
  }
  return result;
}

async function importAll(client: ImportClient, findings: AsffFinding[], result: ExportResult, onBatch?: (done: number, total: number) => void): Promise<void> {
  for (let start = 0; start < findings.length; start += IMPORT_BATCH_SIZE) {
    let pending = findings.slice(start, start + IMPORT_BATCH_SIZE);
    for (let attempt = 0; pending.length; attempt++) {
      const response = await client.send(new BatchImportFindingsCommand({Findings: pending as unknown as AwsSecurityFinding[]}));
      result.batches++;
      result.imported += response.SuccessCount ?? 0;
      const failed = response.FailedFindings ?? [];
      const retry = new Set(failed.filter((f) => attempt < MAX_RESENDS && TRANSIENT_CODES.has(f.ErrorCode ?? '')).map((f) => f.Id));
      for (const f of failed) {
        if (!retry.has(f.Id)) result.failed.push({id: f.Id ?? '', code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? ''});
      }
      pending = pending.filter((f) => retry.has(f.Id));
    }
    onBatch?.(Math.min(start + IMPORT_BATCH_SIZE, findings.length), findings.length);
  }
}

/** The target's active trailwise findings, for the report's accounts, that this report does not carry: to archive. */
async function staleFindings(client: ImportClient, plan: ExportPlan): Promise<AsffFinding[]> {
  const current = new Set(plan.findings.map((f) => f.Id));
  const stale: AsffFinding[] = [];
  const pages = paginateGetFindings(
    {client: client as SecurityHubClient, pageSize: 100},
    {
      Filters: {
        ProductArn: [{Value: customProductArn(plan.target), Comparison: 'EQUALS'}],
        RecordState: [{Value: 'ACTIVE', Comparison: 'EQUALS'}],
        Id: [{Value: 'trailwise/', Comparison: 'PREFIX'}],
      },
      MaxResults: 100,
    },
  );
  for await (const page of pages) {
    for (const found of page.Findings ?? []) {
      if (!found.Id || current.has(found.Id) || !plan.accounts.has(found.AwsAccountId ?? '')) continue;
      stale.push({...(found as unknown as AsffFinding), RecordState: 'ARCHIVED', UpdatedAt: plan.target.updatedAt});
    }
  }
  return stale;
}


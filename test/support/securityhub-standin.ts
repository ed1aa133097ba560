/**
 * A local stand-in for the Security Hub API (REST-JSON) and STS GetCallerIdentity (AWS Query), with the real request
 * and response shapes: `POST /findings/import` (BatchImportFindings: `{Findings}` → `{SuccessCount, FailedCount,
 * FailedFindings: [{Id, ErrorCode, ErrorMessage}]}`) and `POST /findings` (GetFindings: `{Filters, MaxResults,
 * NextToken}` → `{Findings, NextToken}`). It keeps the imported findings by id, so an export can be checked end to end.
 */
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface StoredFinding {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  RecordState: string;
  [key: string]: unknown;
}

export interface SecurityHubStandIn {
  url: string;
  accountId: string;
  /** Findings by id, as last imported. */
  findings: Map<string, StoredFinding>;
  /** Every request: method, path, and the operation it was. */
  requests: {operation: string; body: unknown}[];
  /** Ids the next BatchImportFindings rejects once with this error code. */
  rejectOnce: Map<string, string>;
  close(): Promise<void>;
}

const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title', 'Description', 'Resources'];

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function matchesFilters(finding: StoredFinding, filters: Record<string, {Value: string; Comparison: string}[]>): boolean {
  return Object.entries(filters).every(([field, conditions]) =>
    conditions.some((c) => {
      const value = String(finding[field] ?? '');
      return c.Comparison === 'PREFIX' ? value.startsWith(c.Value) : value === c.Value;
    }),
  );
}

/** Starts the stand-in on a loopback port. */
export async function startSecurityHubStandIn(accountId = '123456789012'): Promise<SecurityHubStandIn> {
  const findings = new Map<string, StoredFinding>();
  const requests: SecurityHubStandIn['requests'] = [];
  const rejectOnce = new Map<string, string>();
  const server: Server = createServer(async (req, res) => {
    const text = await bodyOf(req);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {'content-type': 'application/json', 'x-amzn-requestid': 'standin', ...headers});
      res.end(JSON.stringify(body));
    };
    if (req.url === '/' && text.includes('Action=GetCallerIdentity')) {
      requests.push({operation: 'sts:GetCallerIdentity', body: text});
      res.writeHead(200, {'content-type': 'text/xml'});
      res.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::${accountId}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>${accountId}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (req.method === 'POST' && req.url === '/findings/import') {
      requests.push({operation: 'securityhub:BatchImportFindings', body});
      const batch = (body.Findings ?? []) as StoredFinding[];
      if (batch.length > 100) {
        json(400, {Code: 'InvalidInputException', Message: 'Findings: at most 100 items'}, {'x-amzn-errortype': 'InvalidInputException'});
        return;
      }
      const failed: {Id: string; ErrorCode: string; ErrorMessage: string}[] = [];
      for (const f of batch) {
        const code = rejectOnce.get(f.Id);
        const missing = REQUIRED.filter((k) => f[k] === undefined);
        if (code) {
          rejectOnce.delete(f.Id);
          failed.push({Id: f.Id, ErrorCode: code, ErrorMessage: 'rejected by the stand-in'});
        } else if (missing.length) {
          failed.push({Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: `missing ${missing.join(', ')}`});
        } else if (!String(f.ProductArn).endsWith(`:${accountId}:product/${accountId}/default`) || f.AwsAccountId !== accountId) {
          // The default product ARN takes findings of the calling account only.
          failed.push({Id: f.Id, ErrorCode: 'AccessDeniedException', ErrorMessage: 'not this account\'s custom product'});
        } else {
          findings.set(f.Id, f);
        }
      }
      json(200, {FailedCount: failed.length, SuccessCount: batch.length - failed.length, FailedFindings: failed});
      return;
    }
    if (req.method === 'POST' && req.url === '/findings') {
      requests.push({operation: 'securityhub:GetFindings', body});
      const filters = (body.Filters ?? {}) as Record<string, {Value: string; Comparison: string}[]>;
      const all = [...findings.values()].filter((f) => matchesFilters(f, filters));
      const start = Number(body.NextToken ?? 0);
      const max = Number(body.MaxResults ?? 100);
      const page = all.slice(start, start + max);
      json(200, {Findings: page, ...(start + max < all.length ? {NextToken: String(start + max)} : {})});
      return;
    }
    json(404, {Code: 'UnknownOperation', Message: `${req.method} ${req.url}`}, {'x-amzn-errortype': 'UnknownOperationException'});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountId,
    findings,
    requests,
    rejectOnce,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a service handler sees of a request: the parsed HTTP request, who signed it, and where. */
import type {IncomingHttpHeaders} from 'node:http';
import type {FakeAccount, FakeAwsModel, FakeRegion} from './model.js';
import type {FakeResponse, ServiceName} from './wire.js';

export interface Caller {
  account: FakeAccount;
  accessKeyId: string;
  /** `arn:aws:iam::<id>:user/…` for long-term keys, `arn:aws:sts::<id>:assumed-role/…` for AssumeRole keys. */
  arn: string;
  userId: string;
}

export interface FakeRequest {
  method: string;
  /** The decoded path, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  service: ServiceName;
  /** The region of the SigV4 credential scope. */
  region: string;
  caller: Caller;
  model: FakeAwsModel;
  /** The page size a test forces on an operation, if any. */
  forcedPageSize(operation: string): number | undefined;
  /** Issues temporary credentials for AssumeRole and remembers who they belong to. */
  issueSessionCredentials(session: {accountId: string; roleArn: string; sessionName: string}): {accessKeyId: string; secretAccessKey: string; sessionToken: string};
}

/** A request matched to an operation: the name it is counted under, and the work that answers it. */
export interface Route {
  /** `service:Operation`, e.g. `cloudtrail:DescribeTrails`. */
  operation: string;
  /** A stable text of the operation's parameters, to tell duplicate calls apart. */
  params: string;
  run(): FakeResponse;
}

/** The region record of the caller's account for the request's region. */
export function regionOf(req: FakeRequest): FakeRegion {
  const region = req.caller.account.regions.find((r) => r.name === req.region);
  // The server refuses regions the account does not know before any handler runs.
  if (!region) throw new Error(`fake-aws: no region ${req.region} in account ${req.caller.account.accountId}`);
  return region;
}

/** A stable text of a JSON value: object keys sorted, so equal parameters give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The JSON body of a request, `{}` when empty. */
export function jsonBody(req: FakeRequest): Record<string, unknown> {
  if (!req.body) return {};
  return JSON.parse(req.body) as Record<string, unknown>;
}

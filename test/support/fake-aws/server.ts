/**
 * A local stand-in for AWS that answers the real SDK clients over HTTP, in each service's own protocol. It listens on
 * 127.0.0.1 only, on a random port. Who calls is read from the SigV4 `Authorization` header (the access key id
 * encodes the account; the signature is checked against the key's secret), where from the credential scope.
 *
 * Tests can slow every call down, inject faults per operation, force small pages, and read how often each operation
 * was called.
 */
import {createHash, randomBytes} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {performance} from 'node:perf_hooks';
import type {Caller, FakeRequest, Route} from './context.js';
import {findAccount, type FakeAccount, type FakeAwsModel} from './model.js';
import {routeApiGateway} from './services/apigateway.js';
import {routeCloudTrail} from './services/cloudtrail.js';
import {routeConfig} from './services/config.js';
import {routeDetective} from './services/detective.js';
import {routeEks} from './services/eks.js';
import {routeElb} from './services/elb.js';
import {routeGuardDuty} from './services/guardduty.js';
import {routeLogs} from './services/logs.js';
import {routeOrganizations} from './services/organizations.js';
import {routeEc2, routeIam, routeSts} from './services/query.js';
import {routeRoute53Resolver} from './services/route53resolver.js';
import {routeS3} from './services/s3.js';
import {routeS3Control} from './services/s3control.js';
import {routeSecurityHub} from './services/securityhub.js';
import {routeSecurityLake} from './services/securitylake.js';
import {routeWafv2} from './services/wafv2.js';
import {expectedSignature, parseAuthorization} from './sigv4.js';
import {
  accessDenied,
  AwsError,
  expiredToken,
  htmlErrorPage,
  internalError,
  invalidToken,
  missingAuthentication,
  renderError,
  SERVICE_WIRE,
  throttled,
  type FakeResponse,
  type ServiceName,
} from './wire.js';

export type FaultKind = 'AccessDenied' | 'Throttling' | 'Html' | 'Timeout' | 'Reset' | 'InternalError';

export interface FakeFault {
  /** `service:Operation` as the fake counts it (`cloudtrail:GetEventSelectors`), or `service:*`. */
  operation: string;
  kind: FaultKind;
  accountId?: string;
  region?: string;
  /** How many matching calls get the fault; then the calls succeed. Default: 1 for Throttling, every call otherwise. */
  times?: number;
  /** HTTP status of the HTML page (default 502). */
  status?: number;
}

export interface FakeAwsOptions {
  /** Milliseconds every call waits before it is answered (default 0). */
  latencyMs?: number;
  faults?: FakeFault[];
  /** Smaller pages than AWS's defaults, per `service:Operation`, to exercise pagination with little data. */
  pageSizes?: Record<string, number>;
  /** Redirect S3 requests signed for a region other than the bucket's, as S3 does (default true). */
  strictS3Regions?: boolean;
  /** Check each request's SigV4 signature against its access key's secret (default true). */
  verifySignatures?: boolean;
  /** Access key ids whose credentials AWS treats as expired. */
  expiredAccessKeys?: string[];
}

export interface RecordedCall {
  operation: string;
  accountId: string;
  region: string;
  /** The operation's parameters as stable text: equal text, equal parameters. */
  params: string;
  /** The SDK's `amz-sdk-invocation-id`: retries of one call share it. */
  invocationId?: string;
  attempt: number;
  status?: number;
  /** When the request arrived and when it was answered (ms since the epoch, fractional). */
  startedAt: number;
  finishedAt?: number;
}

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  model: FakeAwsModel;
  /** Long-term credentials of an account of the model. */
  credentialsFor(accountId: string): AccessKey;
  /** HTTP requests per `service:Operation` (retries included). */
  calls(): Record<string, number>;
  callLog(): RecordedCall[];
  resetCalls(): void;
  setFaults(faults: FakeFault[]): void;
  setLatency(ms: number): void;
  /** Things the fake could not answer because its model lacks them (answered as 500s): a test should expect none. */
  problems(): string[];
  stop(): Promise<void>;
}

const GLOBAL_SERVICES = new Set<ServiceName>(['iam', 'organizations']);

/** The secret key that belongs to an access key id of the fake (derived, so it need not be stored). */
function secretFor(accessKeyId: string): string {
  return createHash('sha256').update(`fake-aws-secret:${accessKeyId}`).digest('base64').slice(0, 40);
}

/** The long-term credentials the fake issues to an account of the model. */
export function credentialsOf(model: FakeAwsModel, accountId: string): AccessKey {
  if (!findAccount(model, accountId)) throw new Error(`fake-aws: no account ${accountId} in the model`);
  const accessKeyId = `AKIA${accountId}FAKE`;
  return {accessKeyId, secretAccessKey: secretFor(accessKeyId)};
}

/** The service a request is for: the SigV4 signing name, S3 Control told apart from S3 by its path. */
function serviceOf(signingName: string | undefined, req: IncomingMessage, path: string, body: string): ServiceName {
  if (signingName === 's3') return path.startsWith('/v20180820/') ? 's3control' : 's3';
  if (signingName && signingName in SERVICE_WIRE) return signingName as ServiceName;
  // Unsigned or unknown: guess from the request's shape, to answer in the right format.
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('CloudTrail')) return 'cloudtrail';
  if (target.startsWith('Logs')) return 'logs';
  if (target.startsWith('StarlingDove')) return 'config';
  if (target.startsWith('AWSOrganizations')) return 'organizations';
  if (target.startsWith('Route53Resolver')) return 'route53resolver';
  if (target.startsWith('AWSWAF')) return 'wafv2';
  if (path.startsWith('/detector')) return 'guardduty';
  if (path.startsWith('/graphs') || path.startsWith('/invitations')) return 'detective';
  if (path.startsWith('/clusters')) return 'eks';
  if (path.startsWith('/restapis') || path.startsWith('/v2/apis')) return 'apigateway';
  if (path.startsWith('/v1/datalake')) return 'securitylake';
  if (path.startsWith('/accounts') || path.startsWith('/standards') || path.startsWith('/administrator')) return 'securityhub';
  if (path.startsWith('/v20180820/')) return 's3control';
  if (/Action=(DescribeRegions|DescribeVpcs|DescribeNetworkInterfaces|DescribeFlowLogs|DescribeSubnets)/.test(body)) return 'ec2';
  if (/Version=(2015-12-01|2012-06-01)/.test(body)) return 'elasticloadbalancing';
  if (/Action=ListAccountAliases/.test(body)) return 'iam';
  if (/Action=/.test(body)) return 'sts';
  return 's3';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

/** Starts the fake on 127.0.0.1 and a random port. */
export async function startFakeAws(model: FakeAwsModel, options: FakeAwsOptions = {}): Promise<FakeAws> {
  let latencyMs = options.latencyMs ?? 0;
  let faults: {fault: FakeFault; left: number}[] = [];
  const setFaults = (list: FakeFault[]) => {
    faults = list.map((fault) => ({fault, left: fault.times ?? (fault.kind === 'Throttling' ? 1 : Number.POSITIVE_INFINITY)}));
  };
  setFaults(options.faults ?? []);
  let log: RecordedCall[] = [];
  const problems: string[] = [];
  const sessions = new Map<string, {accountId: string; roleArn: string; sessionName: string; sessionToken: string}>();
  const sockets = new Set<Socket>();
  const verify = options.verifySignatures ?? true;

  const callerFor = (accessKeyId: string, sessionToken: string | undefined, service: ServiceName): Caller => {
    if (options.expiredAccessKeys?.includes(accessKeyId)) throw expiredToken(service);
    const match = /^(AKIA|ASIA)(\d{12})/.exec(accessKeyId);
    const account = match ? findAccount(model, match[2]) : undefined;
    if (!match || !account) throw invalidToken(service);
    if (match[1] === 'AKIA') {
      return {account, accessKeyId, arn: `arn:aws:iam::${account.accountId}:user/trailwise-auditor`, userId: `AIDA${account.accountId}AUDITOR`};
    }
    const session = sessions.get(accessKeyId);
    if (!session || session.sessionToken !== sessionToken) throw invalidToken(service);
    const roleName = session.roleArn.split('/').pop();
    return {
      account,
      accessKeyId,
      arn: `arn:aws:sts::${account.accountId}:assumed-role/${roleName}/${session.sessionName}`,
      userId: `AROA${account.accountId}EXAMPLE:${session.sessionName}`,
    };
  };

  const route = (req: FakeRequest): Route => {
    switch (req.service) {
      case 'cloudtrail':
        return routeCloudTrail(req);
      case 'logs':
        return routeLogs(req);
      case 'config':
        return routeConfig(req);
      case 'organizations':
        return routeOrganizations(req);
      case 'guardduty':
        return routeGuardDuty(req);
      case 'detective':
        return routeDetective(req);
      case 'eks':
        return routeEks(req);
      case 'apigateway':
        return routeApiGateway(req);
      case 'securityhub':
        return routeSecurityHub(req);
      case 'securitylake':
        return routeSecurityLake(req);
      case 's3':
        return routeS3(req, {strictRegions: options.strictS3Regions ?? true});
      case 's3control':
        return routeS3Control(req);
      case 'sts':
        return routeSts(req);
      case 'iam':
        return routeIam(req);
      case 'ec2':
        return routeEc2(req);
      case 'elasticloadbalancing':
        return routeElb(req);
      case 'route53resolver':
        return routeRoute53Resolver(req);
      case 'wafv2':
        return routeWafv2(req);
    }
  };

  const takeFault = (operation: string, accountId: string, region: string): FakeFault | undefined => {
    const service = operation.split(':')[0];
    const entry = faults.find(
      ({fault, left}) =>
        left > 0 &&
        (fault.operation === operation || fault.operation === `${service}:*`) &&
        (!fault.accountId || fault.accountId === accountId) &&
        (!fault.region || fault.region === region),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.fault;
  };

  /** Answers one request; undefined means "never answer" (the timeout fault). */
  const answer = async (req: IncomingMessage, body: string): Promise<FakeResponse | undefined> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const auth = parseAuthorization(req.headers.authorization);
    const service = serviceOf(auth?.service, req, path, body);
    if (!auth) return renderError(service, missingAuthentication(service));
    let caller: Caller;
    try {
      caller = callerFor(auth.accessKeyId, req.headers['x-amz-security-token'] as string | undefined, service);
    } catch (err) {
      return renderError(service, err as AwsError);
    }
    if (verify) {
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      const signed = {
        method: req.method ?? 'GET',
        rawPath: q < 0 ? rawUrl : rawUrl.slice(0, q),
        rawQuery: q < 0 ? '' : rawUrl.slice(q + 1),
        headers: req.headers,
        body,
      };
      if (expectedSignature(signed, auth, secretFor(auth.accessKeyId)) !== auth.signature) {
        const protocol = SERVICE_WIRE[service].protocol;
        const message =
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
        const error =
          protocol === 'json'
            ? new AwsError(400, 'InvalidSignatureException', message)
            : protocol === 'rest-json'
              ? new AwsError(403, 'InvalidSignatureException', message, {coralNamespace: 'com.amazon.coral.service'})
              : protocol === 'ec2'
                ? new AwsError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials')
                : new AwsError(403, 'SignatureDoesNotMatch', message);
        return renderError(service, error);
      }
    }
    const region = caller.account.regions.find((r) => r.name === auth.region);
    if (!GLOBAL_SERVICES.has(service) && (!region || region.optInStatus === 'not-opted-in')) {
      // A region the account has not opted in to does not know the account's credentials.
      return renderError(service, invalidToken(service));
    }
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      service,
      region: auth.region,
      caller,
      model,
      forcedPageSize: (operation) => options.pageSizes?.[operation],
      issueSessionCredentials: ({accountId, roleArn, sessionName}) => {
        const accessKeyId = `ASIA${accountId}${randomBytes(2).toString('hex').toUpperCase()}`;
        const sessionToken = randomBytes(96).toString('base64');
        sessions.set(accessKeyId, {accountId, roleArn, sessionName, sessionToken});
        return {accessKeyId, secretAccessKey: secretFor(accessKeyId), sessionToken};
      },
    };
    let routed: Route;
    try {
      routed = route(request);
    } catch (err) {
      if (err instanceof AwsError) return renderError(service, err);
      throw err;
    }
    const call: RecordedCall = {
      operation: routed.operation,
      accountId: caller.account.accountId,
      region: auth.region,
      params: routed.params,
      invocationId: req.headers['amz-sdk-invocation-id'] as string | undefined,
      attempt: Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1),
      startedAt: now(),
    };
    log.push(call);
    if (latencyMs > 0) await sleep(latencyMs);
    const fault = takeFault(routed.operation, caller.account.accountId, auth.region);
    let response: FakeResponse | undefined;
    switch (fault?.kind) {
      case 'Timeout':
        return undefined;
      case 'Reset':
        // The connection is cut before any answer (a proxy or load balancer dropping it): the client sees ECONNRESET.
        req.socket.destroy();
        return undefined;
      case 'Html':
        response = htmlErrorPage(fault.status ?? 502);
        break;
      case 'AccessDenied':
        response = renderError(service, accessDenied(service, routed.operation, caller.arn));
        break;
      case 'Throttling':
        response = renderError(service, throttled(service));
        break;
      case 'InternalError':
        response = renderError(service, internalError(service));
        break;
      default:
        try {
          response = routed.run();
        } catch (err) {
          if (!(err instanceof AwsError)) {
            problems.push(`${routed.operation}: ${(err as Error).message}`);
            response = renderError(service, internalError(service));
          } else {
            response = renderError(service, err);
          }
        }
    }
    call.status = response.status;
    call.finishedAt = now();
    return response;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then((body) => answer(req, body))
      .then((response) => {
        if (!response) return; // the timeout fault: hold the connection until the client gives up
        res.writeHead(response.status, {...response.headers, date: new Date().toUTCString(), 'content-length': Buffer.byteLength(response.body)});
        res.end(response.body);
      })
      .catch((err: Error) => {
        problems.push(`fake-aws: ${err.stack ?? err.message}`);
        res.writeHead(500, {'content-type': 'text/plain'});
        res.end('fake-aws internal error');
      });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const {port} = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    model,
    credentialsFor: (accountId) => credentialsOf(model, accountId),
    calls: () => {
      const counts: Record<string, number> = {};
      for (const c of log) counts[c.operation] = (counts[c.operation] ?? 0) + 1;
      return counts;
    },
    callLog: () => [...log],
    resetCalls: () => {
      log = [];
    },
    setFaults,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    problems: () => [...problems],
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The account a model account id names (for builders and tests that edit the model in place). */
export function accountOf(aws: FakeAws, accountId: string): FakeAccount {
  const account = findAccount(aws.model, accountId);
  if (!account) throw new Error(`fake-aws: no account ${accountId} in the model`);
  return account;
}

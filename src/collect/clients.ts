/**
 * One place that builds AWS SDK clients: credentials, retries, timeouts, user agent and endpoint are decided here
 * once, and every call made through a client is counted (calls, retries, failures) and reported as a `call` event.
 *
 * Retries run around each client's `send`, with the SDK's own adaptive retry strategy (client-side rate limiting plus
 * bounded exponential backoff), rather than inside the SDK's middleware: that way every retry is counted and
 * reported, an interrupted run stops retrying, and the behaviour is the same whether the transport is AWS, a fake
 * server or a test double. The SDK's built-in retry is therefore switched off (`maxAttempts: 1`).
 */
import {fromIni, fromNodeProviderChain, fromTemporaryCredentials} from '@aws-sdk/credential-providers';
import {S3Client} from '@aws-sdk/client-s3';
import {S3ControlClient} from '@aws-sdk/client-s3-control';
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@aws-sdk/types';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import {AdaptiveRetryStrategy} from '@smithy/util-retry';
import {TOOL_VERSION} from '../version.js';
import {InvalidResponseError, isNotConfigured, retryAfterHint, retryErrorType} from './errors.js';
import type {CollectListener} from './events.js';
import {operationOfCommand} from './iam.js';
import {responseFormatProblem} from './response-format.js';

export interface ClientSettings {
  /** `--profile`: a named profile from the shared config and credentials files. */
  profile?: string;
  /** `--role-arn`: a role to assume first (session name "trailwise"). */
  roleArn?: string;
  /** `--external-id`: the external id the role's trust policy requires. */
  externalId?: string;
  /** `--endpoint-url`; when unset, the SDK's own AWS_ENDPOINT_URL support applies. S3 uses path-style when an endpoint is set. */
  endpointUrl?: string;
  /** Overrides profile and the default chain (the org audit passes assumed-role credentials); `roleArn` is assumed with them. */
  credentials?: AwsCredentialIdentityProvider;
  /** Region for global calls (STS, IAM, Organizations, EC2 DescribeRegions); default AWS_REGION ?? us-east-1. */
  defaultRegion?: string;
  /** Attempts per call, first one included (adaptive retry mode); default 5. */
  maxAttempts?: number;
  /** Per-request timeout in milliseconds; default 10000. */
  requestTimeoutMs?: number;
}

export interface ClientStats {
  /** Calls finished (after their retries), per `service:Operation`. */
  calls: Record<string, number>;
  retries: number;
  /** Calls that failed after their retries; "not configured" answers are not failures. */
  errors: number;
}

export interface ClientFactory {
  /** A cached client of that class in that region, configured once (credentials, retries, timeout, user agent trailwise/<version>, endpoint). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every SDK client constructor takes its own config type
  get<C>(ctor: new (config: any) => C, region: string): C;
  /** Calls made per `service:Operation`, and retries, so far. */
  stats(): ClientStats;
  /** The region used for global calls (optional so that test doubles need not provide it). */
  readonly defaultRegion?: string;
  /** Where the credentials come from, for messages ("profile audit", "role arn:…"); never the credentials themselves. */
  readonly credentialSource?: string;
  /**
   * Also reports `call` events to `listener`, labelled with `accountId`, until the returned function is called.
   * A listener already attached (e.g. the one given to `createClientFactory`) is not attached twice.
   */
  observe?(listener: CollectListener, accountId?: string): () => void;
  /** Closes every client's connections (an org audit makes one factory per account; sockets must not pile up). */
  destroy?(): void;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const SESSION_NAME = 'trailwise';
/** Refresh temporary credentials this long before they expire. */
const CREDENTIAL_REFRESH_MS = 5 * 60_000;

/**
 * Key of a `send` option that stops retries (not the request in flight) once its signal is aborted. The collectors
 * pass it on every call; it is removed before the SDK sees the options.
 */
export const RETRY_SIGNAL = 'trailwiseRetrySignal';

const failedOperations = new WeakMap<object, string>();

/** The `service:Operation` an error came from, when it was thrown by a call made through a factory client. */
export function failedOperation(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? failedOperations.get(err) : undefined;
}

const SERVICE_PREFIX: Record<string, string> = {
  CloudTrail: 'cloudtrail',
  'CloudWatch Logs': 'logs',
  'Config Service': 'config',
  GuardDuty: 'guardduty',
  Detective: 'detective',
  S3: 's3',
  'S3 Control': 's3control',
  STS: 'sts',
  IAM: 'iam',
  Organizations: 'organizations',
  EC2: 'ec2',
};

/** `service:Operation` for a command, also for commands outside trailwise's table. */
function operationName(command: object, serviceId: string | undefined): string {
  const known = operationOfCommand(command);
  if (known) return `${known.service}:${known.operation}`;
  const service = (serviceId && SERVICE_PREFIX[serviceId]) ?? serviceId?.toLowerCase().replace(/\s+/g, '') ?? 'aws';
  // Generated commands carry their operation schema as [type, namespace, name, …].
  const schema = (command as {schema?: unknown}).schema;
  const fromSchema = Array.isArray(schema) && typeof schema[2] === 'string' ? schema[2] : undefined;
  return `${service}:${fromSchema ?? command.constructor.name.replace(/Command$/, '')}`;
}

function envEndpoint(...names: string[]): string | undefined {
  if (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  for (const name of names) {
    const value = process.env[name];
    if (value) return value;
  }
  return undefined;
}

/** A provider that shares one credential lookup (or AssumeRole) between all clients, refreshing it shortly before it expires. */
export function sharedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let value: AwsCredentialIdentity | undefined;
  const fresh = (c: AwsCredentialIdentity) => !c.expiration || c.expiration.getTime() - Date.now() > CREDENTIAL_REFRESH_MS;
  return (props) => {
    if (value && fresh(value) && !props?.forceRefresh) return Promise.resolve(value);
    // Start a lookup unless one is already in flight (a resolved, stale value means none is).
    if (!pending || value || props?.forceRefresh) {
      value = undefined;
      const lookup = provider(props);
      pending = lookup;
      lookup.then(
        (c) => {
          if (pending === lookup) value = c;
        },
        () => {
          // A failed lookup is not cached: the next call tries again.
          if (pending === lookup) pending = undefined;
        },
      );
    }
    return pending;
  };
}

function credentialChain(
  settings: ClientSettings,
  defaultRegion: string,
  requestHandler: NodeHttpHandler,
): {provider: AwsCredentialIdentityProvider; source: string} {
  // The base identity: given credentials, a named profile, or the default chain; a role, if any, is assumed with it.
  const base = settings.credentials ?? (settings.profile ? fromIni({profile: settings.profile}) : fromNodeProviderChain());
  const baseSource = settings.credentials ? 'the credentials given' : settings.profile ? `profile ${settings.profile}` : 'the default credential chain';
  if (!settings.roleArn) return {provider: sharedCredentials(base), source: baseSource};
  const assumed = fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: settings.roleArn,
      RoleSessionName: SESSION_NAME,
      ...(settings.externalId ? {ExternalId: settings.externalId} : {}),
    },
    clientConfig: {
      region: defaultRegion,
      requestHandler,
      customUserAgent: [['trailwise', TOOL_VERSION]],
      ...(settings.endpointUrl ? {endpoint: settings.endpointUrl} : {}),
    },
  });
  return {provider: sharedCredentials(assumed), source: `role ${settings.roleArn} (assumed with ${baseSource})`};
}

type SendFn = (command: object, ...rest: unknown[]) => Promise<unknown>;
type RetryToken = Awaited<ReturnType<AdaptiveRetryStrategy['acquireInitialRetryToken']>>;
type RenewableToken = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[0];
type RetryErrorInfo = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[1];

function splitRetrySignal(rest: unknown[]): {args: unknown[]; retrySignal?: AbortSignal} {
  const [options, ...more] = rest;
  if (typeof options !== 'object' || options === null || !(RETRY_SIGNAL in options)) return {args: rest};
  const {[RETRY_SIGNAL]: retrySignal, ...sdkOptions} = options as Record<string, unknown>;
  return {args: [sdkOptions, ...more], retrySignal: retrySignal as AbortSignal | undefined};
}

/** What the response-format middleware reads of a client: its protocol, and how it reads a body stream. */
interface ClientInternals {
  config: {protocol?: {getShapeId?: () => string}; streamCollector: (stream: unknown) => Promise<Uint8Array>};
  middlewareStack: {addRelativeTo: (middleware: unknown, options: Record<string, unknown>) => void};
}

/** The transport's response as the deserializer receives it. */
interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * Adds to a client a step, just before the SDK deserializes a successful response, that rejects a body that is not in
 * the protocol's format (an HTML page answered with HTTP 200) as `InvalidResponse`, instead of letting the
 * deserializer read it as an empty answer ("not configured"). One place for every client and every call.
 */
function checkResponseFormat(client: object): void {
  const {config, middlewareStack} = client as ClientInternals;
  if (!middlewareStack?.addRelativeTo) return;
  const protocol = config.protocol?.getShapeId?.();
  const middleware =
    (next: (args: unknown) => Promise<{response: unknown}>, context: {commandName?: string}) =>
    async (args: unknown) => {
      const result = await next(args);
      const response = result.response as RawResponse | undefined;
      if (typeof response?.statusCode !== 'number' || typeof response.headers !== 'object') return result;
      if (response.statusCode < 200 || response.statusCode >= 300) return result;
      // Read once and handed on as bytes, which every deserializer accepts in place of the stream.
      const bytes = response.body instanceof Uint8Array ? response.body : await config.streamCollector(response.body ?? new Uint8Array());
      response.body = bytes;
      const contentType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const problem = responseFormatProblem({protocol, operation, contentType, body: new TextDecoder().decode(bytes)});
      if (problem) throw new InvalidResponseError(`the response is not a valid AWS answer (HTTP ${response.statusCode}${contentType ? `, ${contentType}` : ''}): ${problem}`, undefined, {statusCode: response.statusCode, headers: response.headers});
      return result;
    };
  middlewareStack.addRelativeTo(middleware, {relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'trailwiseResponseFormat', override: true});
}

/** Creates the client factory for one set of credentials (one account). */
export function createClientFactory(settings: ClientSettings, listener?: CollectListener): ClientFactory {
  const defaultRegion = settings.defaultRegion ?? process.env.AWS_REGION ?? 'us-east-1';
  const maxAttempts = Math.max(1, Math.floor(settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const requestTimeout = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // One handler, so that every client shares the connection pool; without throwOnRequestTimeout the SDK only warns.
  const requestHandler = new NodeHttpHandler({requestTimeout, connectionTimeout: requestTimeout, throwOnRequestTimeout: true});
  const credentials = credentialChain(settings, defaultRegion, requestHandler);
  const s3Endpoint = settings.endpointUrl ?? envEndpoint('AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL');
  const s3ControlEndpoint = settings.endpointUrl ?? envEndpoint('AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_ENDPOINT_URL');

  const clients = new Map<unknown, Map<string, unknown>>();
  const stats: ClientStats = {calls: {}, retries: 0, errors: 0};
  const observers = new Map<CollectListener, string | undefined>();
  if (listener) observers.set(listener, undefined);
  let callerAccountId = '';

  function finished(operation: string, region: string, retries: number, ok: boolean, output?: unknown): void {
    stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
    stats.retries += retries;
    if (!ok) stats.errors++;
    if (ok && operation === 'sts:GetCallerIdentity') {
      const account = (output as {Account?: unknown} | undefined)?.Account;
      if (typeof account === 'string') callerAccountId = account;
    }
    for (const [observer, accountId] of observers) {
      observer({type: 'call', accountId: accountId ?? callerAccountId, region, operation, retries, ok});
    }
  }

  function instrument(client: object, region: string): void {
    checkResponseFormat(client);
    const strategy = new AdaptiveRetryStrategy(maxAttempts);
    const serviceId = (client as {config?: {serviceId?: string}}).config?.serviceId;
    const send: SendFn = async (command, ...rest) => {
      const operation = operationName(command, serviceId);
      const {args, retrySignal} = splitRetrySignal(rest);
      // Looked up at call time so that a test double installed on the prototype after creation still applies.
      const original = (Object.getPrototypeOf(client) as {send: SendFn}).send;
      let token: RetryToken = await strategy.acquireInitialRetryToken('');
      for (;;) {
        try {
          const output = await original.call(client, command, ...args);
          strategy.recordSuccess(token as RenewableToken);
          finished(operation, region, token.getRetryCount(), true, output);
          return output;
        } catch (err) {
          if (!retrySignal?.aborted) {
            try {
              token = await strategy.refreshRetryTokenForRetry(token as RenewableToken, {
                errorType: retryErrorType(err),
                error: err as RetryErrorInfo['error'],
                retryAfterHint: retryAfterHint(err),
              });
              // Older strategies leave the wait to the caller; newer ones have already waited (delay 0).
              const delay = token.getRetryDelay();
              if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
              continue;
            } catch {
              // Not retryable, out of attempts, or out of retry capacity: the error stands.
            }
          }
          if (typeof err === 'object' && err !== null) failedOperations.set(err, operation);
          finished(operation, region, token.getRetryCount(), isNotConfigured(err, operation));
          throw err;
        }
      }
    };
    (client as {send: SendFn}).send = send;
  }

  function configFor(ctor: unknown, region: string): Record<string, unknown> {
    const config: Record<string, unknown> = {
      region,
      credentials: credentials.provider,
      maxAttempts: 1,
      requestHandler,
      customUserAgent: [['trailwise', TOOL_VERSION]],
    };
    if (settings.endpointUrl) config.endpoint = settings.endpointUrl;
    if (ctor === S3Client) {
      // A bucket read from the wrong region is redirected rather than failed; endpoints other than AWS's need path-style.
      config.followRegionRedirects = true;
      if (s3Endpoint) config.forcePathStyle = true;
    }
    if (ctor === S3ControlClient && s3ControlEndpoint) {
      // S3 Control puts the account id in the host name (`<account>.s3-control…`), which a custom endpoint cannot serve.
      const url = s3ControlEndpoint;
      config.endpoint = url;
      config.endpointProvider = () => ({url: new URL(url)});
    }
    return config;
  }

  return {
    defaultRegion,
    credentialSource: credentials.source,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in the interface
    get<C>(ctor: new (config: any) => C, region: string): C {
      let byRegion = clients.get(ctor);
      if (!byRegion) clients.set(ctor, (byRegion = new Map()));
      let client = byRegion.get(region) as C | undefined;
      if (!client) {
        client = new ctor(configFor(ctor, region));
        instrument(client as object, region);
        byRegion.set(region, client);
      }
      return client;
    },
    stats() {
      return {calls: {...stats.calls}, retries: stats.retries, errors: stats.errors};
    },
    destroy() {
      for (const byRegion of clients.values()) {
        for (const client of byRegion.values()) (client as {destroy?: () => void}).destroy?.();
      }
      clients.clear();
    },
    observe(observer, accountId) {
      if (observers.has(observer)) return () => {};
      observers.set(observer, accountId);
      return () => {
        observers.delete(observer);
      };
    },
  };
}

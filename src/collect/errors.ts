/**
 * The collectors' error taxonomy: how any failure of an AWS call becomes a `CollectionErrorRecord` on the evidence it
 * was for, which failures are worth retrying, which "errors" are really answers ("no bucket policy"), and which ones
 * mean the credentials do not work at all.
 */
import type {CollectionErrorRecord, ErrorKind} from '../snapshot/types.js';

/** Thrown instead of sending a request once the run has been interrupted. */
export class NotCollectedError extends Error {
  override readonly name = 'NotCollected';
  constructor(message = 'interrupted before this evidence was read') {
    super(message);
  }
}

/**
 * A response that cannot be what AWS sends: a body not in the protocol's format (an HTML page with HTTP 200), or one
 * that parsed but lacks what AWS always sends (no account id, no regions). The endpoint is not AWS.
 */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponse';
  /** As on the SDK's own errors, so that the record carries the HTTP status. */
  readonly $metadata?: {httpStatusCode?: number};
  readonly $response?: {statusCode?: number; headers?: Record<string, string | undefined>};
  constructor(
    message: string,
    /** `service:Operation`, when the collector that throws knows it (a call through a factory client is tagged anyway). */
    readonly operation?: string,
    response?: {statusCode: number; headers: Record<string, string | undefined>},
  ) {
    super(message);
    if (response) {
      this.$metadata = {httpStatusCode: response.statusCode};
      this.$response = response;
    }
  }
}

/** The shape of SDK errors this module reads; every field is optional because transport errors carry few. */
export interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: {httpStatusCode?: number; clockSkewCorrected?: boolean};
  $retryable?: {throttling?: boolean};
  $response?: {headers?: Record<string, string | undefined>; statusCode?: number};
  cause?: unknown;
}

// From the SDK's own classification (@smithy service-error-classification), plus service-specific names.
const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TIMEOUT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'NetworkingError',
  'ERR_HTTP2_STREAM_ERROR',
]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AllAccessDisabled',
  'AuthFailure',
  'AuthorizationError',
  'Forbidden',
  'ForbiddenException',
  'NotAuthorized',
  'UnauthorizedAccess',
  'UnauthorizedException',
  'UnauthorizedOperation',
  // Credentials that stop working in the middle of a run (an expired session) deny each call.
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'RequestExpired',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
]);
/** Codes that mean the credentials themselves are unusable when they answer the very first call. */
const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'RegionDisabledException',
]);

/**
 * "Errors" that are answers: the thing is not configured. Keyed by `service:Operation` so that a code is only an
 * answer where AWS documents it as one.
 */
const NOT_CONFIGURED: Record<string, string[]> = {
  's3:GetObjectLockConfiguration': ['ObjectLockConfigurationNotFoundError'],
  's3:GetBucketLifecycleConfiguration': ['NoSuchLifecycleConfiguration'],
  's3:GetPublicAccessBlock': ['NoSuchPublicAccessBlockConfiguration'],
  's3control:GetPublicAccessBlock': ['NoSuchPublicAccessBlockConfiguration'],
  's3:GetBucketPolicy': ['NoSuchBucketPolicy'],
  's3:GetBucketPolicyStatus': ['NoSuchBucketPolicy'],
  's3:GetBucketEncryption': ['ServerSideEncryptionConfigurationNotFoundError'],
  'cloudtrail:GetInsightSelectors': ['InsightNotEnabledException'],
  'organizations:DescribeOrganization': ['AWSOrganizationsNotInUseException'],
  // A resource deleted between the list call and its describe call: the collector drops it.
  'eks:DescribeCluster': ['ResourceNotFoundException'],
  'apigateway:GetStages': ['NotFoundException'],
  'apigatewayv2:GetStages': ['NotFoundException'],
  'cloudtrail:GetEventDataStore': ['EventDataStoreNotFoundException'],
  // Security Lake was never enabled for the account in the region.
  'securitylake:ListDataLakes': ['ResourceNotFoundException'],
  // A load balancer deleted between the list and the attribute read: answered as `null`, and the collector drops it.
  'elbv2:DescribeLoadBalancerAttributes': ['LoadBalancerNotFoundException', 'LoadBalancerNotFound'],
  'elb:DescribeLoadBalancerAttributes': ['AccessPointNotFoundException', 'LoadBalancerNotFound'],
};

/** Codes by which AWS says the account cannot use the service in this region at all (not a permission problem). */
const UNAVAILABLE_CODES: Record<string, string> = {
  SubscriptionRequiredException: 'the account is not subscribed to the service in this region',
  OptInRequired: 'the region or service requires an opt-in the account has not made',
};

/**
 * Security Hub answers InvalidAccessException both for "not enabled here" / "not the administrator" and for a caller
 * that may not read it, so only the documented sentences are answers; any other InvalidAccessException is an error.
 */
const SECURITY_HUB_ANSWERS: Record<string, RegExp> = {
  'securityhub:DescribeHub': /is not subscribed to AWS Security\s?Hub/i,
  'securityhub:DescribeOrganizationConfiguration': /is not an administrator for this organization/i,
};

const MAX_MESSAGE = 300;

function asError(err: unknown): SdkErrorLike {
  return typeof err === 'object' && err !== null ? (err as SdkErrorLike) : {message: String(err)};
}

/**
 * The code of a failed connection (`ECONNRESET`, `EPIPE`, `ECONNREFUSED`…), whatever name the SDK gave the error: its
 * HTTP handler names a reset connection `TimeoutError` (so that it is retried), and a reset in the middle of a body
 * reaches the deserializer and carries its message.
 */
function connectionCode(e: SdkErrorLike): string | undefined {
  const codes = [e.code, asError(e.cause).code].filter((c): c is string => !!c);
  const code = codes.find((c) => NETWORK_CODES.has(c));
  if (code) return code;
  // Node's message for a connection closed before the response, when the code did not come with it (the SDK wraps
  // an error from another realm into a message: "AWS SDK error wrapper for TimeoutError: socket hang up").
  return /\bsocket hang up$/.test(e.message ?? '') ? 'ECONNRESET' : undefined;
}

/** The AWS error code of an SDK error (`AccessDenied`…), or the transport code (`ECONNRESET`…). */
export function errorCode(err: unknown): string | undefined {
  const e = asError(err);
  const connection = connectionCode(e);
  if (connection) return connection;
  // Service exceptions carry the code as their name; Node's transport errors are plain `Error`s with a `code`.
  if (e.name && e.name !== 'Error') return e.name;
  return e.code ?? e.Code ?? undefined;
}

function httpStatusOf(err: SdkErrorLike): number | undefined {
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 0 ? status : undefined;
}

function header(err: SdkErrorLike, name: string): string | undefined {
  const headers = err.$response?.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

/** The SDK could not parse the response: an HTML error page from a proxy, or a body that is not AWS's format. */
function isInvalidResponse(err: SdkErrorLike): boolean {
  if (err instanceof InvalidResponseError) return true;
  const message = err.message ?? '';
  if (message.includes('Deserialization error') || /XML parse error/i.test(message)) return true;
  if (err.name === 'SyntaxError') return true;
  // An error response whose code the SDK could not find (XML protocols name it "Unknown").
  if (err.name === 'Unknown' || err.name === 'UnknownError') return true;
  return /text\/html/i.test(header(err, 'content-type') ?? '');
}

function isThrottling(err: SdkErrorLike, code: string | undefined): boolean {
  return httpStatusOf(err) === 429 || (code !== undefined && THROTTLING_CODES.has(code)) || err.$retryable?.throttling === true;
}

function isTimeout(err: SdkErrorLike, code: string | undefined): boolean {
  return (code !== undefined && TIMEOUT_CODES.has(code)) || (err.code !== undefined && TIMEOUT_CODES.has(err.code));
}

function isNetwork(err: SdkErrorLike): boolean {
  return connectionCode(err) !== undefined || (err.name !== undefined && NETWORK_CODES.has(err.name));
}

/** The kind of failure, for the snapshot. */
export function errorKind(err: unknown): ErrorKind {
  const e = asError(err);
  if (e instanceof NotCollectedError) return 'NotCollected';
  const code = errorCode(e);
  // A connection cut (reset, broken pipe, refused) is the network's doing, even when the SDK calls it a timeout or it
  // broke off a body the deserializer then could not read.
  if (isNetwork(e)) return 'Unreachable';
  if (isInvalidResponse(e)) return 'InvalidResponse';
  if (isThrottling(e, code)) return 'Throttled';
  if (isTimeout(e, code)) return 'Timeout';
  if ((code !== undefined && ACCESS_DENIED_CODES.has(code)) || httpStatusOf(e) === 403) return 'AccessDenied';
  return 'ServiceError';
}

/** How the retry strategy should treat a failure (the SDK's `RetryErrorType`). */
export type RetryErrorType = 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';

/** The retry class of a failure, following the SDK's own classification so that retries behave as the SDK's would. */
export function retryErrorType(err: unknown): RetryErrorType {
  const e = asError(err);
  if (e instanceof NotCollectedError || e instanceof InvalidResponseError) return 'CLIENT_ERROR';
  const code = errorCode(e);
  if (isThrottling(e, code)) return 'THROTTLING';
  const status = httpStatusOf(e);
  if (
    e.$retryable !== undefined ||
    e.$metadata?.clockSkewCorrected === true ||
    isTimeout(e, code) ||
    isNetwork(e) ||
    (status !== undefined && TRANSIENT_STATUS.has(status)) ||
    (code === 'InvalidSignatureException' && (e.message ?? '').includes('Signature expired'))
  ) {
    return 'TRANSIENT';
  }
  if (status !== undefined && status >= 500 && status <= 599) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

/** The `Retry-After` header of a throttled response, as the SDK's retry strategy expects it. */
export function retryAfterHint(err: unknown): Date | undefined {
  const value = header(asError(err), 'retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(Date.now() + seconds * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** True when AWS answered "not configured" for this operation: a fact (`null`), not a failure. */
export function isNotConfigured(err: unknown, operation: string): boolean {
  const code = errorCode(err);
  if (!code) return false;
  if (NOT_CONFIGURED[operation]?.includes(code)) return true;
  const securityHubAnswer = SECURITY_HUB_ANSWERS[operation];
  if (securityHubAnswer) return code === 'InvalidAccessException' && securityHubAnswer.test(asError(err).message ?? '');
  // GuardDuty answers BadRequest when the caller is not the organization's GuardDuty administrator.
  return (
    operation === 'guardduty:DescribeOrganizationConfiguration' &&
    code === 'BadRequestException' &&
    /admin|master|delegat|organi[sz]ation/i.test(asError(err).message ?? '')
  );
}

/**
 * Why AWS does not offer a service in a region, when a failed call says so, or `undefined` for a real failure. A host
 * name that does not resolve means "no endpoint here" only while the region's other endpoints answer
 * (`regionAnswered`); otherwise it is more likely the network, and stays an error.
 */
export function serviceUnavailable(error: CollectionErrorRecord, regionAnswered: boolean): {reason: string; code?: string} | undefined {
  const code = error.code;
  if (code !== undefined && UNAVAILABLE_CODES[code]) return {reason: UNAVAILABLE_CODES[code], code};
  if (code === 'ENOTFOUND' && regionAnswered) {
    const service = error.operation?.split(':')[0] ?? 'the service';
    return {reason: `${service} has no endpoint in this region`, code};
  }
  return undefined;
}

/**
 * Removes anything that looks like a credential from a message: access key ids, session tokens, signatures.
 * Messages come from AWS or from the network stack and are shown to users and written to snapshots.
 */
export function redact(message: string): string {
  return message
    // A credential_process command line may carry a secret of its own.
    .replace(/(Command failed:).*/g, '$1 [command redacted]')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[redacted key id]')
    .replace(/(X-Amz-(?:Security-Token|Credential|Signature)=)[^&\s"]+/gi, '$1[redacted]')
    .replace(/(Signature=)[0-9a-f]{16,}/gi, '$1[redacted]')
    .replace(/(Credential=)[^,\s]+/g, '$1[redacted]')
    .replace(/[A-Za-z0-9+/]{100,}={0,2}/g, '[redacted token]');
}

function describe(err: SdkErrorLike, kind: ErrorKind, status: number | undefined): string {
  if (kind === 'InvalidResponse') {
    if (err instanceof InvalidResponseError) return err.message;
    const type = header(err, 'content-type');
    const what = [status !== undefined ? `HTTP ${status}` : undefined, type].filter(Boolean).join(', ');
    return `the response is not a valid AWS answer${what ? ` (${what})` : ''}`;
  }
  // The SDK appends hints on later lines; the first line is AWS's sentence.
  const first = (err.message ?? '').split('\n')[0]?.trim() ?? '';
  const text = first || errorCode(err) || 'unknown error';
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** Maps any SDK or transport error to the record stored on the evidence it was for. */
export function toCollectionError(err: unknown, operation?: string): CollectionErrorRecord {
  const e = asError(err);
  const kind = errorKind(e);
  const status = httpStatusOf(e);
  // A parse failure's "code" (SyntaxError, Unknown) names the SDK's symptom, not an AWS error code.
  const code = kind === 'InvalidResponse' ? undefined : errorCode(e);
  const op = (e instanceof InvalidResponseError ? e.operation : undefined) ?? operation;
  const record: CollectionErrorRecord = {kind, message: redact(describe(e, kind, status))};
  if (code && code !== 'NotCollected') record.code = code;
  if (op) record.operation = op;
  if (status !== undefined) record.httpStatus = status;
  return record;
}

/**
 * One sentence for credentials that do not work at all, or `undefined` when the failure is something else. Used on
 * the first call of a run, which needs no permission, so a denial there can only come from assuming the role.
 */
export function credentialsProblem(err: unknown, source: string): string | undefined {
  const e = asError(err);
  const code = errorCode(e);
  const detail = redact(describe(e, 'ServiceError', undefined));
  switch (code) {
    case 'CredentialsProviderError':
    case 'TokenProviderError':
      return `No usable AWS credentials from ${source}: ${detail}`;
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return `The AWS credentials from ${source} have expired (${code}); refresh the session (for SSO: aws sso login) and try again.`;
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
    case 'InvalidAccessKeyId':
      return `AWS does not recognise the access key or session token from ${source} (${code}).`;
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
      return `AWS rejected the request signature made with the credentials from ${source} (${code}); check the secret access key.`;
    case 'RegionDisabledException':
      return `AWS STS is not activated in the region used for global calls (${code}): ${detail}`;
    default:
      break;
  }
  if (code !== undefined && CREDENTIAL_CODES.has(code)) return `The AWS credentials from ${source} do not work (${code}): ${detail}`;
  if (errorKind(e) === 'AccessDenied') return `Could not obtain credentials from ${source} (${code ?? 'AccessDenied'}): ${detail}`;
  return undefined;
}

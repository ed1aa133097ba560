import {describe, expect, it} from '@jest/globals';
import {S3ServiceException} from '@aws-sdk/client-s3';
import {ThrottlingException} from '@aws-sdk/client-cloudtrail';
import {
  credentialsProblem,
  errorKind,
  InvalidResponseError,
  isNotConfigured,
  NotCollectedError,
  redact,
  retryErrorType,
  toCollectionError,
} from '../../src/collect/errors.js';
import {awsError} from './mock-aws.js';

/** A transport failure as Node raises it (a plain Error with a `code`). */
function transportError(code: string, message: string): Error {
  return Object.assign(new Error(message), {code, $metadata: {attempts: 1}});
}

/** What the SDK throws when a JSON protocol gets an HTML page (observed with a local server returning 502 text/html). */
function htmlPageError(status: number): Error {
  const err = new SyntaxError(
    `Unexpected token '<', "<html><bod"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`,
  );
  return Object.assign(err, {$metadata: {httpStatusCode: status}, $response: {statusCode: status, headers: {'content-type': 'text/html'}}});
}

describe('toCollectionError', () => {
  const cases: [string, unknown, Partial<ReturnType<typeof toCollectionError>>][] = [
    ['S3 AccessDenied', awsError('AccessDenied', 403, 'Access Denied'), {kind: 'AccessDenied', code: 'AccessDenied', httpStatus: 403}],
    ['GuardDuty AccessDeniedException', awsError('AccessDeniedException', 403), {kind: 'AccessDenied', code: 'AccessDeniedException'}],
    ['EC2 UnauthorizedOperation', awsError('UnauthorizedOperation', 403), {kind: 'AccessDenied', code: 'UnauthorizedOperation'}],
    ['an expired session mid-run', awsError('ExpiredTokenException', 400), {kind: 'AccessDenied', code: 'ExpiredTokenException'}],
    ['CloudTrail ThrottlingException', new ThrottlingException({message: 'Rate exceeded', $metadata: {httpStatusCode: 400}}), {kind: 'Throttled', code: 'ThrottlingException'}],
    ['EC2 RequestLimitExceeded', awsError('RequestLimitExceeded', 503), {kind: 'Throttled', code: 'RequestLimitExceeded'}],
    ['S3 SlowDown', awsError('SlowDown', 503), {kind: 'Throttled'}],
    ['HTTP 429 without a code', awsError('Unknown429', 429), {kind: 'Throttled'}],
    ['request timeout', Object.assign(new Error('a request has exceeded the configured 10000 ms requestTimeout.'), {name: 'TimeoutError', code: 'ETIMEDOUT'}), {kind: 'Timeout', code: 'TimeoutError'}],
    [
      'a connection reset (the SDK names it TimeoutError)',
      Object.assign(new Error('socket hang up'), {name: 'TimeoutError', code: 'ECONNRESET', $metadata: {attempts: 1}}),
      {kind: 'Unreachable', code: 'ECONNRESET'},
    ],
    ['a broken pipe', Object.assign(new Error('write EPIPE'), {name: 'TimeoutError', code: 'EPIPE', $metadata: {attempts: 1}}), {kind: 'Unreachable', code: 'EPIPE'}],
    [
      'a connection reset in the middle of the body',
      Object.assign(new Error('aborted\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), {code: 'ECONNRESET', $metadata: {httpStatusCode: 200}}),
      {kind: 'Unreachable', code: 'ECONNRESET', httpStatus: 200},
    ],
    ['connection refused', transportError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), {kind: 'Unreachable', code: 'ECONNREFUSED'}],
    ['unknown host', transportError('ENOTFOUND', 'getaddrinfo ENOTFOUND guardduty.xx-east-9.amazonaws.com'), {kind: 'Unreachable', code: 'ENOTFOUND'}],
    ['an HTML page from a proxy (JSON protocol)', htmlPageError(502), {kind: 'InvalidResponse', httpStatus: 502}],
    ['an HTML 403 page is not a denial', htmlPageError(403), {kind: 'InvalidResponse', httpStatus: 403}],
    [
      'an unparsable XML error (XML protocol)',
      new S3ServiceException({name: 'Unknown', $fault: 'server', $metadata: {httpStatusCode: 502}, message: 'UnknownError'}),
      {kind: 'InvalidResponse', httpStatus: 502},
    ],
    [
      'a garbled 200 body',
      Object.assign(new Error('@aws-sdk XML parse error: unexpected content.\n  Deserialization error: …'), {$metadata: {httpStatusCode: 200}}),
      {kind: 'InvalidResponse', httpStatus: 200},
    ],
    ['a response that cannot be AWS', new InvalidResponseError('DescribeRegions returned no regions', 'ec2:DescribeRegions'), {kind: 'InvalidResponse', operation: 'ec2:DescribeRegions'}],
    ['a modelled client error', awsError('TrailNotFoundException', 400, 'Unknown trail'), {kind: 'ServiceError', code: 'TrailNotFoundException', httpStatus: 400}],
    ['an internal failure', awsError('InternalFailure', 500), {kind: 'ServiceError', code: 'InternalFailure', httpStatus: 500}],
    ['an interrupted run', new NotCollectedError(), {kind: 'NotCollected'}],
  ];

  it.each(cases)('GIVEN %s WHEN mapped THEN the record has the expected kind, code and status', (_name, err, expected) => {
    const record = toCollectionError(err, 'cloudtrail:GetTrailStatus');
    expect(record).toMatchObject(expected);
    expect(record.message.length).toBeGreaterThan(0);
    expect(record.message).not.toContain('\n');
    expect(record.operation).toBe(expected.operation ?? 'cloudtrail:GetTrailStatus');
  });

  it('GIVEN an unparsable response WHEN mapped THEN the SDK symptom (SyntaxError, Unknown) is not reported as an AWS error code', () => {
    expect(toCollectionError(htmlPageError(502)).code).toBeUndefined();
    expect(toCollectionError(htmlPageError(502)).message).toBe('the response is not a valid AWS answer (HTTP 502, text/html)');
  });

  it('GIVEN a message with an access key id and a session token WHEN mapped THEN neither appears in the record', () => {
    const token = 'IQoJb3JpZ2luX2VjEJr' + 'A'.repeat(300) + '==';
    const err = awsError('InvalidClientTokenId', 403, `The security token AKIAIOSFODNN7EXAMPLE included in the request is invalid: ${token}`);
    const record = toCollectionError(err);
    expect(record.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(record.message).not.toContain('IQoJb3JpZ2luX2Vj');
    expect(record.message).toContain('[redacted');
  });
});

describe('retry classification', () => {
  it('GIVEN throttling, transient, server and client failures WHEN classified THEN only throttling and transient ones are retryable types', () => {
    expect(retryErrorType(new ThrottlingException({message: 'Rate exceeded', $metadata: {}}))).toBe('THROTTLING');
    expect(retryErrorType(awsError('ServiceUnavailable', 503))).toBe('TRANSIENT');
    expect(retryErrorType(transportError('ECONNRESET', 'socket hang up'))).toBe('TRANSIENT');
    expect(retryErrorType(htmlPageError(502))).toBe('TRANSIENT');
    expect(retryErrorType(awsError('InternalError', 501))).toBe('SERVER_ERROR');
    expect(retryErrorType(awsError('AccessDenied', 403))).toBe('CLIENT_ERROR');
    expect(retryErrorType(new NotCollectedError())).toBe('CLIENT_ERROR');
  });

  it('GIVEN a failure WHEN its kind is asked THEN throttling wins over a 5xx status (EC2 RequestLimitExceeded is 503)', () => {
    expect(errorKind(awsError('RequestLimitExceeded', 503))).toBe('Throttled');
  });
});

describe('isNotConfigured', () => {
  it.each([
    ['s3:GetObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError'],
    ['s3:GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration'],
    ['s3:GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration'],
    ['s3control:GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration'],
    ['s3:GetBucketPolicy', 'NoSuchBucketPolicy'],
    ['s3:GetBucketPolicyStatus', 'NoSuchBucketPolicy'],
    ['s3:GetBucketEncryption', 'ServerSideEncryptionConfigurationNotFoundError'],
    ['cloudtrail:GetInsightSelectors', 'InsightNotEnabledException'],
    ['organizations:DescribeOrganization', 'AWSOrganizationsNotInUseException'],
  ])('GIVEN %s answering %s WHEN checked THEN it is an answer, not a failure', (operation, code) => {
    expect(isNotConfigured(awsError(code, 404), operation)).toBe(true);
  });

  it('GIVEN a "not configured" code on another operation, or a denial WHEN checked THEN it is a failure', () => {
    expect(isNotConfigured(awsError('NoSuchBucketPolicy', 404), 's3:GetBucketAcl')).toBe(false);
    expect(isNotConfigured(awsError('AccessDenied', 403), 's3:GetBucketPolicy')).toBe(false);
  });

  it('GIVEN GuardDuty DescribeOrganizationConfiguration WHEN the account is not the administrator THEN the BadRequest is an answer; another BadRequest is not', () => {
    const notAdmin = awsError('BadRequestException', 400, 'The request is rejected because the current account is not the GuardDuty administrator account.');
    const badInput = awsError('BadRequestException', 400, 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.');
    expect(isNotConfigured(notAdmin, 'guardduty:DescribeOrganizationConfiguration')).toBe(true);
    expect(isNotConfigured(badInput, 'guardduty:DescribeOrganizationConfiguration')).toBe(false);
  });
});

describe('credentialsProblem', () => {
  it.each([
    ['CredentialsProviderError', Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}), /No usable AWS credentials from profile audit/],
    ['ExpiredToken', awsError('ExpiredToken', 403, 'The security token included in the request is expired'), /have expired \(ExpiredToken\)/],
    ['InvalidClientTokenId', awsError('InvalidClientTokenId', 403), /does not recognise the access key/],
    ['UnrecognizedClientException', awsError('UnrecognizedClientException', 400), /does not recognise the access key/],
    ['SignatureDoesNotMatch', awsError('SignatureDoesNotMatch', 403), /rejected the request signature/],
    ['AccessDenied from AssumeRole', awsError('AccessDenied', 403, 'User: arn:aws:iam::111111111111:user/a is not authorized to perform: sts:AssumeRole'), /Could not obtain credentials from profile audit \(AccessDenied\)/],
  ])('GIVEN %s on the first call WHEN asked THEN one sentence names the problem and the source', (_name, err, pattern) => {
    const sentence = credentialsProblem(err, 'profile audit');
    expect(sentence).toMatch(pattern);
    expect(sentence).not.toContain('\n');
  });

  it('GIVEN a timeout or a throttle WHEN asked THEN it is not a credentials problem', () => {
    expect(credentialsProblem(transportError('ETIMEDOUT', 'timed out'), 'x')).toBeUndefined();
    expect(credentialsProblem(awsError('Throttling', 400), 'x')).toBeUndefined();
  });
});

describe('redact', () => {
  it('GIVEN a presigned URL and an Authorization header excerpt WHEN redacted THEN the secrets are gone and the rest is kept', () => {
    const text = 'GET https://b.s3.amazonaws.com/k?X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F2026&X-Amz-Signature=abcdef0123 Credential=AKIAIOSFODNN7EXAMPLE/2026, Signature=0123456789abcdef0123';
    const out = redact(text);
    expect(out).not.toMatch(/AKIA|ASIA|abcdef0123|0123456789abcdef/);
    expect(out).toContain('GET https://b.s3.amazonaws.com/k?');
  });

  it('GIVEN a failed credential_process WHEN redacted THEN its command line is not shown', () => {
    expect(redact('Command failed: vault-creds --token s.Zx81mq2 --role audit')).toBe('Command failed: [command redacted]');
  });
});

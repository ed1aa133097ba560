/**
 * The wire formats of the five AWS protocols the collectors meet: JSON 1.1 (`X-Amz-Target`), REST-JSON, REST-XML
 * (S3, S3 Control), Query (STS, IAM) and EC2 Query. Success bodies and error bodies are shaped, header for header,
 * like the AWS API references and botocore's protocol tests show them.
 */
import {randomBytes, randomUUID} from 'node:crypto';

export type Protocol = 'json' | 'rest-json' | 'rest-xml' | 'query' | 'ec2';

/** The services the fake answers, by SigV4 signing name (S3 Control signs as `s3` but is told apart by path). */
export type ServiceName =
  | 'cloudtrail'
  | 'logs'
  | 'config'
  | 'organizations'
  | 'guardduty'
  | 'detective'
  | 's3'
  | 's3control'
  | 'ec2'
  | 'sts'
  | 'iam'
  | 'eks'
  | 'apigateway'
  | 'securityhub'
  | 'securitylake'
  | 'elasticloadbalancing'
  | 'route53resolver'
  | 'wafv2';

interface ServiceWire {
  protocol: Protocol;
  /** JSON 1.1: the key of the error message (CloudTrail and Organizations write `Message`, the others `message`). */
  messageKey?: 'message' | 'Message';
  /** REST-JSON: the Coral namespace AWS appends to `x-amzn-ErrorType`. */
  coralNamespace?: string;
  /** Query: the response XML namespace. */
  xmlns?: string;
}

export const SERVICE_WIRE: Record<ServiceName, ServiceWire> = {
  cloudtrail: {protocol: 'json', messageKey: 'Message'},
  logs: {protocol: 'json', messageKey: 'message'},
  config: {protocol: 'json', messageKey: 'message'},
  organizations: {protocol: 'json', messageKey: 'Message'},
  guardduty: {protocol: 'rest-json', coralNamespace: 'com.amazonaws.guardduty'},
  detective: {protocol: 'rest-json', coralNamespace: 'com.amazonaws.detective'},
  s3: {protocol: 'rest-xml'},
  s3control: {protocol: 'rest-xml'},
  ec2: {protocol: 'ec2', xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/'},
  sts: {protocol: 'query', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/'},
  iam: {protocol: 'query', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/'},
  eks: {protocol: 'rest-json', coralNamespace: 'com.amazonaws.eks'},
  // API Gateway v1 and v2 both sign as `apigateway` and are told apart by path (`/v2/…`).
  apigateway: {protocol: 'rest-json', coralNamespace: 'com.amazonaws.apigateway'},
  securityhub: {protocol: 'rest-json', coralNamespace: 'com.amazonaws.securityhub'},
  securitylake: {protocol: 'rest-json', coralNamespace: 'com.amazonaws.securitylake'},
  // ELB v2 and Classic share the signing name and endpoint; their responses differ in namespace (API version).
  elasticloadbalancing: {protocol: 'query', xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/'},
  route53resolver: {protocol: 'json', messageKey: 'Message'},
  wafv2: {protocol: 'json', messageKey: 'Message'},
};

/** The response namespace of each Elastic Load Balancing API version. */
export const ELB_XMLNS: Record<string, string> = {
  '2015-12-01': 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  '2012-06-01': 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/',
};

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An error AWS answers with; each protocol renders it in its own format. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: {
      /** REST-JSON: the body's `__type`, when AWS puts a finer type there than in `x-amzn-ErrorType` (GuardDuty). */
      bodyType?: string;
      /** REST-JSON: the Coral namespace of the front door rather than the service (IAM denials, throttling). */
      coralNamespace?: string;
      /** Query: `Sender` or `Receiver`. */
      fault?: 'Sender' | 'Receiver';
      /** S3: extra elements of `<Error>` (`BucketName`, `Region`, `Endpoint`, `AccountId`); JSON: extra body members. */
      fields?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }
}

/** Escapes text for an XML element or attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;'})[c]!);
}

/** `<name>text</name>`, or nothing when the value is undefined. */
export function el(name: string, value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function requestId(): string {
  return randomUUID();
}

/** S3's base64 `x-amz-id-2` host id. */
function hostId(): string {
  return randomBytes(48).toString('base64');
}

/** Seconds since the epoch, as JSON protocols write timestamps (with milliseconds as a fraction). */
export function epochSeconds(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

/** Drops undefined members so the JSON looks like AWS's (AWS omits unset members rather than writing null). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---- success bodies ---------------------------------------------------------------------------------------------

/** A JSON 1.1 success response. */
export function jsonReply(data: unknown): FakeResponse {
  return {
    status: 200,
    headers: {'x-amzn-requestid': requestId(), 'content-type': 'application/x-amz-json-1.1'},
    body: JSON.stringify(data),
  };
}

/** A REST-JSON success response; `undefined` data is AWS's "HTTP 200 but no content". */
export function restJsonReply(data: unknown, status = 200): FakeResponse {
  return {
    status,
    headers: {'x-amzn-requestid': requestId(), 'content-type': 'application/json'},
    body: data === undefined ? '' : JSON.stringify(data),
  };
}

/** An S3 / S3 Control XML success response (the root element carries its namespace). */
export function s3XmlReply(xml: string, headers: Record<string, string> = {}): FakeResponse {
  return {
    status: 200,
    headers: {...s3Headers(), 'content-type': 'application/xml', ...headers},
    body: XML_DECLARATION + xml,
  };
}

function s3Headers(): Record<string, string> {
  return {'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': hostId(), server: 'AmazonS3'};
}

/** A Query (STS, IAM, ELB) success response: `<{Action}Response><{Action}Result>…</…><ResponseMetadata>`. */
export function queryReply(service: 'sts' | 'iam' | 'elasticloadbalancing', action: string, resultXml: string, xmlns = SERVICE_WIRE[service].xmlns): FakeResponse {
  const id = requestId();
  const xml =
    `<${action}Response xmlns="${xmlns}">\n` +
    `  <${action}Result>${resultXml}</${action}Result>\n` +
    `  <ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata>\n` +
    `</${action}Response>\n`;
  return {status: 200, headers: {'x-amzn-requestid': id, 'content-type': 'text/xml'}, body: xml};
}

/** An EC2 Query success response: `<{Action}Response>` with `requestId` and the members directly inside. */
export function ec2Reply(action: string, membersXml: string): FakeResponse {
  const id = requestId();
  const xml =
    XML_DECLARATION +
    `<${action}Response xmlns="${SERVICE_WIRE.ec2.xmlns}">\n    <requestId>${id}</requestId>\n    ${membersXml}\n</${action}Response>`;
  return {status: 200, headers: {'x-amzn-requestid': id, 'content-type': 'text/xml;charset=UTF-8'}, body: xml};
}

// ---- errors -----------------------------------------------------------------------------------------------------

/** Renders an error in the service's protocol. */
export function renderError(service: ServiceName, error: AwsError): FakeResponse {
  const wire = SERVICE_WIRE[service];
  const extraHeaders = error.options.headers ?? {};
  const id = requestId();
  switch (wire.protocol) {
    case 'json':
      return {
        status: error.status,
        headers: {'x-amzn-requestid': id, 'content-type': 'application/x-amz-json-1.1', ...extraHeaders},
        body: JSON.stringify({__type: error.code, [wire.messageKey ?? 'message']: error.message, ...error.options.fields}),
      };
    case 'rest-json': {
      const namespace = error.options.coralNamespace ?? wire.coralNamespace;
      const body = error.options.coralNamespace
        ? {Message: error.message}
        : {message: error.message, __type: error.options.bodyType ?? error.code};
      return {
        status: error.status,
        headers: {
          'x-amzn-requestid': id,
          'x-amzn-errortype': `${error.code}:http://internal.amazon.com/coral/${namespace}/`,
          'content-type': 'application/json',
          ...extraHeaders,
        },
        body: JSON.stringify(body),
      };
    }
    case 'rest-xml': {
      const fields = Object.entries(error.options.fields ?? {})
        .map(([k, v]) => el(k, v))
        .join('');
      const headers: Record<string, string> = {...s3Headers(), 'content-type': 'application/xml', ...extraHeaders};
      // S3 Control wraps its errors in <ErrorResponse>; S3 does not.
      const body =
        service === 's3control'
          ? `<ErrorResponse><Error>${el('Code', error.code)}${el('Message', error.message)}${fields}</Error>` +
            `${el('RequestId', headers['x-amz-request-id'])}${el('HostId', headers['x-amz-id-2'])}</ErrorResponse>`
          : `<Error>${el('Code', error.code)}${el('Message', error.message)}${fields}` +
            `${el('RequestId', headers['x-amz-request-id'])}${el('HostId', headers['x-amz-id-2'])}</Error>`;
      return {status: error.status, headers, body: XML_DECLARATION + body};
    }
    case 'query':
      return {
        status: error.status,
        headers: {'x-amzn-requestid': id, 'content-type': 'text/xml', ...extraHeaders},
        body:
          `<ErrorResponse xmlns="${wire.xmlns}">\n  <Error>\n    ${el('Type', error.options.fault ?? (error.status >= 500 ? 'Receiver' : 'Sender'))}\n` +
          `    ${el('Code', error.code)}\n    ${el('Message', error.message)}\n  </Error>\n  ${el('RequestId', id)}\n</ErrorResponse>\n`,
      };
    case 'ec2':
      return {
        status: error.status,
        headers: {'content-type': 'text/xml;charset=UTF-8', ...extraHeaders},
        body:
          XML_DECLARATION +
          `<Response><Errors><Error>${el('Code', error.code)}${el('Message', error.message)}</Error></Errors>${el('RequestID', id)}</Response>`,
      };
  }
}

/** The page a proxy or load balancer answers when the service behind it is down: HTML, not the protocol's format. */
export function htmlErrorPage(status: number): FakeResponse {
  const reason = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : status === 504 ? 'Gateway Timeout' : 'Error';
  return {
    status,
    headers: {'content-type': 'text/html', server: 'awselb/2.0'},
    body: `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n</body>\r\n</html>\r\n`,
  };
}

// ---- the errors every service shares ----------------------------------------------------------------------------

/** IAM actions whose names differ from the operation they allow (the ones the collectors call). */
const IAM_ACTION: Record<string, string> = {
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  'apigateway:GetRestApis': 'apigateway:GET',
  'apigateway:GetStages': 'apigateway:GET',
  'apigatewayv2:GetApis': 'apigateway:GET',
  'apigatewayv2:GetStages': 'apigateway:GET',
};

/** The IAM action that allows an operation (`service:Operation`); ELB v2 (`elbv2:`) and Classic (`elb:`) share one prefix. */
export function iamActionOf(operation: string): string {
  return IAM_ACTION[operation] ?? operation.replace(/^s3control:/, 's3:').replace(/^elbv2?:/, 'elasticloadbalancing:');
}

/** What AWS answers when IAM denies the caller the operation. */
export function accessDenied(service: ServiceName, operation: string, callerArn: string, resource = '*'): AwsError {
  const action = iamActionOf(operation);
  const message = `User: ${callerArn} is not authorized to perform: ${action}${resource === '*' ? '' : ` on resource: ${resource}`} because no identity-based policy allows the ${action} action`;
  switch (SERVICE_WIRE[service].protocol) {
    case 'json':
      return new AwsError(400, 'AccessDeniedException', message);
    case 'rest-json':
      return new AwsError(403, 'AccessDeniedException', message, {coralNamespace: 'com.amazon.coral.service'});
    case 'rest-xml':
      return new AwsError(403, 'AccessDenied', message);
    case 'query':
      return new AwsError(403, 'AccessDenied', message);
    case 'ec2':
      return new AwsError(403, 'UnauthorizedOperation', `You are not authorized to perform this operation. ${message}`);
  }
}

/** What AWS answers when the caller's request rate is over the limit. */
export function throttled(service: ServiceName): AwsError {
  switch (service) {
    case 'organizations':
      return new AwsError(400, 'TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.');
    case 'guardduty':
    case 'detective':
    case 'apigateway':
    case 'securityhub':
      return new AwsError(429, 'TooManyRequestsException', 'Rate exceeded', {coralNamespace: 'com.amazon.coral.availability'});
    case 'eks':
    case 'securitylake':
      return new AwsError(429, 'ThrottlingException', 'Rate exceeded', {coralNamespace: 'com.amazon.coral.availability'});
    case 's3':
    case 's3control':
      return new AwsError(503, 'SlowDown', 'Please reduce your request rate.');
    case 'sts':
    case 'iam':
    case 'elasticloadbalancing':
      return new AwsError(400, 'Throttling', 'Rate exceeded');
    case 'ec2':
      return new AwsError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
    default:
      return new AwsError(400, 'ThrottlingException', 'Rate exceeded');
  }
}

/** What AWS answers for an access key it does not know (or a region the account has not opted in to). */
export function invalidToken(service: ServiceName): AwsError {
  switch (SERVICE_WIRE[service].protocol) {
    case 'json':
      return new AwsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    case 'rest-json':
      return new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', {
        coralNamespace: 'com.amazon.coral.service',
      });
    case 'rest-xml':
      return new AwsError(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    case 'query':
      return new AwsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    case 'ec2':
      return new AwsError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
  }
}

/** What AWS answers for temporary credentials past their expiry. */
export function expiredToken(service: ServiceName): AwsError {
  switch (SERVICE_WIRE[service].protocol) {
    case 'json':
      return new AwsError(400, 'ExpiredTokenException', 'The security token included in the request is expired');
    case 'rest-json':
      return new AwsError(403, 'ExpiredTokenException', 'The security token included in the request is expired', {
        coralNamespace: 'com.amazon.coral.service',
      });
    case 'rest-xml':
      return new AwsError(400, 'ExpiredToken', 'The provided token has expired.');
    case 'query':
      return new AwsError(403, 'ExpiredToken', 'The security token included in the request is expired');
    case 'ec2':
      return new AwsError(400, 'RequestExpired', 'Request has expired.');
  }
}

/** What AWS answers when the request is not signed at all. */
export function missingAuthentication(service: ServiceName): AwsError {
  switch (SERVICE_WIRE[service].protocol) {
    case 'json':
      return new AwsError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'rest-json':
      return new AwsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token', {
        coralNamespace: 'com.amazon.coral.service',
      });
    case 'rest-xml':
      return new AwsError(403, 'AccessDenied', 'Access Denied');
    case 'query':
      return new AwsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    case 'ec2':
      return new AwsError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
  }
}

/** What AWS answers for a request no operation matches. */
export function unknownOperation(service: ServiceName, what: string): AwsError {
  switch (SERVICE_WIRE[service].protocol) {
    case 'json':
      return new AwsError(400, 'UnknownOperationException', `Unknown operation ${what}`);
    case 'rest-json':
      return new AwsError(404, 'UnknownOperationException', `Unknown operation ${what}`);
    case 'rest-xml':
      return new AwsError(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented');
    case 'query':
    case 'ec2':
      return new AwsError(400, 'InvalidAction', `The action ${what} is not valid for this web service.`);
  }
}

/** A 500 from the service itself. */
export function internalError(service: ServiceName): AwsError {
  switch (SERVICE_WIRE[service].protocol) {
    case 'json':
      return new AwsError(500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
    case 'rest-json':
      return new AwsError(500, 'InternalServerErrorException', 'Internal server error');
    case 'rest-xml':
      return new AwsError(500, 'InternalError', 'We encountered an internal error. Please try again.');
    case 'query':
      return new AwsError(500, 'InternalFailure', 'An internal error has occurred');
    case 'ec2':
      return new AwsError(500, 'InternalError', 'An internal error has occurred.');
  }
}

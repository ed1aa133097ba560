/**
 * SigV4 as AWS checks it, written from the AWS signing documentation rather than borrowed from the SDK, so that a
 * request signed with the wrong secret (say, long-term keys where assumed-role keys were due) fails here as it would
 * at AWS.
 */
import {createHash, createHmac} from 'node:crypto';

export interface SignedRequest {
  method: string;
  /** The path exactly as sent (percent-encoded once by the client). */
  rawPath: string;
  /** The query string exactly as sent, without `?`. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=…/…/…/…/aws4_request, SignedHeaders=…, Signature=…`; undefined if malformed. */
export function parseAuthorization(header: string | undefined): Authorization | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
    header ?? '',
  );
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return {accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature};
}

/** RFC 3986 encoding, as SigV4 requires (`encodeURIComponent` leaves `!'()*` alone). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: Buffer | string, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      return [uriEncode(key), uriEncode(value)] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function canonicalPath(rawPath: string, service: string): string {
  // S3 signs the path as sent; every other service signs it encoded a second time.
  if (service === 's3') return rawPath || '/';
  return (rawPath || '/')
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

/** The signature AWS computes for the request with that secret key. */
export function expectedSignature(request: SignedRequest, auth: Authorization, secretAccessKey: string): string {
  const header = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
  };
  const amzDate = header('x-amz-date');
  const payloadHash = header('x-amz-content-sha256') || sha256Hex(request.body);
  const canonicalRequest = [
    request.method,
    canonicalPath(request.rawPath, auth.service),
    canonicalQuery(request.rawQuery),
    auth.signedHeaders.map((name) => `${name}:${header(name)}\n`).join(''),
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = [auth.date, auth.region, auth.service, 'aws4_request'].reduce<Buffer | string>((k, part) => hmac(k, part), `AWS4${secretAccessKey}`);
  return hmac(key, stringToSign).toString('hex');
}

/**
 * Token pagination as AWS list operations do it: at most `MaxResults` items a page (capped by the operation's own
 * maximum and by the test's page-size option), and an opaque `NextToken` that only the same listing accepts.
 */
import {AwsError} from './wire.js';

export interface PageRequest {
  /** The listing the token belongs to, e.g. `logs:DescribeLogGroups/eu-west-1/…`: a token from elsewhere is refused. */
  scope: string;
  token?: string | null;
  maxResults?: number | null;
  /** Page size when the caller asks for none. */
  defaultSize: number;
  /** The largest `MaxResults` the operation accepts; more is a validation error. */
  maxSize: number;
  /** A smaller page the test forces (AWS may return fewer items than asked for). */
  forcedSize?: number;
  /** The error AWS answers for a bad token or an out-of-range size. */
  invalid: (message: string) => AwsError;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({s: scope, o: offset})).toString('base64');
}

function decode(token: string, scope: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {s?: unknown; o?: unknown};
    return parsed.s === scope && typeof parsed.o === 'number' ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

/** One page of `items`, with the token for the next page when there is one. */
export function paginate<T>(items: T[], request: PageRequest): Page<T> {
  const asked = request.maxResults ?? undefined;
  if (asked !== undefined && (asked < 1 || asked > request.maxSize)) {
    throw request.invalid(`1 validation error detected: Value '${asked}' failed to satisfy constraint: Member must have value less than or equal to ${request.maxSize}`);
  }
  let offset = 0;
  if (request.token) {
    const decoded = decode(request.token, request.scope);
    if (decoded === undefined) throw request.invalid('The specified nextToken is invalid.');
    offset = decoded;
  }
  const size = Math.min(asked ?? request.defaultSize, request.forcedSize ?? Number.POSITIVE_INFINITY);
  const slice = items.slice(offset, offset + size);
  const next = offset + size;
  return {items: slice, nextToken: next < items.length ? encode(request.scope, next) : undefined};
}

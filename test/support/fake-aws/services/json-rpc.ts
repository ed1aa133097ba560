/** What the JSON 1.1 services share: the operation from `X-Amz-Target`, and the body parsed as AWS parses it. */
import type {FakeRequest} from '../context.js';
import {AwsError, unknownOperation} from '../wire.js';

/**
 * The operation named by `X-Amz-Target` (`<prefix>.<Operation>`). AWS accepts the short service target the SDKs
 * send (`CloudTrail_20131101`) and the fully qualified one from the Smithy model.
 */
export function targetOperation(req: FakeRequest, prefixes: string[]): string {
  const target = String(req.headers['x-amz-target'] ?? '');
  const dot = target.lastIndexOf('.');
  if (req.method !== 'POST' || dot < 0 || !prefixes.includes(target.slice(0, dot))) {
    throw unknownOperation(req.service, target || `${req.method} ${req.path}`);
  }
  return target.slice(dot + 1);
}

/** The request body as a JSON object; malformed JSON is the `SerializationException` AWS answers. */
export function parseJsonBody(req: FakeRequest): Record<string, unknown> {
  if (!req.body) return {};
  try {
    const parsed: unknown = JSON.parse(req.body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to AWS's answer
  }
  throw new AwsError(400, 'SerializationException', 'Start of structure or map found where not expected.');
}

/** A number parameter, or undefined. */
export function numberParam(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A string parameter, or undefined. */
export function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

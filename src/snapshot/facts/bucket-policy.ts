/**
 * Whether an S3 bucket policy document is public, judged as S3 does ("The meaning of public" in the S3 User Guide):
 * an Allow statement whose principal is a wildcard is public unless a condition pins it to fixed values of a key that
 * names who or where the request comes from. Pure: a policy text in, a verdict with reasons out.
 */

export type PolicyVerdict =
  | {kind: 'public'; reasons: string[]}
  | {kind: 'not-public'}
  | {kind: 'invalid'; reason: string};

/** Condition keys (lower-case) whose fixed values make a wildcard principal non-public. */
const PINNING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:principalservicename',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

/** Operators (lower-case, without `ForAnyValue:` and `IfExists`) that compare for equality. */
const EQUALITY_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'arnequals', 'ipaddress']);
/** Operators that compare for equality only when their values hold no wildcard. */
const LIKE_OPERATORS = new Set(['stringlike', 'arnlike']);

const WILDCARD = /[*?]/;
const POLICY_VARIABLE = /\$\{/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** The principal values of a statement that are wildcards, or `Federated`, described for a reason. */
function wildcardPrincipal(principal: unknown): string | null {
  if (principal === undefined) return null;
  if (typeof principal === 'string') return principal.includes('*') ? `Principal "${principal}"` : null;
  if (!isObject(principal)) return 'an unrecognised Principal';
  if (principal.Federated !== undefined) return 'a Federated principal';
  for (const [type, value] of Object.entries(principal)) {
    for (const v of asList(value)) {
      if (typeof v !== 'string') return `an unrecognised ${type} principal`;
      if (v.includes('*')) return `Principal {"${type}": "${v}"}`;
    }
  }
  return null;
}

/** An IPv4 or IPv6 CIDR narrow enough to pin (≥ /8 for IPv4, ≥ /32 for IPv6; a bare address is /32 or /128). */
function narrowCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const v6 = address.includes(':');
  if (!v6 && !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return false;
  if (v6 && !/^[0-9a-fA-F:.]+$/.test(address)) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  return v6 ? bits >= 32 && bits <= 128 : bits >= 8 && bits <= 32;
}

/** An access point ARN whose account is fixed; only the access-point name may be a wildcard. */
function fixedAccessPointAccount(value: string): boolean {
  const m = /^arn:([^:]+):s3:([^:]*):([^:]*):accesspoint\/(.+)$/.exec(value);
  if (!m) return false;
  const [, partition, region, account] = m;
  return ![partition!, region!, account!].some((part) => WILDCARD.test(part) || POLICY_VARIABLE.test(part)) && /^\d{12}$/.test(account!);
}

function fixedValue(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value === '' || POLICY_VARIABLE.test(value)) return false;
  if (key === 'aws:sourceip') return narrowCidr(value);
  if (key === 's3:dataaccesspointarn' && WILDCARD.test(value)) return fixedAccessPointAccount(value);
  return !WILDCARD.test(value);
}

/** True when one condition operator block pins the request to fixed values of a pinning key. */
function operatorPins(operator: string, block: unknown): boolean {
  let op = operator.toLowerCase();
  if (op.startsWith('forallvalues:')) return false; // true for an empty context value set: pins nothing
  if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
  if (op.endsWith('ifexists')) return false; // passes when the key is absent
  if (!EQUALITY_OPERATORS.has(op) && !LIKE_OPERATORS.has(op)) return false;
  if (!isObject(block)) return false;
  return Object.entries(block).some(([rawKey, values]) => {
    const key = rawKey.toLowerCase();
    if (!PINNING_KEYS.has(key)) return false;
    const list = asList(values);
    if (list.length === 0) return false;
    // StringLike/ArnLike with a wildcard is a pattern, not a fixed value — except the access point name.
    return list.every((v) => fixedValue(key, v) && (!LIKE_OPERATORS.has(op) || key === 's3:dataaccesspointarn' || !WILDCARD.test(v as string)));
  });
}

function conditionPins(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).some(([operator, block]) => operatorPins(operator, block));
}

/** The verdict on one bucket policy text: public (with reasons), not public, or invalid (not a policy document). */
export function analyzeBucketPolicy(policy: string): PolicyVerdict {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch (err) {
    return {kind: 'invalid', reason: `the bucket policy is not valid JSON (${(err as Error).message})`};
  }
  if (!isObject(doc)) return {kind: 'invalid', reason: `the bucket policy is not a JSON object (got ${doc === null ? 'null' : Array.isArray(doc) ? 'a list' : typeof doc})`};
  const statements = doc.Statement === undefined ? [] : asList(doc.Statement);
  const reasons: string[] = [];
  statements.forEach((s, i) => {
    const label = isObject(s) && typeof s.Sid === 'string' ? `statement ${JSON.stringify(s.Sid)}` : `statement ${i + 1}`;
    if (!isObject(s)) {
      reasons.push(`${label} is not an object`);
      return;
    }
    if (s.Effect === 'Deny') return;
    if (s.Effect !== 'Allow') {
      reasons.push(`${label} has an unrecognised Effect`);
      return;
    }
    // NotPrincipal with Allow grants everyone except the listed principals.
    const who = s.NotPrincipal !== undefined ? 'NotPrincipal (everyone but the listed principals)' : wildcardPrincipal(s.Principal);
    if (!who) return;
    if (conditionPins(s.Condition)) return;
    reasons.push(`${label} allows ${who} without a condition that pins it to fixed values`);
  });
  return reasons.length ? {kind: 'public', reasons} : {kind: 'not-public'};
}

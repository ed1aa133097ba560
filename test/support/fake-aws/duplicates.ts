/** Finds calls that fetched the same evidence twice, from the fake's call log. */
import type {RecordedCall} from './server.js';

/** Operations whose answer does not depend on the region asked (global services, and resources named globally). */
const REGION_INDEPENDENT = /^(sts|iam|organizations|s3|s3control):|^ec2:DescribeRegions$|^cloudtrail:(GetTrailStatus|GetEventSelectors|GetInsightSelectors)$/;

export interface DuplicateCall {
  operation: string;
  accountId: string;
  /** The region, or `*` when the operation's answer is the same in every region. */
  region: string;
  params: string;
  /** How many separate calls (retries of one call not counted) asked the same thing. */
  count: number;
}

/**
 * Calls that asked for the same thing more than once: same account, operation and parameters (and region, where the
 * answer depends on it). Retries share the SDK's invocation id and are not duplicates; a CloudTrail call by trail ARN
 * or an S3 call by bucket name made from two regions is one.
 */
export function duplicateCalls(log: RecordedCall[]): DuplicateCall[] {
  const groups = new Map<string, {call: RecordedCall; region: string; invocations: Set<string>}>();
  let anonymous = 0;
  for (const call of log) {
    const region = REGION_INDEPENDENT.test(call.operation) ? '*' : call.region;
    const key = [call.accountId, region, call.operation, call.params].join('\u0000');
    const group = groups.get(key) ?? {call, region, invocations: new Set<string>()};
    group.invocations.add(call.invocationId ?? `no-invocation-id/${anonymous++}`);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((g) => g.invocations.size > 1)
    .map((g) => ({operation: g.call.operation, accountId: g.call.accountId, region: g.region, params: g.call.params, count: g.invocations.size}));
}

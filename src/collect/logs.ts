/**
 * CloudWatch Logs: every log group in a region, and for the groups that receive trail events, how many metric and
 * subscription filters consume them.
 */
import {
  CloudWatchLogsClient,
  paginateDescribeLogGroups,
  paginateDescribeMetricFilters,
  paginateDescribeSubscriptionFilters,
} from '@aws-sdk/client-cloudwatch-logs';
import type {Evidence, LogGroup} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

/** The fields of a log group the snapshot keeps (its schema is closed). */
const LOG_GROUP_FIELDS = ['logGroupName', 'arn', 'retentionInDays', 'storedBytes', 'kmsKeyId', 'logGroupClass', 'creationTime'] as const;

/** The log group name in a CloudTrail `CloudWatchLogsLogGroupArn` (which may end in `:*`). */
export function logGroupNameOfArn(arn: string): string {
  return arn.split(':').slice(6).join(':').replace(/:\*$/, '');
}

/**
 * Every log group in the region. `trailGroups` names the groups that receive trail events in this region: only they
 * get filter counts (the count DescribeLogGroups itself reports is not kept, so that "collected" stays meaningful).
 * It may still be pending (every region's trails must be known): the log groups are listed meanwhile.
 */
export async function collectLogGroups(
  c: AccountContext,
  region: string,
  trailGroups: Set<string> | Promise<Set<string>>,
): Promise<Evidence<LogGroup[]>> {
  const client = c.clients.get(CloudWatchLogsClient, region);
  c.serviceStart(region, 'logs');
  const groups = await c.evidence(region, 'logs:DescribeLogGroups', async ({allPages}) => {
    const all = await allPages(paginateDescribeLogGroups({client}, {}, c.sendOptions), (p) => p.logGroups);
    return all.filter((g) => g.logGroupName).map((g) => pick(g, LOG_GROUP_FIELDS) as LogGroup);
  });
  const names = await trailGroups;
  if (!Array.isArray(groups)) return groups;
  await Promise.all(
    groups
      .filter((group) => names.has(group.logGroupName))
      .map(async (group) => {
        const logGroupName = group.logGroupName;
        const [metricFilterCount, subscriptionFilterCount] = await Promise.all([
          c.evidence(region, 'logs:DescribeMetricFilters', async ({allPages}) => {
            const filters = await allPages(paginateDescribeMetricFilters({client}, {logGroupName}, c.sendOptions), (p) => p.metricFilters);
            return filters.length;
          }),
          c.evidence(region, 'logs:DescribeSubscriptionFilters', async ({allPages}) => {
            const filters = await allPages(paginateDescribeSubscriptionFilters({client}, {logGroupName}, c.sendOptions), (p) => p.subscriptionFilters);
            return filters.length;
          }),
        ]);
        group.metricFilterCount = metricFilterCount;
        group.subscriptionFilterCount = subscriptionFilterCount;
      }),
  );
  return groups;
}

/**
 * CloudWatch Logs (JSON 1.1, `Logs_20140328.<Operation>`): DescribeLogGroups (pages of at most 50, sorted by name),
 * DescribeMetricFilters and DescribeSubscriptionFilters for one log group.
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeLogGroup} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, jsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam, targetOperation} from './json-rpc.js';

const invalidParameter = (message: string) => new AwsError(400, 'InvalidParameterException', message);

function logGroupArn(req: FakeRequest, name: string): string {
  return `arn:aws:logs:${req.region}:${req.caller.account.accountId}:log-group:${name}`;
}

function describeLogGroup(req: FakeRequest, group: FakeLogGroup): Record<string, unknown> {
  return compact({
    logGroupName: group.logGroupName,
    creationTime: Date.parse(group.creationTime),
    retentionInDays: group.retentionInDays,
    metricFilterCount: group.metricFilters?.length ?? 0,
    arn: `${logGroupArn(req, group.logGroupName)}:*`,
    storedBytes: group.storedBytes,
    kmsKeyId: group.kmsKeyId,
    logGroupClass: group.logGroupClass ?? 'STANDARD',
    logGroupArn: logGroupArn(req, group.logGroupName),
  });
}

function findGroup(req: FakeRequest, name: string | undefined): FakeLogGroup {
  const group = (regionOf(req).logGroups ?? []).find((g) => g.logGroupName === name);
  if (!group) throw new AwsError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
  return group;
}

/** Routes a CloudWatch Logs request. */
export function routeLogs(req: FakeRequest): Route {
  const operation = targetOperation(req, ['Logs_20140328']);
  const body = parseJsonBody(req);
  const route = (run: () => FakeResponse): Route => ({operation: `logs:${operation}`, params: canonicalJson(body), run});
  const page = <T>(items: T[], scope: string) =>
    paginate(items, {
      scope: `${operation}/${req.region}/${scope}`,
      token: stringParam(body.nextToken),
      maxResults: numberParam(body.limit),
      defaultSize: 50,
      maxSize: 50,
      forcedSize: req.forcedPageSize(`logs:${operation}`),
      invalid: invalidParameter,
    });
  switch (operation) {
    case 'DescribeLogGroups':
      return route(() => {
        const prefix = stringParam(body.logGroupNamePrefix) ?? '';
        const groups = (regionOf(req).logGroups ?? [])
          .filter((g) => g.logGroupName.startsWith(prefix))
          .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : 1));
        const {items, nextToken} = page(groups, prefix);
        return jsonReply(compact({logGroups: items.map((g) => describeLogGroup(req, g)), nextToken}));
      });
    case 'DescribeMetricFilters':
      return route(() => {
        const name = stringParam(body.logGroupName);
        const group = findGroup(req, name);
        const {items, nextToken} = page(group.metricFilters ?? [], group.logGroupName);
        return jsonReply(
          compact({
            metricFilters: items.map((f) => ({
              filterName: f.filterName,
              filterPattern: f.filterPattern,
              metricTransformations: [{metricName: f.metricName, metricNamespace: f.metricNamespace, metricValue: '1'}],
              creationTime: Date.parse(group.creationTime),
              logGroupName: group.logGroupName,
              applyOnTransformedLogs: false,
            })),
            nextToken,
          }),
        );
      });
    case 'DescribeSubscriptionFilters':
      return route(() => {
        const group = findGroup(req, stringParam(body.logGroupName));
        const {items, nextToken} = page(group.subscriptionFilters ?? [], group.logGroupName);
        return jsonReply(
          compact({
            subscriptionFilters: items.map((f) => ({
              filterName: f.filterName,
              logGroupName: group.logGroupName,
              filterPattern: f.filterPattern,
              destinationArn: f.destinationArn,
              distribution: 'ByLogStream',
              applyOnTransformedLogs: false,
              creationTime: Date.parse(group.creationTime),
            })),
            nextToken,
          }),
        );
      });
    default:
      throw unknownOperation(req.service, operation);
  }
}

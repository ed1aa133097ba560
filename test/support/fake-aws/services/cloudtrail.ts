/**
 * CloudTrail (JSON 1.1, `X-Amz-Target: CloudTrail_20131101.<Operation>`): DescribeTrails with shadow trails,
 * GetTrailStatus, GetEventSelectors, GetInsightSelectors. A trail is readable by ARN from every region it records
 * in, by name only in its home region, and never from another account (organization trails seen from members).
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import {inOrganization, trailArn, type FakeAccount, type FakeEventDataStore, type FakeTrail} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, epochSeconds, jsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam, targetOperation} from './json-rpc.js';

interface VisibleTrail {
  trail: FakeTrail;
  owner: FakeAccount;
  arn: string;
}

/** Trails `DescribeTrails` shows the caller in the request's region. */
function visibleTrails(req: FakeRequest, includeShadowTrails: boolean): VisibleTrail[] {
  const caller = req.caller.account;
  const own = caller.trails
    .filter((t) => t.homeRegion === req.region || (includeShadowTrails && t.isMultiRegionTrail))
    .map((trail) => ({trail, owner: caller, arn: trailArn(caller.accountId, trail)}));
  const org = req.model.organization;
  const orgTrails: VisibleTrail[] = [];
  if (org && includeShadowTrails && inOrganization(req.model, caller) && caller.accountId !== org.managementAccountId) {
    const management = req.model.accounts.find((a) => a.accountId === org.managementAccountId);
    for (const trail of management?.trails ?? []) {
      if (trail.isOrganizationTrail && (trail.isMultiRegionTrail || trail.homeRegion === req.region)) {
        orgTrails.push({trail, owner: management!, arn: trailArn(management!.accountId, trail)});
      }
    }
  }
  return [...own, ...orgTrails];
}

function hasCustomEventSelectors(trail: FakeTrail): boolean {
  if (trail.advancedEventSelectors?.length) return true;
  const selectors = trail.eventSelectors ?? [];
  if (selectors.length !== 1) return selectors.length > 0;
  const [s] = selectors;
  return s.ReadWriteType !== 'All' || !s.IncludeManagementEvents || !!s.DataResources?.length || !!s.ExcludeManagementEventSources?.length;
}

function describeTrail({trail, arn}: VisibleTrail): Record<string, unknown> {
  return compact({
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    S3KeyPrefix: trail.s3KeyPrefix,
    SnsTopicName: trail.snsTopicArn?.split(':').pop(),
    SnsTopicARN: trail.snsTopicArn,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    HomeRegion: trail.homeRegion,
    TrailARN: arn,
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
    KmsKeyId: trail.kmsKeyId,
    HasCustomEventSelectors: hasCustomEventSelectors(trail),
    HasInsightSelectors: !!trail.insightSelectors?.length,
    IsOrganizationTrail: trail.isOrganizationTrail,
  });
}

/** The caller's own trail a `Name`/`TrailName` parameter designates, as CloudTrail resolves it in this region. */
function resolveTrail(req: FakeRequest, nameOrArn: unknown): VisibleTrail {
  const caller = req.caller.account.accountId;
  if (typeof nameOrArn !== 'string' || !nameOrArn) {
    throw new AwsError(400, 'InvalidTrailNameException', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).');
  }
  const unknown = () => new AwsError(400, 'TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${caller}`);
  if (nameOrArn.startsWith('arn:')) {
    const match = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(nameOrArn);
    if (!match) throw new AwsError(400, 'CloudTrailARNInvalidException', `Invalid CloudTrail ARN: ${nameOrArn}`);
    if (match[2] !== caller) {
      throw new AwsError(400, 'CloudTrailARNInvalidException', `AccountID in ARN is wrong, you can only access resources with AccountID ${caller}.`);
    }
    const found = visibleTrails(req, true).find((v) => v.arn === nameOrArn);
    if (!found) throw unknown();
    return found;
  }
  const found = visibleTrails(req, false).find((v) => v.trail.name === nameOrArn && v.owner.accountId === caller);
  if (!found) throw unknown();
  return found;
}

function trailStatus(trail: FakeTrail): Record<string, unknown> {
  const s = trail.status;
  const isoSeconds = (iso?: string) => iso?.replace(/\.\d+Z$/, 'Z');
  return compact({
    IsLogging: s.isLogging,
    LatestDeliveryError: s.latestDeliveryError,
    LatestDeliveryTime: epochSeconds(s.latestDeliveryTime),
    StartLoggingTime: epochSeconds(s.startLoggingTime),
    LatestCloudWatchLogsDeliveryError: s.latestCloudWatchLogsDeliveryError,
    LatestCloudWatchLogsDeliveryTime: epochSeconds(s.latestCloudWatchLogsDeliveryTime),
    LatestDigestDeliveryTime: epochSeconds(s.latestDigestDeliveryTime),
    LatestDeliveryAttemptTime: isoSeconds(s.latestDeliveryTime),
    LatestDeliveryAttemptSucceeded: s.latestDeliveryTime ? isoSeconds(s.latestDeliveryTime) : undefined,
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    TimeLoggingStarted: isoSeconds(s.startLoggingTime),
    TimeLoggingStopped: '',
  });
}

const DEFAULT_SELECTORS = [{ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: []}];

function eventDataStoreArn(req: FakeRequest, store: FakeEventDataStore): string {
  return `arn:aws:cloudtrail:${req.region}:${req.caller.account.accountId}:eventdatastore/${store.id}`;
}

/** GetEventDataStore's answer (epoch-second times, as JSON 1.1 sends them). */
function describeEventDataStore(req: FakeRequest, store: FakeEventDataStore): Record<string, unknown> {
  return compact({
    EventDataStoreArn: eventDataStoreArn(req, store),
    Name: store.name,
    Status: store.status,
    AdvancedEventSelectors: store.advancedEventSelectors,
    MultiRegionEnabled: store.multiRegionEnabled,
    OrganizationEnabled: store.organizationEnabled,
    RetentionPeriod: store.retentionPeriod,
    TerminationProtectionEnabled: true,
    CreatedTimestamp: epochSeconds(store.createdTimestamp),
    UpdatedTimestamp: epochSeconds(store.createdTimestamp),
    KmsKeyId: store.kmsKeyId,
    BillingMode: store.billingMode,
    FederationStatus: 'DISABLED',
  });
}

/** Routes a CloudTrail request. */
export function routeCloudTrail(req: FakeRequest): Route {
  const operation = targetOperation(req, ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101']);
  const body = parseJsonBody(req);
  const route = (run: () => FakeResponse): Route => ({operation: `cloudtrail:${operation}`, params: canonicalJson(body), run});
  switch (operation) {
    case 'DescribeTrails':
      return route(() => {
        const names = (body.trailNameList as string[] | undefined) ?? [];
        let trails = visibleTrails(req, body.includeShadowTrails !== false);
        if (names.length) trails = trails.filter((v) => names.includes(v.arn) || (names.includes(v.trail.name) && v.trail.homeRegion === req.region));
        return jsonReply({trailList: trails.map(describeTrail)});
      });
    case 'GetTrailStatus':
      return route(() => jsonReply(trailStatus(resolveTrail(req, body.Name).trail)));
    case 'GetEventSelectors':
      return route(() => {
        const {trail, arn} = resolveTrail(req, body.TrailName);
        if (trail.advancedEventSelectors?.length) return jsonReply({TrailARN: arn, AdvancedEventSelectors: trail.advancedEventSelectors});
        return jsonReply({TrailARN: arn, EventSelectors: trail.eventSelectors ?? DEFAULT_SELECTORS});
      });
    case 'GetInsightSelectors':
      return route(() => {
        const {trail, arn} = resolveTrail(req, body.TrailName);
        if (!trail.insightSelectors?.length) {
          throw new AwsError(400, 'InsightNotEnabledException', `Trail ${arn} does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again.`);
        }
        return jsonReply({TrailARN: arn, InsightSelectors: trail.insightSelectors});
      });
    case 'ListEventDataStores':
      return route(() => {
        const {items, nextToken} = paginate(regionOf(req).eventDataStores ?? [], {
          scope: `ListEventDataStores/${req.region}`,
          token: stringParam(body.NextToken),
          maxResults: numberParam(body.MaxResults),
          defaultSize: 1000,
          maxSize: 1000,
          forcedSize: req.forcedPageSize('cloudtrail:ListEventDataStores'),
          invalid: (message) => new AwsError(400, 'InvalidNextTokenException', message),
        });
        // The list's other members are deprecated and no longer returned; the KMS key is never among them.
        return jsonReply(compact({EventDataStores: items.map((s) => ({EventDataStoreArn: eventDataStoreArn(req, s), Name: s.name})), NextToken: nextToken}));
      });
    case 'GetEventDataStore':
      return route(() => {
        const wanted = String(body.EventDataStore ?? '');
        const found = (regionOf(req).eventDataStores ?? []).find((s) => eventDataStoreArn(req, s) === wanted || s.id === wanted);
        if (!found) throw new AwsError(400, 'EventDataStoreNotFoundException', `The specified event data store ${wanted} was not found.`);
        return jsonReply(describeEventDataStore(req, found));
      });
    default:
      throw unknownOperation(req.service, operation);
  }
}

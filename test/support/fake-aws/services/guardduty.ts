/**
 * GuardDuty (REST-JSON, lower-camel JSON names): detectors and what hangs off them. GuardDuty's modelled errors
 * carry their coarse type in `x-amzn-ErrorType` (`BadRequestException`) and a finer one in the body's `__type`
 * (`InvalidInputException`); the SDK must go by the header.
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeDetector} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, epochSeconds, restJsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {parseJsonBody, stringParam} from './json-rpc.js';

const INVALID_INPUT = 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.';

/** GuardDuty's BadRequestException, with the finer reason in the body's `__type`. */
function badRequest(message: string, bodyType = 'InvalidInputException'): AwsError {
  return new AwsError(400, 'BadRequestException', message, {bodyType});
}

type Criterion = Record<string, unknown>;

/** Whether a finding matches one `findingCriteria.criterion` condition (both the old and the new operator names). */
function matches(value: string | number, condition: Criterion): boolean {
  const num = (k: string, k2: string) => (condition[k] ?? condition[k2]) as number | undefined;
  const list = (k: string, k2: string) => (condition[k] ?? condition[k2]) as string[] | undefined;
  const eq = list('eq', 'equals');
  const neq = list('neq', 'notEquals');
  const checks: [number | undefined, (n: number) => boolean][] = [
    [num('gt', 'greaterThan'), (n) => Number(value) > n],
    [num('gte', 'greaterThanOrEqual'), (n) => Number(value) >= n],
    [num('lt', 'lessThan'), (n) => Number(value) < n],
    [num('lte', 'lessThanOrEqual'), (n) => Number(value) <= n],
  ];
  if (eq && !eq.includes(String(value))) return false;
  if (neq && neq.includes(String(value))) return false;
  return checks.every(([bound, test]) => bound === undefined || test(bound));
}

const FINDING_FIELDS: Record<string, (f: NonNullable<FakeDetector['findings']>[number]) => string | number> = {
  severity: (f) => f.severity,
  'service.archived': (f) => String(f.archived),
  type: (f) => f.type,
  id: (f) => f.id,
};

/** Routes a GuardDuty request. */
export function routeGuardDuty(req: FakeRequest): Route {
  const segments = req.path.split('/').filter(Boolean);
  const detectorId = segments[1];
  const route = (operation: string, run: () => FakeResponse): Route => ({
    operation: `guardduty:${operation}`,
    params: canonicalJson({path: req.path, query: Object.fromEntries(req.query), body: req.body ? parseJsonBody(req) : undefined}),
    run,
  });
  const detector = (): FakeDetector => {
    const found = (regionOf(req).guardDutyDetectors ?? []).find((d) => d.detectorId === detectorId);
    if (!found) throw badRequest('The request is rejected because the input detectorId is not owned by the current account.');
    return found;
  };
  const page = <T>(operation: string, items: T[], token?: string | null, max?: number | null) =>
    paginate(items, {
      scope: `${operation}/${req.region}/${detectorId ?? ''}`,
      token,
      maxResults: max,
      defaultSize: 50,
      maxSize: 50,
      forcedSize: req.forcedPageSize(`guardduty:${operation}`),
      invalid: () => badRequest(INVALID_INPUT),
    });
  const queryMax = () => (req.query.has('maxResults') ? Number(req.query.get('maxResults')) : undefined);
  const key = `${req.method} ${segments[0] ?? ''}${segments.length > 1 ? '/{id}' : ''}${segments.length > 2 ? `/${segments.slice(2).join('/')}` : ''}`;

  switch (key) {
    case 'GET detector':
      return route('ListDetectors', () => {
        const ids = (regionOf(req).guardDutyDetectors ?? []).map((d) => d.detectorId);
        const {items, nextToken} = page('ListDetectors', ids, req.query.get('nextToken'), queryMax());
        return restJsonReply(compact({detectorIds: items, nextToken}));
      });
    case 'GET detector/{id}':
      return route('GetDetector', () => {
        const d = detector();
        const feature = (name: string) => d.features.find((f) => f.name === name)?.status ?? 'DISABLED';
        const accountId = req.caller.account.accountId;
        return restJsonReply({
          createdAt: d.createdAt,
          findingPublishingFrequency: d.findingPublishingFrequency,
          serviceRole: `arn:aws:iam::${accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
          status: d.status,
          updatedAt: d.updatedAt,
          dataSources: {
            cloudTrail: {status: feature('CLOUD_TRAIL')},
            dnsLogs: {status: feature('DNS_LOGS')},
            flowLogs: {status: feature('FLOW_LOGS')},
            s3Logs: {status: feature('S3_DATA_EVENTS')},
            kubernetes: {auditLogs: {status: feature('EKS_AUDIT_LOGS')}},
            malwareProtection: {
              scanEc2InstanceWithFindings: {ebsVolumes: {status: feature('EBS_MALWARE_PROTECTION')}},
              serviceRole: `arn:aws:iam::${accountId}:role/aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection`,
            },
          },
          tags: {},
          features: d.features.map((f) => ({name: f.name, status: f.status, updatedAt: epochSeconds(d.updatedAt)})),
        });
      });
    case 'GET detector/{id}/administrator':
    case 'GET detector/{id}/master':
      return route(segments[2] === 'master' ? 'GetMasterAccount' : 'GetAdministratorAccount', () => {
        const admin = detector().administrator;
        // AWS: "When the GuardDuty administrator account runs this API [or an individual account], it will return
        // success (HTTP 200) but no content."
        if (!admin) return restJsonReply(undefined);
        const body = {accountId: admin.accountId, invitationId: `84b097800250d17d1872b34c4daadcf5`, relationshipStatus: admin.relationshipStatus, invitedAt: admin.invitedAt};
        return restJsonReply(segments[2] === 'master' ? {master: body} : {administrator: body});
      });
    case 'GET detector/{id}/publishingDestination':
      return route('ListPublishingDestinations', () => {
        const {items, nextToken} = page('ListPublishingDestinations', detector().publishingDestinations, req.query.get('nextToken'), queryMax());
        return restJsonReply(compact({destinations: items, nextToken}));
      });
    case 'GET detector/{id}/admin':
      return route('DescribeOrganizationConfiguration', () => {
        const config = detector().organizationConfiguration;
        if (!config) {
          throw badRequest('The request is rejected because the current account is not the GuardDuty administrator account for the organization.');
        }
        return restJsonReply({
          autoEnable: config.autoEnable,
          memberAccountLimitReached: config.memberAccountLimitReached,
          dataSources: {s3Logs: {autoEnable: config.autoEnable}, kubernetes: {auditLogs: {autoEnable: false}}, malwareProtection: {scanEc2InstanceWithFindings: {ebsVolumes: {autoEnable: false}}}},
          features: [{name: 'S3_DATA_EVENTS', autoEnable: config.autoEnableOrganizationMembers}],
          autoEnableOrganizationMembers: config.autoEnableOrganizationMembers,
        });
      });
    case 'GET detector/{id}/member':
      return route('ListMembers', () => {
        const d = detector();
        const onlyAssociated = req.query.get('onlyAssociated') !== 'false';
        const members = (d.members ?? []).filter((m) => !onlyAssociated || m.relationshipStatus === 'Enabled');
        const {items, nextToken} = page('ListMembers', members, req.query.get('nextToken'), queryMax());
        const accountId = req.caller.account.accountId;
        return restJsonReply(
          compact({
            members: items.map((m) =>
              compact({
                accountId: m.accountId,
                detectorId: m.relationshipStatus === 'Enabled' ? `${m.accountId.slice(0, 8)}${'0'.repeat(24)}` : undefined,
                masterId: accountId,
                administratorId: accountId,
                email: m.email,
                relationshipStatus: m.relationshipStatus,
                invitedAt: m.invitedAt,
                updatedAt: m.updatedAt,
              }),
            ),
            nextToken,
          }),
        );
      });
    case 'POST detector/{id}/findings':
      return route('ListFindings', () => {
        const body = parseJsonBody(req);
        const criterion = ((body.findingCriteria as {criterion?: Record<string, Criterion>} | undefined)?.criterion ?? {}) as Record<string, Criterion>;
        const unknownField = Object.keys(criterion).find((field) => !(field in FINDING_FIELDS));
        // The fake knows only these fields; a criterion on another one must not silently match everything.
        if (unknownField) throw new Error(`fake-aws: ListFindings criterion on "${unknownField}" is not modelled`);
        const findings = (detector().findings ?? []).filter((f) =>
          Object.entries(criterion).every(([field, condition]) => matches(FINDING_FIELDS[field](f), condition)),
        );
        const max = typeof body.maxResults === 'number' ? body.maxResults : undefined;
        const {items, nextToken} = page('ListFindings', findings.map((f) => f.id), stringParam(body.nextToken), max);
        return restJsonReply(compact({findingIds: items, nextToken}));
      });
    default:
      throw unknownOperation(req.service, `${req.method} ${req.path}`);
  }
}

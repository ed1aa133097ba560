/**
 * The Query services: STS (GetCallerIdentity, AssumeRole), IAM (ListAccountAliases) and EC2 (DescribeRegions, in
 * EC2's own dialect of the protocol: lower-camel `item` lists, `<Response><Errors>` errors; the VPC reads are in
 * `ec2-network.ts`).
 */
import {canonicalJson, type FakeRequest, type Route} from '../context.js';
import {EC2_NETWORK_ACTIONS, routeEc2Network} from './ec2-network.js';
import {findAccount} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, ec2Reply, el, queryReply, unknownOperation, type FakeResponse} from '../wire.js';

/** The form parameters of a Query request (body, or query string for GET). */
export function formOf(req: FakeRequest): URLSearchParams {
  return req.method === 'GET' ? req.query : new URLSearchParams(req.body);
}

export function queryRoute(req: FakeRequest, service: string, run: (action: string, form: URLSearchParams) => FakeResponse): Route {
  const form = formOf(req);
  const action = form.get('Action') ?? '';
  const params = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'Action' && k !== 'Version'));
  return {operation: `${service}:${action}`, params: canonicalJson(params), run: () => run(action, form)};
}

const STS_ACTIONS = new Set(['GetCallerIdentity', 'AssumeRole']);

/** Routes an STS request. */
export function routeSts(req: FakeRequest): Route {
  const action = formOf(req).get('Action') ?? '';
  if (!STS_ACTIONS.has(action)) throw unknownOperation(req.service, action);
  return queryRoute(req, 'sts', (name, form) => {
    if (name === 'GetCallerIdentity') {
      const {caller} = req;
      return queryReply('sts', name, `${el('Arn', caller.arn)}${el('UserId', caller.userId)}${el('Account', caller.account.accountId)}`);
    }
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    if (!match || !sessionName) {
      throw new AwsError(400, 'ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
    }
    const target = findAccount(req.model, match[1]);
    const deny = () =>
      new AwsError(403, 'AccessDenied', `User: ${req.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    if (!target || target.assumable === false) throw deny();
    if (target.externalId !== undefined && form.get('ExternalId') !== target.externalId) throw deny();
    const credentials = req.issueSessionCredentials({accountId: target.accountId, roleArn, sessionName});
    const expiration = new Date(Date.now() + Number(form.get('DurationSeconds') ?? 3600) * 1000).toISOString();
    return queryReply(
      'sts',
      name,
      `<AssumedRoleUser>${el('AssumedRoleId', `AROA${target.accountId}EXAMPLE:${sessionName}`)}` +
        `${el('Arn', `arn:aws:sts::${target.accountId}:assumed-role/${match[2]}/${sessionName}`)}</AssumedRoleUser>` +
        `<Credentials>${el('AccessKeyId', credentials.accessKeyId)}${el('SecretAccessKey', credentials.secretAccessKey)}` +
        `${el('SessionToken', credentials.sessionToken)}${el('Expiration', expiration)}</Credentials>`,
    );
  });
}

/** Routes an IAM request. */
export function routeIam(req: FakeRequest): Route {
  const action = formOf(req).get('Action') ?? '';
  if (action !== 'ListAccountAliases') throw unknownOperation(req.service, action);
  return queryRoute(req, 'iam', (name, form) => {
    const alias = req.caller.account.alias;
    const {items, nextToken} = paginate(alias ? [alias] : [], {
      scope: 'aliases',
      token: form.get('Marker'),
      maxResults: form.has('MaxItems') ? Number(form.get('MaxItems')) : undefined,
      defaultSize: 100,
      maxSize: 1000,
      invalid: (message) => new AwsError(400, 'ValidationError', message),
    });
    return queryReply(
      'iam',
      name,
      `${el('IsTruncated', !!nextToken)}<AccountAliases>${items.map((a) => el('member', a)).join('')}</AccountAliases>${el('Marker', nextToken)}`,
    );
  });
}

/** The values of an EC2 list parameter (`RegionName.1`, `RegionName.2`…). */
export function listParam(form: URLSearchParams, prefix: string): string[] {
  return [...form.entries()].filter(([k]) => new RegExp(`^${prefix}\\.\\d+$`).test(k)).map(([, v]) => v);
}

/** Routes an EC2 request. */
export function routeEc2(req: FakeRequest): Route {
  const action = formOf(req).get('Action') ?? '';
  if (EC2_NETWORK_ACTIONS.has(action)) return routeEc2Network(req);
  if (action !== 'DescribeRegions') throw unknownOperation(req.service, action);
  return queryRoute(req, 'ec2', (name, form) => {
    let regions = req.caller.account.regions;
    if (form.get('AllRegions') !== 'true') regions = regions.filter((r) => r.optInStatus !== 'not-opted-in');
    const names = listParam(form, 'RegionName');
    if (names.length) regions = regions.filter((r) => names.includes(r.name));
    for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
      const values = listParam(form, `Filter\\.${i}\\.Value`);
      const field = form.get(`Filter.${i}.Name`);
      if (field === 'opt-in-status') regions = regions.filter((r) => values.includes(r.optInStatus));
      else if (field === 'region-name') regions = regions.filter((r) => values.includes(r.name));
      else throw new AwsError(400, 'InvalidParameterValue', `The filter '${field}' is invalid`);
    }
    const items = regions
      .map((r) => `<item>${el('regionName', r.name)}${el('regionEndpoint', `ec2.${r.name}.amazonaws.com`)}${el('optInStatus', r.optInStatus)}</item>`)
      .join('');
    return ec2Reply(name, `<regionInfo>${items}</regionInfo>`);
  });
}

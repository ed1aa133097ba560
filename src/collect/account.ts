/**
 * Account-wide evidence: who the credentials are (STS), the account alias (IAM), the organization (Organizations),
 * the regions and their opt-in status (EC2), and the account's S3 Block Public Access (S3 Control).
 */
import {DescribeRegionsCommand, EC2Client} from '@aws-sdk/client-ec2';
import {IAMClient, paginateListAccountAliases} from '@aws-sdk/client-iam';
import {DescribeOrganizationCommand, OrganizationsClient} from '@aws-sdk/client-organizations';
import {GetPublicAccessBlockCommand, S3ControlClient} from '@aws-sdk/client-s3-control';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {CredentialsError} from '../errors.js';
import type {Evidence, OptInStatus, OrganizationInfo, PublicAccessBlock} from '../snapshot/types.js';
import type {ClientFactory} from './clients.js';
import {GLOBAL, pick, type AccountContext} from './context.js';
import {credentialsProblem, errorKind, InvalidResponseError, toCollectionError} from './errors.js';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

export interface RegionInfo {
  name: string;
  optInStatus: OptInStatus;
}

const ACCOUNT_ID = /^[0-9]{12}$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
/** The four settings of S3 Block Public Access (the snapshot's schema for them is closed). */
export const PAB_FIELDS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

function defaultRegionOf(clients: ClientFactory): string {
  return clients.defaultRegion ?? process.env.AWS_REGION ?? 'us-east-1';
}

/**
 * The account the credentials belong to (STS GetCallerIdentity, which needs no permission). Throws
 * `CredentialsError` with one sentence when the credentials do not work at all, or when STS cannot be asked.
 */
export async function callerIdentity(clients: ClientFactory): Promise<CallerIdentity> {
  const source = clients.credentialSource ?? 'the configured credentials';
  let output;
  try {
    output = await clients.get(STSClient, defaultRegionOf(clients)).send(new GetCallerIdentityCommand({}));
  } catch (err) {
    const problem = credentialsProblem(err, source);
    if (problem) throw new CredentialsError(problem);
    // Without the account id there is nothing to label a snapshot with; say why in one sentence.
    const record = toCollectionError(err, 'sts:GetCallerIdentity');
    throw new CredentialsError(
      `Could not verify the AWS credentials from ${source}: STS GetCallerIdentity failed (${record.code ?? errorKind(err)}: ${record.message}).`,
    );
  }
  const accountId = output.Account ?? '';
  const arn = output.Arn ?? '';
  if (!ACCOUNT_ID.test(accountId) || !arn.startsWith('arn:')) {
    throw new CredentialsError(`Could not verify the AWS credentials from ${source}: STS GetCallerIdentity gave no account id (is the endpoint AWS?).`);
  }
  return {accountId, arn, partition: arn.split(':')[1] || 'aws'};
}

/** The account alias (`null` when the account has none). */
export function accountAlias(c: AccountContext): Promise<Evidence<string | null>> {
  const client = c.clients.get(IAMClient, c.defaultRegion);
  return c.evidence(GLOBAL, 'iam:ListAccountAliases', async ({allPages}) => {
    const aliases = await allPages(paginateListAccountAliases({client}, {}, c.sendOptions), (p) => p.AccountAliases);
    return aliases[0] ?? null;
  });
}

/** The account's organization (`null` when the account is not in one). */
export function organization(c: AccountContext): Promise<Evidence<OrganizationInfo | null>> {
  const client = c.clients.get(OrganizationsClient, c.defaultRegion);
  return c.evidence(
    GLOBAL,
    'organizations:DescribeOrganization',
    async ({send}): Promise<OrganizationInfo | null> => {
      const {Organization: org} = await send((o) => client.send(new DescribeOrganizationCommand({}), o));
      if (!org?.Id || !org.MasterAccountId || !ACCOUNT_ID.test(org.MasterAccountId)) {
        throw new InvalidResponseError('DescribeOrganization returned no organization id or management account id', 'organizations:DescribeOrganization');
      }
      return {
        id: org.Id,
        managementAccountId: org.MasterAccountId,
        ...(org.Arn ? {arn: org.Arn} : {}),
        ...(org.FeatureSet ? {featureSet: org.FeatureSet} : {}),
      };
    },
    {notConfigured: null},
  );
}

function optInStatus(value: string | undefined): OptInStatus {
  // Partitions without opt-in regions may omit the field; any status AWS adds later is not known to be readable.
  if (value === undefined || value === 'opt-in-not-required') return 'opt-in-not-required';
  return value === 'opted-in' ? 'opted-in' : 'not-opted-in';
}

/** Every region the account knows, with its opt-in status, sorted by name. */
export function accountRegions(c: AccountContext): Promise<Evidence<RegionInfo[]>> {
  const client = c.clients.get(EC2Client, c.defaultRegion);
  return c.evidence(GLOBAL, 'ec2:DescribeRegions', async ({send}) => {
    const {Regions: regions} = await send((o) => client.send(new DescribeRegionsCommand({AllRegions: true}), o));
    const list = (regions ?? [])
      .filter((r) => r.RegionName && REGION_NAME.test(r.RegionName))
      .map((r) => ({name: r.RegionName!, optInStatus: optInStatus(r.OptInStatus)}))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (list.length === 0) throw new InvalidResponseError('DescribeRegions returned no regions', 'ec2:DescribeRegions');
    return list;
  });
}

/** S3 Block Public Access for the whole account (`null` when not configured). */
export function accountPublicAccessBlock(c: AccountContext): Promise<Evidence<PublicAccessBlock | null>> {
  const client = c.clients.get(S3ControlClient, c.defaultRegion);
  return c.evidence(
    GLOBAL,
    's3control:GetPublicAccessBlock',
    async ({send}) => {
      const out = await send((o) => client.send(new GetPublicAccessBlockCommand({AccountId: c.accountId}), o));
      return pick(out.PublicAccessBlockConfiguration, PAB_FIELDS) as PublicAccessBlock;
    },
    {notConfigured: null},
  );
}


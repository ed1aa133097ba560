// The organization the audit tests run against, on the fake AWS server: Control Tower's layout (management account
// with an organization trail into the log archive, a security account administering GuardDuty and Detective), plus a
// workload with its own trail delivering to a second log-archive bucket, a workload whose audit role cannot be
// assumed, and a suspended account.
import {
  LOG_ARCHIVE_ACCOUNT,
  MANAGEMENT_ACCOUNT,
  organizationModel,
  protectedTrailBucket,
  securityTrail,
  startFakeAws,
  type FakeAws,
  type FakeAwsModel,
  type FakeAwsOptions,
} from '../support/fake-aws/index.js';

export {LOG_ARCHIVE_ACCOUNT, MANAGEMENT_ACCOUNT};
export const SECURITY = '333333333333';
/** A workload whose own trail delivers to `MEMBER_BUCKET` in the log archive. */
export const MEMBER = '444444440000';
export const PLAIN = '444444440001';
export const DENIED = '444444440002';
export const SUSPENDED = '999999999999';
export const MEMBER_BUCKET = 'member-trails-central';
export const ORG_BUCKET = `org-cloudtrail-${LOG_ARCHIVE_ACCOUNT}`;
export const AUDITED = [MANAGEMENT_ACCOUNT, LOG_ARCHIVE_ACCOUNT, SECURITY, MEMBER, PLAIN, DENIED].sort();
/** Two regions keep the tests quick; the layout is the same in every region. */
export const REGIONS = ['us-east-1', 'eu-west-1'];

export function auditModel(): FakeAwsModel {
  const model = organizationModel({workloadAccounts: 3, unassumable: [DENIED]});
  const member = model.accounts.find((a) => a.accountId === MEMBER)!;
  member.trails.push(securityTrail(MEMBER, {name: 'workload-trail', bucket: MEMBER_BUCKET}));
  const logArchive = model.accounts.find((a) => a.accountId === LOG_ARCHIVE_ACCOUNT)!;
  logArchive.buckets.push(protectedTrailBucket(LOG_ARCHIVE_ACCOUNT, MEMBER_BUCKET, {sourceAccounts: [MEMBER]}));
  model.organization!.accounts.push({
    id: SUSPENDED,
    name: 'retired',
    email: 'aws+retired@example.com',
    status: 'SUSPENDED',
    joinedMethod: 'CREATED',
    joinedTimestamp: '2024-01-15T09:00:00.000Z',
  });
  return model;
}

export async function startOrg(options: FakeAwsOptions = {}): Promise<FakeAws> {
  return startFakeAws(auditModel(), options);
}

/** The caller: the management account's own long-term credentials. */
export function managementCredentials(aws: FakeAws) {
  return async () => aws.credentialsFor(MANAGEMENT_ACCOUNT);
}

// Audit directories built from account snapshots, as `runAudit` leaves them, for merge and output tests.
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {AUDIT_MANIFEST_VERSION, type AuditManifest, type OrgAccount} from '../../src/audit/types.js';
import type {AccountSnapshot, Snapshot, TrailBucket} from '../../src/snapshot/types.js';
import {unknownTrailBucket} from '../../src/snapshot/evidence.js';

export const ORG = {id: 'o-exampleorg1', managementAccountId: '111111111111'};

/** The accounts of `policies/fixtures/org.json`: a management account with an org trail, and the log archive. */
export async function orgFixtureAccounts(): Promise<AccountSnapshot[]> {
  const text = await readFile(new URL('../../policies/fixtures/org.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as Snapshot).accounts;
}

export function manifest(partial: Partial<AuditManifest> & {targets: OrgAccount[]}): AuditManifest {
  return {
    kind: 'trailwise-audit',
    manifestVersion: AUDIT_MANIFEST_VERSION,
    toolVersion: '0.1.0',
    startedAt: '2026-11-28T02:00:00.000Z',
    status: 'complete',
    organization: ORG,
    partition: 'aws',
    callerAccountId: ORG.managementAccountId,
    roleName: 'TrailwiseAudit',
    externalId: false,
    organizationAccounts: partial.targets,
    skipped: [],
    otherShards: 0,
    ...partial,
  };
}

/** Writes an audit directory: the manifest and one single-account snapshot file per account. */
export async function writeAuditDir(dir: string, m: AuditManifest, accounts: AccountSnapshot[], finishedAt = '2026-11-28T02:05:00.000Z'): Promise<string> {
  await mkdir(join(dir, 'accounts'), {recursive: true});
  await writeFile(join(dir, 'audit.json'), JSON.stringify(m, null, 2));
  for (const account of accounts) {
    const snapshot: Snapshot = {
      schemaVersion: '1.0',
      collection: {
        tool: 'trailwise',
        toolVersion: '0.1.0',
        source: 'aws',
        startedAt: '2026-11-28T02:00:00.000Z',
        finishedAt,
        calls: {'cloudtrail:DescribeTrails': 2},
        retries: 0,
        errors: 0,
      },
      accounts: [account],
    };
    await writeFile(join(dir, 'accounts', `${account.accountId}.json`), JSON.stringify(snapshot, null, 2));
  }
  return dir;
}

/** A member account with its own trail delivering to `bucket`, whose evidence was read in `owner`. */
export function memberWithCentralBucket(accountId: string, bucket: TrailBucket): AccountSnapshot {
  const arn = `arn:aws:cloudtrail:us-east-1:${accountId}:trail/member-trail`;
  return {
    accountId,
    name: `member-${accountId.slice(0, 3)}`,
    alias: null,
    organization: {id: ORG.id, managementAccountId: ORG.managementAccountId},
    regions: [
      {name: 'us-east-1', optInStatus: 'opt-in-not-required', trailArns: [arn], logGroups: []},
    ],
    trails: [
      {
        arn,
        ownerAccountId: accountId,
        description: {Name: 'member-trail', TrailARN: arn, HomeRegion: 'us-east-1', S3BucketName: bucket.name, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true},
        status: {IsLogging: true},
        eventSelectors: {EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: true}]},
        insightSelectors: [],
      },
    ],
    trailBuckets: [bucket],
    s3PublicAccessBlock: null,
  };
}

/** A fully read bucket record owned by `owner`. */
export function bucketRecord(name: string, owner: string): TrailBucket {
  return {
    name,
    region: 'us-east-1',
    ownerAccountId: owner,
    objectLock: {ObjectLockEnabled: 'Enabled', Rule: {DefaultRetention: {Mode: 'COMPLIANCE', Days: 400}}},
    versioning: {Status: 'Enabled'},
    publicAccessBlock: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
    policy: null,
    policyStatus: null,
    acl: {Owner: {ID: 'owner'}, Grants: []},
    encryption: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}}]},
    lifecycle: null,
    logging: {TargetBucket: `${name}-access-logs`, TargetPrefix: ''},
  };
}

/** The collectors' record for a bucket the account may not read. */
export function unknownBucketRecord(name: string, ownerAccountId?: string): TrailBucket {
  const bucket = unknownTrailBucket(name, 'the bucket belongs to another account', ownerAccountId);
  // The collectors leave the owner out of the record (it is named in each marker).
  delete bucket.ownerAccountId;
  return bucket;
}

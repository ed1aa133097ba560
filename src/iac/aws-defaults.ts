/**
 * What AWS does when a template or plan leaves a setting out, shared by the Terraform and CloudFormation mappers.
 * Each default is AWS's documented behaviour for a resource created today.
 */
import type {BucketAcl, Grant} from '../snapshot/types.js';
import type {BucketPieces} from './evidence.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

const group = (uri: string, permission: string): Grant => ({Grantee: {Type: 'Group', URI: uri}, Permission: permission});
const OWNER_FULL_CONTROL: Grant = {Grantee: {Type: 'CanonicalUser'}, Permission: 'FULL_CONTROL'};

/**
 * The grants of an S3 canned ACL (Terraform `acl`, CloudFormation `AccessControl`, either spelling), or undefined for
 * a name that is not one.
 */
export function cannedAcl(name: string): BucketAcl | undefined {
  const key = name.replace(/[-_]/g, '').toLowerCase();
  const extra: Record<string, Grant[]> = {
    private: [],
    publicread: [group(ALL_USERS, 'READ')],
    publicreadwrite: [group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE')],
    authenticatedread: [group(AUTHENTICATED_USERS, 'READ')],
    logdeliverywrite: [group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP')],
    bucketownerread: [],
    bucketownerfullcontrol: [],
    awsexecread: [],
  };
  const grants = extra[key];
  return grants ? {Grants: [OWNER_FULL_CONTROL, ...grants]} : undefined;
}

/** The ACL of a bucket whose ACLs are disabled (`BucketOwnerEnforced`, the default for new buckets since April 2023). */
export const OWNER_ONLY_ACL: BucketAcl = {Grants: [OWNER_FULL_CONTROL]};

/** SSE-S3: every new object is encrypted with it by default since January 2023. */
export const DEFAULT_ENCRYPTION = {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}}]};

/**
 * A bucket as AWS creates it when nothing else is said: Block Public Access on at the bucket (default since April
 * 2023), ACLs disabled, SSE-S3, never versioned (no `Status`), no Object Lock, no policy, lifecycle or access logging.
 */
export function newBucketPieces(): Required<BucketPieces> {
  return {
    objectLock: null,
    versioning: {},
    publicAccessBlock: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
    policy: null,
    acl: OWNER_ONLY_ACL,
    encryption: DEFAULT_ENCRYPTION,
    lifecycle: null,
    logging: null,
  };
}

/** `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. */
export function trailArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`;
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>`. */
export function logGroupArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;
}

/**
 * S3: the buckets that receive trail logs, each read once from its own region, and whether the audited account owns
 * them. A bucket owned by another account (a central log archive) whose reads are denied is `unknown`, not an error:
 * its evidence lives in the owner's account.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import type {
  BucketAcl,
  BucketLogging,
  BucketVersioning,
  CollectionErrorRecord,
  Evidence,
  LifecycleRule,
  ObjectLockConfiguration,
  PublicAccessBlock,
  TrailBucket,
  UnknownRecord,
} from '../snapshot/types.js';
import {PAB_FIELDS} from './account.js';
import {failedOperation} from './clients.js';
import {awaitedLater, GLOBAL, pick, plain, type AccountContext, type Calls} from './context.js';
import {NotCollectedError} from './errors.js';

/** Bucket name → its region as ListBuckets reports it (when it does). */
export type OwnBuckets = Map<string, string | undefined>;

export interface BucketPlacement {
  /** Whether the audited account owns the bucket; `undefined` when ListBuckets could not be read. */
  owned: boolean | undefined;
  /** The account that owns the trail delivering here, when that is another account (an organization trail). */
  trailOwnerAccountId?: string;
  /** The bucket's region as ListBuckets reported it. */
  listedRegion?: string;
  /** Where to try reading the bucket when its region is not known (the trail's home region). */
  regionGuess?: string;
}

/** True when the bucket is (as far as can be told) another account's. */
function isForeign(placement: BucketPlacement): boolean {
  return placement.owned === false || (placement.owned === undefined && placement.trailOwnerAccountId !== undefined);
}

/** The buckets the audited account owns (ListBuckets, every page). */
export function ownBuckets(c: AccountContext): Promise<Evidence<OwnBuckets>> {
  const client = c.clients.get(S3Client, c.defaultRegion);
  return c.evidence(GLOBAL, 's3:ListBuckets', async ({allPages}) => {
    // Paginated requests (MaxBuckets) are the only kind AWS supports above 10,000 buckets.
    const buckets = await allPages(paginateListBuckets({client, pageSize: 1000}, {}, c.sendOptions), (p) => p.Buckets);
    return new Map(buckets.filter((b) => b.Name).map((b) => [b.Name!, b.BucketRegion]));
  });
}

/** GetBucketLocation's answer as a region name: empty means us-east-1 and the legacy "EU" means eu-west-1. */
export function regionFromLocation(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

async function bucketRegion(c: AccountContext, name: string): Promise<string | undefined> {
  const client = c.clients.get(S3Client, c.defaultRegion);
  try {
    const out = await c.send((o) => client.send(new GetBucketLocationCommand({Bucket: name}), o));
    return regionFromLocation(out.LocationConstraint);
  } catch (err) {
    if (err instanceof NotCollectedError) return undefined;
    if (failedOperation(err) === undefined) throw err;
    // The snapshot has no field for the location; the reads below still work through S3's region redirects.
    return undefined;
  }
}

function foreignBucketUnknown(name: string, accountId: string, placement: BucketPlacement) {
  const foreign = isForeign(placement);
  return (error: CollectionErrorRecord): UnknownRecord | undefined => {
    if (!foreign || error.kind !== 'AccessDenied') return undefined;
    const owner = placement.trailOwnerAccountId;
    const unknown: UnknownRecord = {
      reason: `bucket ${name} is not owned by account ${accountId}${owner ? ` (its trail belongs to account ${owner})` : ''}; read it in the bucket owner's account`,
    };
    if (owner) unknown.ownerAccountId = owner;
    return unknown;
  };
}

/**
 * Every piece of evidence on one trail bucket, read from the bucket's region. When the reads start before every trail
 * is known, `settled` is the placement once they are: which account the bucket belongs to depends on all the trails
 * that deliver to it, so a failed read is judged (error or `unknown`) only then.
 */
export async function readTrailBucket(c: AccountContext, name: string, placement: BucketPlacement, settled?: Promise<BucketPlacement>): Promise<TrailBucket> {
  c.serviceStart(GLOBAL, 's3');
  let final = placement;
  const settle =
    settled &&
    awaitedLater(
      settled.then((p) => {
        final = p;
      }),
    );
  const located = c.interrupted ? undefined : await bucketRegion(c, name);
  const region = located ?? placement.listedRegion;
  const client = c.clients.get(S3Client, region ?? placement.regionGuess ?? c.defaultRegion);
  const unknown = (error: CollectionErrorRecord) => foreignBucketUnknown(name, c.accountId, final)(error);
  const read = <T>(operation: string, fn: (calls: Calls) => Promise<T>, notConfigured?: {value: T}) =>
    c.evidence(
      GLOBAL,
      operation,
      async (calls) => {
        try {
          return await fn(calls);
        } catch (err) {
          await settle;
          throw err;
        }
      },
      notConfigured ? {notConfigured: notConfigured.value, unknown} : {unknown},
    );
  const Bucket = name;

  const [objectLock, versioning, publicAccessBlock, policy, policyStatus, acl, encryption, lifecycle, logging] = await Promise.all([
    read<ObjectLockConfiguration | null>(
      's3:GetObjectLockConfiguration',
      async ({send}) => {
        const out = await send((o) => client.send(new GetObjectLockConfigurationCommand({Bucket}), o));
        return out.ObjectLockConfiguration ? (pick(out.ObjectLockConfiguration, ['ObjectLockEnabled', 'Rule']) as ObjectLockConfiguration) : null;
      },
      {value: null},
    ),
    read<BucketVersioning>('s3:GetBucketVersioning', async ({send}) => {
      const out = await send((o) => client.send(new GetBucketVersioningCommand({Bucket}), o));
      return pick(out, ['Status', 'MFADelete']) as BucketVersioning;
    }),
    read<PublicAccessBlock | null>(
      's3:GetPublicAccessBlock',
      async ({send}) => {
        const out = await send((o) => client.send(new GetPublicAccessBlockCommand({Bucket}), o));
        return out.PublicAccessBlockConfiguration ? (pick(out.PublicAccessBlockConfiguration, PAB_FIELDS) as PublicAccessBlock) : null;
      },
      {value: null},
    ),
    read<string | null>(
      's3:GetBucketPolicy',
      async ({send}) => {
        const out = await send((o) => client.send(new GetBucketPolicyCommand({Bucket}), o));
        return out.Policy ?? null;
      },
      {value: null},
    ),
    read<{IsPublic?: boolean} | null>(
      's3:GetBucketPolicyStatus',
      async ({send}) => {
        const out = await send((o) => client.send(new GetBucketPolicyStatusCommand({Bucket}), o));
        return out.PolicyStatus ? (pick(out.PolicyStatus, ['IsPublic']) as {IsPublic?: boolean}) : null;
      },
      {value: null},
    ),
    read<BucketAcl>('s3:GetBucketAcl', async ({send}) => {
      const out = await send((o) => client.send(new GetBucketAclCommand({Bucket}), o));
      return pick(out, ['Owner', 'Grants']) as BucketAcl;
    }),
    read<{Rules?: unknown[]} | null>(
      's3:GetBucketEncryption',
      async ({send}) => {
        const out = await send((o) => client.send(new GetBucketEncryptionCommand({Bucket}), o));
        const config = out.ServerSideEncryptionConfiguration;
        return config ? (pick(config, ['Rules']) as {Rules?: unknown[]}) : null;
      },
      {value: null},
    ),
    read<{Rules: LifecycleRule[]} | null>(
      's3:GetBucketLifecycleConfiguration',
      async ({send}) => {
        const out = await send((o) => client.send(new GetBucketLifecycleConfigurationCommand({Bucket}), o));
        return {Rules: plain(out.Rules ?? []) as LifecycleRule[]};
      },
      {value: null},
    ),
    read<BucketLogging | null>('s3:GetBucketLogging', async ({send}) => {
      const out = await send((o) => client.send(new GetBucketLoggingCommand({Bucket}), o));
      return out.LoggingEnabled ? (plain(out.LoggingEnabled) as BucketLogging) : null;
    }),
  ]);
  await settle;

  const ownerAccountId = final.owned === true ? c.accountId : isForeign(final) ? final.trailOwnerAccountId : undefined;
  return {
    name,
    ...(region ? {region} : {}),
    ...(ownerAccountId ? {ownerAccountId} : {}),
    objectLock,
    versioning,
    publicAccessBlock,
    policy,
    policyStatus,
    acl,
    encryption,
    lifecycle,
    logging,
  };
}

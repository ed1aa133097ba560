/**
 * S3 (REST-XML, path-style): ListBuckets and the bucket sub-resources a trail bucket is audited with. Like S3, a
 * request for a bucket in another region is redirected (`301 PermanentRedirect` + `x-amz-bucket-region`) before
 * anything else is checked, and "not configured" answers are 404s with S3's own error codes.
 */
import {createHash} from 'node:crypto';
import {canonicalJson, type FakeRequest, type Route} from '../context.js';
import {findBucket, type FakeBucket, type FakeGrant, type FakeLifecycleRule} from '../model.js';
import {AwsError, el, iamActionOf, s3XmlReply, unknownOperation, xmlEscape, type FakeResponse} from '../wire.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** The canonical user id S3 gives an account (64 hex characters). */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`canonical-user:${accountId}`).digest('hex');
}

/** The sub-resource a bucket GET names, and the operation it is. */
const SUBRESOURCES: [string, string][] = [
  ['location', 'GetBucketLocation'],
  ['object-lock', 'GetObjectLockConfiguration'],
  ['versioning', 'GetBucketVersioning'],
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['policy', 'GetBucketPolicy'],
  ['acl', 'GetBucketAcl'],
  ['encryption', 'GetBucketEncryption'],
  ['lifecycle', 'GetBucketLifecycleConfiguration'],
  ['logging', 'GetBucketLogging'],
];

function notFound(code: string, message: string, bucket: string): AwsError {
  return new AwsError(404, code, message, {fields: {BucketName: bucket}});
}

function grantXml(grant: FakeGrant): string {
  const g = grant.grantee;
  const inner =
    g.type === 'CanonicalUser' ? el('ID', g.id) + el('DisplayName', g.displayName) : g.type === 'Group' ? el('URI', g.uri) : el('EmailAddress', g.email);
  return `<Grant><Grantee xmlns:xsi="${XSI_NS}" xsi:type="${g.type}">${inner}</Grantee>${el('Permission', grant.permission)}</Grant>`;
}

function lifecycleRuleXml(rule: FakeLifecycleRule): string {
  const filter = rule.LegacyPrefix !== undefined ? el('Prefix', rule.LegacyPrefix) : `<Filter>${el('Prefix', rule.FilterPrefix ?? '')}</Filter>`;
  return (
    `<Rule>${el('ID', rule.ID)}${filter}${el('Status', rule.Status)}` +
    (rule.Transitions ?? []).map((t) => `<Transition>${el('Days', t.Days)}${el('StorageClass', t.StorageClass)}</Transition>`).join('') +
    (rule.NoncurrentVersionTransitions ?? [])
      .map((t) => `<NoncurrentVersionTransition>${el('NoncurrentDays', t.NoncurrentDays)}${el('StorageClass', t.StorageClass)}</NoncurrentVersionTransition>`)
      .join('') +
    (rule.NoncurrentVersionExpirationDays !== undefined
      ? `<NoncurrentVersionExpiration>${el('NoncurrentDays', rule.NoncurrentVersionExpirationDays)}</NoncurrentVersionExpiration>`
      : '') +
    (rule.ExpirationDays !== undefined ? `<Expiration>${el('Days', rule.ExpirationDays)}</Expiration>` : '') +
    `</Rule>`
  );
}

/** What S3 answers for one bucket sub-resource. */
function bucketReply(operation: string, bucket: FakeBucket, ownerId: string): FakeResponse {
  const name = bucket.name;
  switch (operation) {
    case 'GetBucketLocation': {
      const constraint = bucket.locationConstraint ?? (bucket.region === 'us-east-1' ? '' : bucket.region);
      return s3XmlReply(constraint ? `<LocationConstraint xmlns="${S3_NS}">${xmlEscape(constraint)}</LocationConstraint>` : `<LocationConstraint xmlns="${S3_NS}"/>`);
    }
    case 'GetObjectLockConfiguration': {
      const lock = bucket.objectLock;
      if (!lock) throw notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', name);
      const rule =
        lock === 'enabled-no-default'
          ? ''
          : `<Rule><DefaultRetention>${el('Mode', lock.mode)}${el('Days', lock.days)}${el('Years', lock.years)}</DefaultRetention></Rule>`;
      return s3XmlReply(`<ObjectLockConfiguration xmlns="${S3_NS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}</ObjectLockConfiguration>`);
    }
    case 'GetBucketVersioning': {
      const v = bucket.versioning;
      // The XML element is `MfaDelete`, though the SDK's field is `MFADelete`.
      return s3XmlReply(
        v ? `<VersioningConfiguration xmlns="${S3_NS}">${el('Status', v.status)}${el('MfaDelete', v.mfaDelete)}</VersioningConfiguration>` : `<VersioningConfiguration xmlns="${S3_NS}"/>`,
      );
    }
    case 'GetPublicAccessBlock': {
      const p = bucket.publicAccessBlock;
      if (!p) throw notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', name);
      return s3XmlReply(
        `<PublicAccessBlockConfiguration xmlns="${S3_NS}">${el('BlockPublicAcls', p.BlockPublicAcls)}${el('IgnorePublicAcls', p.IgnorePublicAcls)}` +
          `${el('BlockPublicPolicy', p.BlockPublicPolicy)}${el('RestrictPublicBuckets', p.RestrictPublicBuckets)}</PublicAccessBlockConfiguration>`,
      );
    }
    case 'GetBucketPolicy': {
      if (bucket.policy === null) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      const reply = s3XmlReply('');
      return {...reply, headers: {...reply.headers, 'content-type': 'application/json'}, body: bucket.policy};
    }
    case 'GetBucketPolicyStatus':
      if (bucket.policy === null) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return s3XmlReply(`<PolicyStatus xmlns="${S3_NS}">${el('IsPublic', bucket.policyIsPublic ?? false)}</PolicyStatus>`);
    case 'GetBucketAcl':
      return s3XmlReply(
        `<AccessControlPolicy xmlns="${S3_NS}"><Owner>${el('ID', ownerId)}</Owner><AccessControlList>${bucket.acl.map(grantXml).join('')}</AccessControlList></AccessControlPolicy>`,
      );
    case 'GetBucketEncryption': {
      const e = bucket.encryption;
      if (!e) throw notFound('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', name);
      return s3XmlReply(
        `<ServerSideEncryptionConfiguration xmlns="${S3_NS}"><Rule><ApplyServerSideEncryptionByDefault>${el('SSEAlgorithm', e.algorithm)}` +
          `${el('KMSMasterKeyID', e.kmsKeyId)}</ApplyServerSideEncryptionByDefault>${el('BucketKeyEnabled', e.bucketKeyEnabled ?? false)}</Rule></ServerSideEncryptionConfiguration>`,
      );
    }
    case 'GetBucketLifecycleConfiguration':
      if (!bucket.lifecycle) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', name);
      return s3XmlReply(`<LifecycleConfiguration xmlns="${S3_NS}">${bucket.lifecycle.map(lifecycleRuleXml).join('')}</LifecycleConfiguration>`, {
        'x-amz-transition-default-minimum-object-size': 'all_storage_classes_128K',
      });
    case 'GetBucketLogging': {
      const l = bucket.logging;
      return s3XmlReply(
        l
          ? `<BucketLoggingStatus xmlns="${S3_NS}"><LoggingEnabled>${el('TargetBucket', l.targetBucket)}${el('TargetPrefix', l.targetPrefix)}</LoggingEnabled></BucketLoggingStatus>`
          : `<BucketLoggingStatus xmlns="${S3_NS}"/>`,
      );
    }
    default:
      throw new Error(`fake-aws: no S3 reply for ${operation}`);
  }
}

/** Options of the S3 handler. */
export interface S3Options {
  /** Redirect requests signed for another region than the bucket's (true, like S3). */
  strictRegions: boolean;
}

/** Routes an S3 request. */
export function routeS3(req: FakeRequest, options: S3Options): Route {
  const [bucketName, ...keyParts] = req.path.split('/').filter(Boolean);
  const params = canonicalJson({method: req.method, path: req.path, query: [...req.query.keys()].filter((k) => k !== 'x-id').sort()});
  if (!bucketName) {
    if (req.method !== 'GET') throw unknownOperation(req.service, `${req.method} /`);
    return {
      operation: 's3:ListBuckets',
      params,
      run: () => {
        const account = req.caller.account;
        const buckets = account.buckets
          .map(
            (b) => `<Bucket>${el('Name', b.name)}${el('CreationDate', new Date(b.creationDate).toISOString())}${el('BucketRegion', b.region)}</Bucket>`,
          )
          .join('');
        return s3XmlReply(`<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner>${el('ID', canonicalUserId(account.accountId))}</Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
      },
    };
  }
  if (keyParts.length || req.method !== 'GET') throw unknownOperation(req.service, `${req.method} ${req.path}`);
  const subresource = SUBRESOURCES.find(([key]) => req.query.has(key));
  if (!subresource) throw unknownOperation(req.service, `GET ${req.path}`);
  const operation = subresource[1];
  return {
    operation: `s3:${operation}`,
    params,
    run: () => {
      const found = findBucket(req.model, bucketName);
      if (!found) throw notFound('NoSuchBucket', 'The specified bucket does not exist', bucketName);
      const {bucket, owner} = found;
      if (options.strictRegions && operation !== 'GetBucketLocation' && bucket.region !== req.region) {
        throw new AwsError(301, 'PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', {
          fields: {Endpoint: `${bucketName}.s3.${bucket.region}.amazonaws.com`, Bucket: bucketName},
          headers: {'x-amz-bucket-region': bucket.region},
        });
      }
      const caller = req.caller.account.accountId;
      if (owner.accountId !== caller && !bucket.readableBy?.includes(caller)) {
        const action = iamActionOf(`s3:${operation}`);
        throw new AwsError(
          403,
          'AccessDenied',
          `User: ${req.caller.arn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${bucketName}" because no resource-based policy allows the ${action} action`,
        );
      }
      return bucketReply(operation, bucket, canonicalUserId(owner.accountId));
    },
  };
}

/**
 * S3 Control (REST-XML, `/v20180820/…`, the account in `x-amz-account-id`): the account's Block Public Access. Its
 * errors are wrapped in `<ErrorResponse>`, unlike S3's.
 */
import {canonicalJson, type FakeRequest, type Route} from '../context.js';
import {AwsError, el, s3XmlReply, unknownOperation} from '../wire.js';

const S3CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

/** Routes an S3 Control request. */
export function routeS3Control(req: FakeRequest): Route {
  if (req.method !== 'GET' || req.path !== '/v20180820/configuration/publicAccessBlock') {
    throw unknownOperation(req.service, `${req.method} ${req.path}`);
  }
  const accountId = String(req.headers['x-amz-account-id'] ?? '');
  return {
    operation: 's3control:GetPublicAccessBlock',
    params: canonicalJson({accountId}),
    run: () => {
      if (accountId !== req.caller.account.accountId) {
        throw new AwsError(403, 'AccessDenied', 'Access Denied', {fields: {AccountId: accountId}});
      }
      const p = req.caller.account.publicAccessBlock;
      if (!p) {
        throw new AwsError(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', {fields: {AccountId: accountId}});
      }
      return s3XmlReply(
        `<PublicAccessBlockConfiguration xmlns="${S3CONTROL_NS}">${el('BlockPublicAcls', p.BlockPublicAcls)}${el('IgnorePublicAcls', p.IgnorePublicAcls)}` +
          `${el('BlockPublicPolicy', p.BlockPublicPolicy)}${el('RestrictPublicBuckets', p.RestrictPublicBuckets)}</PublicAccessBlockConfiguration>`,
      );
    },
  };
}

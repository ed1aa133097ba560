import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from '@jest/globals';
import {PutObjectCommand, S3Client, type PutObjectCommandInput} from '@aws-sdk/client-s3';
import {mockClient} from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {parseS3Url, uploadAuditDir} from '../../src/audit/upload.js';
import {InputError} from '../../src/errors.js';

const s3 = mockClient(S3Client);

async function auditDir(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'trailwise-upload-')), '2026-11-28T02-00-00Z');
  await mkdir(join(dir, 'accounts'), {recursive: true});
  await writeFile(join(dir, 'audit.json'), '{}');
  await writeFile(join(dir, 'report.json'), '{}');
  await writeFile(join(dir, 'report.sarif'), '{}');
  await writeFile(join(dir, 'summary.md'), '# x');
  await writeFile(join(dir, 'accounts', '111111111111.json'), '{}');
  await writeFile(join(dir, 'accounts', '222222222222.json.tmp-1-abc'), '{}'); // a write cut short: not uploaded
  return dir;
}

const puts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input as PutObjectCommandInput);

describe('uploadAuditDir', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('copies the directory under <prefix>/<run>/ and writes <prefix>/latest last', async () => {
    const dir = await auditDir();
    const keys = await uploadAuditDir(dir, 's3://audit-reports/trailwise/org', {client: new S3Client({region: 'us-east-1'})});
    const run = 'trailwise/org/2026-11-28T02-00-00Z';
    expect(keys).toEqual([
      `${run}/accounts/111111111111.json`,
      `${run}/audit.json`,
      `${run}/report.json`,
      `${run}/report.sarif`,
      `${run}/summary.md`,
      'trailwise/org/latest',
    ]);
    const calls = puts();
    expect(calls.at(-1)).toMatchObject({Bucket: 'audit-reports', Key: 'trailwise/org/latest', Body: '2026-11-28T02-00-00Z\n'});
    expect(calls.find((c) => c.Key === `${run}/report.sarif`)?.ContentType).toBe('application/sarif+json');
  });

  it('encrypts every object (SSE-S3 by default) and never sends an ACL', async () => {
    await uploadAuditDir(await auditDir(), 's3://audit-reports', {client: new S3Client({region: 'us-east-1'})});
    const calls = puts();
    expect(calls).toHaveLength(6);
    for (const c of calls) {
      expect(c.ServerSideEncryption).toBe('AES256');
      expect(c.ACL).toBeUndefined();
      expect(c.GrantRead).toBeUndefined();
      expect(c.GrantFullControl).toBeUndefined();
    }
    expect(calls.map((c) => c.Key)).toContain('2026-11-28T02-00-00Z/report.json');
  });

  it('uses SSE-KMS with the given key', async () => {
    await uploadAuditDir(await auditDir(), 's3://audit-reports/p', {client: new S3Client({region: 'us-east-1'}), kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/abc'});
    for (const c of puts()) expect(c).toMatchObject({ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:us-east-1:111111111111:key/abc'});
  });

  it('parses s3:// URLs and rejects anything else', () => {
    expect(parseS3Url('s3://bucket')).toEqual({bucket: 'bucket', prefix: ''});
    expect(parseS3Url('s3://my.bucket/a/b/')).toEqual({bucket: 'my.bucket', prefix: 'a/b'});
    expect(() => parseS3Url('https://bucket/x')).toThrow(InputError);
    expect(() => parseS3Url('s3://Bad_Bucket/x')).toThrow('--upload: expected s3://bucket/prefix');
  });
});

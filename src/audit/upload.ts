/**
 * `--upload s3://bucket/prefix`: copies the audit directory to S3 under `<prefix>/<run>/…` and writes
 * `<prefix>/latest` (the run's name), so the next scheduled run finds the previous report to diff against. Every
 * object is encrypted at rest (SSE-S3, or SSE-KMS with a key) and no ACL is ever sent: the bucket's own policy and
 * Block Public Access decide who reads reports. Needs only `iam/trailwise-report-upload-policy.json`.
 */
import {readdir, readFile} from 'node:fs/promises';
import {basename, join, relative, sep} from 'node:path';
import {PutObjectCommand, S3Client, type PutObjectCommandInput} from '@aws-sdk/client-s3';
import {fromIni} from '@aws-sdk/credential-providers';
import type {AwsCredentialIdentityProvider} from '@smithy/types';
import pLimit from 'p-limit';
import {LATEST} from './output.js';
import {parseS3Url} from './s3-url.js';

export {parseS3Url, type UploadTarget} from './s3-url.js';

export interface UploadSettings {
  endpointUrl?: string;
  profile?: string;
  credentials?: AwsCredentialIdentityProvider;
  defaultRegion?: string;
  /** SSE-KMS with this key; SSE-S3 (AES256) when absent. */
  kmsKeyId?: string;
  /** A client to use instead of building one (tests). */
  client?: S3Client;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.sarif': 'application/sarif+json',
  '.md': 'text/markdown; charset=utf-8',
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true});
  return entries
    .filter((e) => e.isFile() && !e.name.includes('.tmp-'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Uploads the audit directory; returns the keys written, `<prefix>/latest` last. */
export async function uploadAuditDir(dir: string, url: string, settings: UploadSettings = {}): Promise<string[]> {
  const target = parseS3Url(url);
  const client =
    settings.client ??
    new S3Client({
      region: settings.defaultRegion ?? process.env.AWS_REGION ?? 'us-east-1',
      // The bucket may live in another region than the audit's default one.
      followRegionRedirects: true,
      ...(settings.endpointUrl ? {endpoint: settings.endpointUrl, forcePathStyle: true} : {}),
      ...(settings.credentials ? {credentials: settings.credentials} : settings.profile ? {credentials: fromIni({profile: settings.profile})} : {}),
    });
  const run = basename(dir);
  const key = (rel: string) => [target.prefix, run, rel].filter(Boolean).join('/');
  const encryption: Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'> = settings.kmsKeyId
    ? {ServerSideEncryption: 'aws:kms', SSEKMSKeyId: settings.kmsKeyId}
    : {ServerSideEncryption: 'AES256'};
  const put = (Key: string, Body: Buffer | string, ContentType: string) =>
    client.send(new PutObjectCommand({Bucket: target.bucket, Key, Body, ContentType, ...encryption}));
  const files = await filesUnder(dir);
  const limit = pLimit(16);
  const keys = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const rel = relative(dir, file).split(sep).join('/');
        const ext = /\.[a-z]+$/.exec(rel)?.[0] ?? '';
        const k = key(rel);
        await put(k, await readFile(file), CONTENT_TYPES[ext] ?? 'application/octet-stream');
        return k;
      }),
    ),
  );
  // Last, so a reader never finds `latest` naming a run that is only half uploaded.
  const latest = [target.prefix, LATEST].filter(Boolean).join('/');
  await put(latest, `${run}\n`, 'text/plain; charset=utf-8');
  if (!settings.client) client.destroy();
  return [...keys, latest];
}

/** `--upload s3://bucket/prefix`, parsed without loading the S3 client (flags are checked before any work). */
import {InputError} from '../errors.js';

export interface UploadTarget {
  bucket: string;
  /** The key prefix without a trailing slash ('' for the bucket's root). */
  prefix: string;
}

/** Parses `s3://bucket/prefix`. */
export function parseS3Url(url: string): UploadTarget {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url.trim());
  if (!m) throw new InputError(`--upload: expected s3://bucket/prefix, got "${url}"`);
  return {bucket: m[1]!, prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '')};
}

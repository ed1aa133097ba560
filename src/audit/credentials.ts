/**
 * Assumed-role credentials for one member account, from the caller's STS client (so the call honours
 * `--endpoint-url`, retries and the call counters like every other call).
 */
import {AssumeRoleCommand, type STSClient} from '@aws-sdk/client-sts';
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@smithy/types';

/** Renew this long before the session ends, so no call is signed with credentials about to expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Role chaining caps sessions at one hour; ask for no more. */
const SESSION_SECONDS = 3600;

/** A provider that assumes the role on first use, caches the session and renews it before it expires. */
export function assumeRoleCredentials(sts: STSClient, roleArn: string, externalId?: string): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = () => !!current && (!current.expiration || current.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS);
  return async () => {
    if (fresh()) return current!;
    // Parallel regions ask at once; one AssumeRole serves them all.
    pending ??= sts
      .send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'trailwise',
          DurationSeconds: SESSION_SECONDS,
          ...(externalId ? {ExternalId: externalId} : {}),
        }),
      )
      .then((out) => {
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
        current = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
          ...(c.Expiration ? {expiration: new Date(c.Expiration)} : {}),
        };
        return current;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

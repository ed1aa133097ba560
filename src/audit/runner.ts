/**
 * `trailwise audit`: every account of an organization (or one shard of it), each read with its assumed role, each
 * written to `accounts/<id>.json` the moment it is done, then joined, evaluated and reported as one organization.
 */
import {join} from 'node:path';
import {STSClient} from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import {createClientFactory, type ClientFactory, type ClientSettings} from '../collect/clients.js';
import {collectAccount, DEFAULT_CONCURRENCY, type CollectOptions} from '../collect/collect.js';
import {credentialsProblem, toCollectionError} from '../collect/errors.js';
import {ignoreEvents, type CollectListener} from '../collect/events.js';
import {CredentialsError, InputError} from '../errors.js';
import type {AwsCredentialIdentityProvider} from '@smithy/types';
import type {OwnBuckets} from '../collect/s3.js';
import type {AccountSnapshot, CollectionErrorRecord, Evidence, Snapshot} from '../snapshot/types.js';
import {SNAPSHOT_SCHEMA_VERSION} from '../snapshot/types.js';
import {TOOL_VERSION} from '../version.js';
import {callBudget, withCallBudget} from './call-limit.js';
import {assumeRoleCredentials} from './credentials.js';
import {finishAudit} from './finish.js';
import {joinTrailBuckets, ListedBuckets} from './join.js';
import {callerIdentity, listOrganization, listOrganizationalUnits, roleArn, type CallerIdentity} from './org.js';
import {
  MANIFEST_FILE,
  accountFile,
  createRunDir,
  readAccountFile,
  readManifest,
  resolveResumeDir,
  writeAccountFile,
  writeManifest,
  writtenAccounts,
} from './output.js';
import {parseAccountList, parseShard, selectAccounts} from './select.js';
import {addStats, emptyStats, type CallStats} from './stats.js';
import {
  AUDIT_MANIFEST_VERSION,
  DEFAULT_ACCOUNT_CONCURRENCY,
  DEFAULT_ACCOUNT_TIMEOUT_MS,
  DEFAULT_REPORTS_DIR,
  DEFAULT_ROLE_NAME,
  type AuditManifest,
  type AuditOptions,
  type AuditResult,
  type OrgAccount,
} from './types.js';
import {uploadAuditDir} from './upload.js';

/** Audits the organization's accounts and writes the audit directory; returns where it is and the report. */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const now = options.now ?? (() => new Date());
  const listener = options.listener ?? ignoreEvents;
  const region = options.defaultRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const concurrency = positive(options.concurrency ?? DEFAULT_ACCOUNT_CONCURRENCY, '--concurrency');
  const maxCalls = positive(options.maxCalls ?? concurrency * (options.regionConcurrency ?? DEFAULT_CONCURRENCY), '--max-calls');
  const common: ClientSettings = {
    defaultRegion: region,
    ...(options.endpointUrl ? {endpointUrl: options.endpointUrl} : {}),
    ...(options.maxAttempts ? {maxAttempts: options.maxAttempts} : {}),
    ...(options.requestTimeoutMs ? {requestTimeoutMs: options.requestTimeoutMs} : {}),
  };
  const callerSettings: ClientSettings = {
    ...common,
    ...(options.profile ? {profile: options.profile} : {}),
    ...(options.credentials ? {credentials: options.credentials} : {}),
  };
  const caller = createClientFactory(callerSettings);
  const identity = await callerIdentity(caller, region).catch((err: unknown) => {
    const problem = credentialsProblem(err, caller.credentialSource ?? 'the caller');
    if (problem) throw new CredentialsError(problem);
    const e = toCollectionError(err, 'sts:GetCallerIdentity');
    throw new InputError(`cannot identify the caller (${e.code ?? e.kind}: ${e.message})`);
  });

  const {dir, manifest} = options.resume
    ? await resumeManifest(options.resume, identity)
    : await planAudit(options, caller, identity, region, now);
  const targets = manifest.targets;
  listener({type: 'audit-start', accounts: targets.length});

  // Accounts recorded with an error are tried again on resume: the role may have been fixed since.
  const finished = new Set<string>();
  if (options.resume) {
    for (const id of await writtenAccounts(dir)) {
      const account = (await readAccountFile(dir, id).catch(() => undefined))?.accounts[0];
      if (account && !account.error) finished.add(id);
    }
  }
  const sts = caller.get(STSClient, region);
  const budget = callBudget(maxCalls);
  // One provider per member account for the whole run: the join reads the log archive long after its collection, and
  // the provider renews its session itself when it nears its end, so one AssumeRole serves both while it is valid.
  const roles = new Map<string, AwsCredentialIdentityProvider>();
  const clientsFor = (accountId: string): AccountClients => {
    // The caller's own account (the management account, or the delegated administrator) needs no role.
    if (accountId === identity.accountId) {
      // Its identity, and its organization when the audit listed it, were read with these credentials already.
      return {
        clients: withCallBudget(createClientFactory(callerSettings), budget),
        known: {identity, ...(manifest.organization ? {organization: manifest.organization} : {})},
      };
    }
    let credentials = roles.get(accountId);
    if (!credentials) {
      credentials = assumeRoleCredentials(sts, roleArn(manifest.partition, accountId, manifest.roleName), options.externalId);
      roles.set(accountId, credentials);
    }
    const provider = credentials;
    return {
      clients: withCallBudget(createClientFactory({...common, credentials: provider}), budget),
      // The first AssumeRole counts against the budget like any call; renewals happen inside a call that already
      // holds a slot, so the clients use the provider itself (taking a second slot there could wait forever).
      credentials: () => budget(() => provider()),
    };
  };

  // The accounts' bucket lists, read once during collection, are where the join looks for the owners of buckets first.
  const listed = new ListedBuckets();
  const collected: string[] = [];
  const resumed: string[] = [];
  let failed = 0;
  const limit = pLimit(concurrency);
  // A mistake of the user's (a --regions name no account knows) stops the audit: every account would fail alike.
  let fatal: unknown;
  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        if (options.signal?.aborted || fatal) return;
        if (finished.has(target.id)) {
          resumed.push(target.id);
          listener({type: 'account-done', accountId: target.id, file: accountFile(dir, target.id)});
          return;
        }
        const account = await auditAccount(target, clientsFor, options, manifest, now, listed).catch((err: unknown) => {
          fatal ??= err;
          return undefined;
        });
        if (!account) return; // interrupted: not written, so --resume reads it
        const file = await writeAccountFile(dir, account);
        const record = account.accounts[0]!;
        if (record.error) failed++;
        collected.push(target.id);
        listener({type: 'account-done', accountId: target.id, ...(record.error ? {error: record.error} : {}), file});
      }),
    ),
  );

  if (fatal) throw fatal;
  const interrupted = !!options.signal?.aborted;
  const orgCalls = (manifest.orgCalls ??= emptyStats());
  if (!interrupted) {
    // The join's calls belong to no account file: they count with the caller's.
    const joinClients: ClientFactory[] = [];
    manifest.buckets = await joinTrailBuckets({
      dir,
      manifest,
      clientsFor: (id) => {
        const {clients} = clientsFor(id);
        joinClients.push(clients);
        return clients;
      },
      concurrency,
      region,
      listed,
      listener,
      signal: options.signal,
    });
    for (const clients of joinClients) {
      addStats(orgCalls, clients.stats());
      clients.destroy?.();
    }
  }
  addStats(orgCalls, caller.stats());
  listener({type: 'audit-done', accounts: collected.length + resumed.length, failed});
  if (interrupted || options.signal?.aborted) {
    manifest.status = 'interrupted';
    await writeManifest(dir, manifest);
    return {dir, manifest, files: {manifest: join(dir, MANIFEST_FILE)}, collected, resumed, interrupted: true};
  }
  const result = await finishAudit(dir, manifest, {
    pack: options.pack,
    policyDirs: options.policyDirs,
    config: options.config,
    selection: options.selection,
    gate: options.gate,
    ...(options.formats ? {formats: options.formats} : {}),
    now,
  });
  const uploaded = options.upload
    ? await uploadAuditDir(dir, options.upload, {...callerSettings, kmsKeyId: options.uploadKmsKeyId})
    : undefined;
  return {...result, collected, resumed, interrupted: false, ...(uploaded ? {uploaded} : {})};
}

/** An account's clients, and a first lookup of the assumed-role credentials behind them (none for the caller's own account). */
export interface AccountClients {
  clients: ClientFactory;
  credentials?: () => Promise<unknown>;
  /** What the audit already read with these credentials (the caller's own account), not to be asked again. */
  known?: CollectOptions['known'];
}

function positive(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1) throw new InputError(`${flag}: expected a whole number ≥ 1, got ${value}`);
  return value;
}

async function planAudit(
  options: AuditOptions,
  caller: ClientFactory,
  identity: CallerIdentity,
  region: string,
  now: () => Date,
): Promise<{dir: string; manifest: AuditManifest}> {
  const include = options.accounts ? await parseAccountList(options.accounts, '--accounts') : undefined;
  const exclude = options.exclude ? await parseAccountList(options.exclude, '--exclude') : [];
  const shard = options.shard ? parseShard(options.shard) : undefined;
  if (!options.org && !include?.length) throw new InputError('audit: pass --org to audit the organization, or --accounts to name the accounts');
  let organization: AuditManifest['organization'] = null;
  let accounts: OrgAccount[];
  if (options.org) {
    const listed = await listOrganization(caller, region);
    organization = listed.organization;
    accounts = listed.accounts;
    try {
      const units = await listOrganizationalUnits(caller, region);
      accounts = accounts.map((a) => (units.has(a.id) ? {...a, ou: units.get(a.id)!} : a));
    } catch (err) {
      // OUs only group the reports: the error is shown, and the audit goes on without them.
      options.listener?.({type: 'evidence-error', accountId: identity.accountId, region: 'global', error: toCollectionError(err, 'organizations:ListOrganizationalUnitsForParent')});
    }
  } else {
    // Without --org the accounts are taken as named: no listing, so no state to filter on.
    accounts = include!.map((id) => ({id, state: 'ACTIVE'}));
  }
  const selection = selectAccounts(accounts, {include, exclude, shard});
  const dir = await createRunDir(options.output ?? DEFAULT_REPORTS_DIR, now());
  const manifest: AuditManifest = {
    kind: 'trailwise-audit',
    manifestVersion: AUDIT_MANIFEST_VERSION,
    toolVersion: TOOL_VERSION,
    startedAt: now().toISOString(),
    status: 'running',
    organization,
    partition: identity.partition,
    callerAccountId: identity.accountId,
    roleName: options.roleName ?? DEFAULT_ROLE_NAME,
    externalId: !!options.externalId,
    ...(options.regions?.length ? {regionsRequested: options.regions} : {}),
    ...(options.regionConcurrency ? {regionConcurrency: options.regionConcurrency} : {}),
    ...(options.accountTimeoutMs ? {accountTimeoutMs: options.accountTimeoutMs} : {}),
    ...(shard ? {shard} : {}),
    organizationAccounts: [...accounts].sort((a, b) => a.id.localeCompare(b.id)),
    targets: selection.targets,
    skipped: selection.skipped,
    otherShards: selection.otherShards,
  };
  await writeManifest(dir, manifest);
  return {dir, manifest};
}

async function resumeManifest(path: string, identity: CallerIdentity): Promise<{dir: string; manifest: AuditManifest}> {
  const dir = await resolveResumeDir(path);
  const manifest = await readManifest(dir);
  if (manifest.mergedFrom) throw new InputError(`--resume: ${dir} is a merge of other audits; resume the shard directories instead`, dir);
  if (manifest.callerAccountId !== identity.accountId) {
    throw new InputError(
      `--resume: ${dir} was started with the credentials of account ${manifest.callerAccountId}; these are account ${identity.accountId}`,
      dir,
    );
  }
  // The plan (accounts, role, regions, shard) is the one the audit started with, so the result is one consistent audit.
  manifest.status = 'running';
  delete manifest.outcome;
  return {dir, manifest};
}

/**
 * Reads one account. Returns its single-account snapshot (with `error` when the account could not be audited), or
 * undefined when the user interrupted the audit before the account was finished.
 */
async function auditAccount(
  target: OrgAccount,
  clientsFor: (accountId: string) => AccountClients,
  options: AuditOptions,
  manifest: AuditManifest,
  now: () => Date,
  listed: ListedBuckets,
): Promise<Snapshot | undefined> {
  const listener = options.listener ?? ignoreEvents;
  listener({type: 'account-start', accountId: target.id, ...(target.name ? {label: target.name} : {})});
  const startedAt = now().toISOString();
  // The runner reports the account's start and end itself (with the name, and the file written); the collectors'
  // own account events would repeat them.
  const regionEvents: CollectListener = (e) => {
    if (e.type !== 'account-start' && e.type !== 'account-done') listener(e);
  };
  const {clients, credentials, known} = clientsFor(target.id);
  const timeoutMs = manifest.accountTimeoutMs ?? options.accountTimeoutMs ?? DEFAULT_ACCOUNT_TIMEOUT_MS;
  // One controller per account, so that neither the user's Ctrl-C nor the timeout leaves listeners behind.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onUserAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onUserAbort, {once: true});
  let account: AccountSnapshot;
  let ownBuckets: Evidence<OwnBuckets> | undefined;
  try {
    // Assume the role first, so a denied role is recorded as such and not as the first collector call failing.
    if (credentials) {
      const denied = await credentials().then(
        () => undefined,
        (err: unknown) => toCollectionError(err, 'sts:AssumeRole'),
      );
      if (denied) return finish(failedAccount(target, denied));
    }
    account = await collectAccount({
      clients,
      ...(manifest.regionsRequested ? {regions: manifest.regionsRequested} : {}),
      ...(manifest.regionConcurrency ? {concurrency: manifest.regionConcurrency} : {}),
      listener: regionEvents,
      signal: controller.signal,
      ...(target.name ? {accountName: target.name} : {}),
      ...(known ? {known} : {}),
      onOwnBuckets: (buckets) => {
        ownBuckets = buckets;
      },
    });
    if (account.accountId !== target.id) {
      // The role answered for another account: never file its evidence under this one.
      account = failedAccount(target, {
        kind: 'AccessDenied',
        code: 'WrongAccount',
        message: `the credentials for ${target.id} belong to account ${account.accountId}`,
        operation: 'sts:GetCallerIdentity',
      });
    }
  } catch (err) {
    if (err instanceof InputError && !(err instanceof CredentialsError)) throw err;
    account = failedAccount(
      target,
      err instanceof CredentialsError
        ? {kind: 'AccessDenied', code: 'CredentialsError', message: err.message, operation: 'sts:GetCallerIdentity'}
        : toCollectionError(err, 'collect'),
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onUserAbort);
    // The account is done: close its connections rather than leave them to the server's idle timeout.
    clients.destroy?.();
  }
  if (options.signal?.aborted) return undefined;
  if (timedOut && !account.error) {
    account.error = {kind: 'Timeout', message: `not finished within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}; the evidence not read is marked NotCollected`};
  }
  // Only an account audited as itself vouches for its list (a role that answered for another account does not).
  if (ownBuckets && !account.error) listed.record(target.id, ownBuckets);
  return finish(account);

  function finish(record: AccountSnapshot): Snapshot {
    if (target.ou) record.organizationalUnit = target.ou;
    return accountSnapshot(record, startedAt, now().toISOString(), manifest, clients.stats());
  }
}

function accountSnapshot(account: AccountSnapshot, startedAt: string, finishedAt: string, manifest: AuditManifest, stats: CallStats): Snapshot {
  account.collectedAt ??= finishedAt;
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    collection: {
      tool: 'trailwise',
      toolVersion: TOOL_VERSION,
      source: 'aws',
      startedAt,
      finishedAt,
      partition: manifest.partition,
      ...(manifest.regionsRequested ? {regionsRequested: manifest.regionsRequested} : {}),
      calls: stats.calls,
      retries: stats.retries,
      errors: stats.errors,
    },
    accounts: [account],
  };
}

function failedAccount(target: OrgAccount, error: CollectionErrorRecord): AccountSnapshot {
  return {accountId: target.id, ...(target.name ? {name: target.name} : {}), ...(target.ou ? {organizationalUnit: target.ou} : {}), error, regions: [], trails: [], trailBuckets: []};
}

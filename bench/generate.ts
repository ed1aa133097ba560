/**
 * Writes the synthetic organization of `bench/synthetic.ts`, with the network and service log evidence of
 * `bench/service-logs.ts`, to disk once per size, as a user would have it:
 *   bench/.data/org-<N>x<R>.json        one organization snapshot (what `trailwise evaluate --snapshot` reads)
 *   bench/.data/audit-<N>x<R>/          an audit directory (audit.json + accounts/<id>.json), what `trailwise merge`
 *                                        and the org audit's finish phase read
 * Accounts are generated and written one at a time, so 10,000 accounts need no more memory than one.
 *   npx tsx bench/generate.ts [accounts=1000] [regions=17] [--force]
 */
import {createWriteStream, existsSync} from 'node:fs';
import {mkdir, rename, rm, writeFile} from 'node:fs/promises';
import {once} from 'node:events';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {AUDIT_MANIFEST_VERSION, type AuditManifest} from '../src/audit/types.js';
import type {Snapshot} from '../src/snapshot/types.js';
import {SYNTHETIC_HEADER, syntheticAccounts} from './synthetic.js';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');

/** Paths of the generated inputs for a size. */
export function dataPaths(accounts: number, regions: number): {snapshot: string; auditDir: string} {
  return {snapshot: join(DATA_DIR, `org-${accounts}x${regions}.json`), auditDir: join(DATA_DIR, `audit-${accounts}x${regions}`)};
}

async function writeSnapshot(file: string, accounts: number, regions: number): Promise<void> {
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  // The layout trailwise itself writes (two-space indentation), one account at a time.
  await write(`${JSON.stringify(SYNTHETIC_HEADER, null, 2).replace(/\n}$/, '')},\n  "accounts": [`);
  let first = true;
  for (const account of syntheticAccounts(accounts, regions, undefined, {serviceLogs: true})) {
    await write(`${first ? '' : ','}\n    ${JSON.stringify(account, null, 2).replace(/\n/g, '\n    ')}`);
    first = false;
  }
  await write('\n  ]\n}\n');
  out.end();
  await once(out, 'finish');
  await rename(tmp, file);
}

async function writeAuditDir(dir: string, accounts: number, regions: number): Promise<void> {
  const tmp = `${dir}.tmp`;
  await rm(tmp, {recursive: true, force: true});
  await mkdir(join(tmp, 'accounts'), {recursive: true});
  const targets: AuditManifest['targets'] = [];
  let organization: AuditManifest['organization'] = null;
  for (const account of syntheticAccounts(accounts, regions, undefined, {serviceLogs: true})) {
    const org = account.organization;
    if (!organization && org && 'id' in org) organization = {id: org.id, managementAccountId: org.managementAccountId};
    targets.push({id: account.accountId, name: account.name ?? account.accountId, state: 'ACTIVE'});
    const snapshot: Snapshot = {
      schemaVersion: '1.0',
      collection: {
        tool: 'trailwise',
        toolVersion: '0.1.0',
        source: 'aws',
        startedAt: '2026-11-28T09:00:00Z',
        finishedAt: '2026-11-28T09:05:00Z',
        calls: {'cloudtrail:DescribeTrails': regions, 'logs:DescribeLogGroups': regions},
        retries: 0,
        errors: 0,
      },
      accounts: [account],
    };
    await writeFile(join(tmp, 'accounts', `${account.accountId}.json`), `${JSON.stringify(snapshot, null, 2)}\n`);
  }
  const manifest: AuditManifest = {
    kind: 'trailwise-audit',
    manifestVersion: AUDIT_MANIFEST_VERSION,
    toolVersion: '0.1.0',
    startedAt: '2026-11-28T09:00:00Z',
    status: 'running',
    organization,
    partition: 'aws',
    callerAccountId: organization?.managementAccountId ?? targets[0]!.id,
    roleName: 'OrganizationAccountAccessRole',
    externalId: false,
    organizationAccounts: targets,
    targets,
    skipped: [],
    otherShards: 0,
    buckets: [],
  };
  await writeFile(join(tmp, 'audit.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(dir, {recursive: true, force: true});
  await rename(tmp, dir);
}

/** Generates the inputs for a size unless they exist; returns their paths. */
export async function ensureData(accounts: number, regions: number, force = false): Promise<{snapshot: string; auditDir: string}> {
  const paths = dataPaths(accounts, regions);
  await mkdir(DATA_DIR, {recursive: true});
  if (force || !existsSync(paths.snapshot)) await writeSnapshot(paths.snapshot, accounts, regions);
  if (force || !existsSync(join(paths.auditDir, 'audit.json'))) await writeAuditDir(paths.auditDir, accounts, regions);
  return paths;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const accounts = Number(args[0] ?? 1000);
  const regions = Number(args[1] ?? 17);
  const paths = await ensureData(accounts, regions, process.argv.includes('--force'));
  console.log(`${paths.snapshot}\n${paths.auditDir}`);
}

/**
 * The audit directory: `<root>/<UTC timestamp>/` holds `audit.json` (the manifest), `accounts/<id>.json` (one
 * single-account snapshot per account, written as soon as the account is done), `snapshot.json`, `report.json`,
 * `summary.md`, `report.sarif` and `report.html`; `<root>/latest` points at the newest directory.
 */
import {createWriteStream} from 'node:fs';
import {mkdir, readdir, readFile, readlink, rename, stat, symlink, unlink, writeFile} from 'node:fs/promises';
import {once} from 'node:events';
import {basename, dirname, join} from 'node:path';
import {assertValid} from '../ajv.js';
import {InputError} from '../errors.js';
import {makeDirectory} from '../files.js';
import {allFindings, type Report} from '../report/report.js';
import {TextSink} from '../report/stream/writer.js';
import {parseJson, validateSnapshot} from '../snapshot/load.js';
import type {AccountSnapshot, Snapshot} from '../snapshot/types.js';
import type {AuditManifest} from './types.js';
import {defineValidator} from '../validators.js';

export const MANIFEST_FILE = 'audit.json';
export const ACCOUNTS_DIR = 'accounts';
export const SNAPSHOT_FILE = 'snapshot.json';
export const REPORT_FILE = 'report.json';
export const SUMMARY_FILE = 'summary.md';
export const SARIF_FILE = 'report.sarif';
export const HTML_FILE = 'report.html';
export const LATEST = 'latest';

/** A directory name for a run that sorts by time and is valid on every file system and as an artifact name. */
export function runDirName(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** Creates `<root>/<UTC timestamp>/accounts/` and returns the run directory (suffixed when two runs share a second). */
export async function createRunDir(root: string, now: Date): Promise<string> {
  await makeDirectory(root, '--output');
  const base = runDirName(now);
  for (let n = 1; ; n++) {
    const dir = join(root, n === 1 ? base : `${base}-${n}`);
    try {
      await mkdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new InputError(`--output: cannot make the folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, dir);
    }
    await mkdir(join(dir, ACCOUNTS_DIR));
    return dir;
  }
}

/** Writes a file whole or not at all: an interrupted run never leaves half an account behind. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Points `<root>/latest` at the run: a relative symlink, or a file holding the name where symlinks are not allowed. */
export async function updateLatest(runDir: string): Promise<void> {
  const root = dirname(runDir);
  const name = basename(runDir);
  const link = join(root, LATEST);
  const tmp = `${link}.tmp-${process.pid}`;
  try {
    await unlink(tmp).catch(() => {});
    await symlink(name, tmp, 'dir');
    await rename(tmp, link);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Windows without developer mode (EPERM), some network and FAT file systems (ENOSYS, EOPNOTSUPP).
    if (!['EPERM', 'EACCES', 'ENOSYS', 'EOPNOTSUPP', 'EISDIR'].includes(code ?? '')) throw err;
    await unlink(tmp).catch(() => {});
    await writeFileAtomic(link, `${name}\n`);
  }
}

/**
 * The audit directory a path names: the directory itself (it has `audit.json`), or a reports root through its
 * `latest` link or file.
 */
export async function resolveAuditDir(path: string): Promise<string> {
  if (await exists(join(path, MANIFEST_FILE))) return path;
  const link = join(path, LATEST);
  try {
    const target = await readlink(link).catch(async () => (await readFile(link, 'utf8')).trim());
    const dir = join(path, target);
    if (await exists(join(dir, MANIFEST_FILE))) return dir;
  } catch {
    // fall through to the message below
  }
  throw new InputError(`${path}: not an audit directory (no ${MANIFEST_FILE}, and no ${LATEST} pointing at one)`, path);
}

/**
 * The audit directory `--resume PATH` continues: PATH itself when it holds `audit.json`, else the newest run under
 * the reports root PATH that did not complete (`latest` is written only on completion, so it never names one).
 */
export async function resolveResumeDir(path: string): Promise<string> {
  if (await exists(join(path, MANIFEST_FILE))) return path;
  const entries = await readdir(path, {withFileTypes: true}).catch(() => {
    throw new InputError(`--resume: ${path}: not an audit directory, nor a reports root (cannot read the folder)`, path);
  });
  const runs: {dir: string; startedAt: string}[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === LATEST) continue;
    const dir = join(path, entry.name);
    // A run whose manifest cannot be read is not one trailwise can resume: it is passed over, not an error.
    const manifest = await readManifest(dir).catch(() => undefined);
    if (manifest && manifest.status !== 'complete') runs.push({dir, startedAt: manifest.startedAt});
  }
  runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.dir.localeCompare(a.dir));
  if (!runs[0]) throw new InputError(`--resume: ${path}: not an audit directory (no ${MANIFEST_FILE}), and no unfinished audit under it to resume`, path);
  return runs[0].dir;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

const orgAccount = {
  type: 'object',
  required: ['id', 'state'],
  properties: {id: {type: 'string', pattern: '^[0-9]{12}$'}, name: {type: 'string'}, state: {type: 'string'}, reason: {type: 'string'}},
};
const stringList = {type: 'array', items: {type: 'string'}};

/**
 * What `merge`, `--resume` and the summary read from `audit.json`. Fields are added over time, so only the ones read
 * are constrained; their types are what keeps a hand-edited or truncated manifest from becoming a wrong merge.
 */
export const auditManifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'trailwise audit manifest',
  type: 'object',
  required: ['kind', 'manifestVersion', 'startedAt', 'status', 'organization', 'partition', 'callerAccountId', 'roleName', 'organizationAccounts', 'targets', 'skipped', 'otherShards'],
  properties: {
    kind: {const: 'trailwise-audit'},
    manifestVersion: {type: 'integer'},
    toolVersion: {type: 'string'},
    startedAt: {type: 'string'},
    finishedAt: {type: 'string'},
    status: {enum: ['running', 'complete', 'interrupted']},
    organization: {
      oneOf: [{type: 'null'}, {type: 'object', properties: {id: {type: 'string'}, managementAccountId: {type: 'string'}}}],
    },
    partition: {type: 'string'},
    callerAccountId: {type: 'string'},
    roleName: {type: 'string'},
    externalId: {type: 'boolean'},
    regionsRequested: stringList,
    shard: {
      type: 'object',
      required: ['index', 'count'],
      properties: {index: {type: 'integer', minimum: 1}, count: {type: 'integer', minimum: 1}},
    },
    mergedFrom: stringList,
    missingShards: {type: 'array', items: {type: 'integer'}},
    organizationAccounts: {type: 'array', items: orgAccount},
    targets: {type: 'array', items: orgAccount},
    skipped: {type: 'array', items: orgAccount},
    otherShards: {type: 'integer', minimum: 0},
    buckets: {
      type: 'array',
      items: {type: 'object', required: ['bucket', 'referencedBy'], properties: {bucket: {type: 'string'}, referencedBy: stringList, problem: {type: 'string'}}},
    },
  },
} as const;

const manifestValidator = defineValidator('audit-manifest', auditManifestSchema, {builtinPatternsOnly: true});

/** Reads and validates `audit.json` of an audit directory. */
export async function readManifest(dir: string): Promise<AuditManifest> {
  const file = join(dir, MANIFEST_FILE);
  const value = parseJson(await readText(file, 'audit manifest'), file);
  assertValid<AuditManifest>(manifestValidator(), value, file, 'trailwise audit manifest');
  return value;
}

/** The text of a file trailwise reads, or an `InputError` naming it and why it cannot be read. */
async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read the ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}

export async function writeManifest(dir: string, manifest: AuditManifest): Promise<void> {
  await writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
}

export function accountFile(dir: string, accountId: string): string {
  return join(dir, ACCOUNTS_DIR, `${accountId}.json`);
}

/** The ids of the accounts whose snapshot is written in the directory, sorted. */
export async function writtenAccounts(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, ACCOUNTS_DIR));
  } catch {
    return [];
  }
  return names
    .map((n) => /^(\d{12})\.json$/.exec(n)?.[1])
    .filter((id): id is string => !!id)
    .sort();
}

/** One account's file: a single-account snapshot whose `collection` holds that account's calls and times. */
export async function readAccountFile(dir: string, accountId: string): Promise<Snapshot> {
  const file = accountFile(dir, accountId);
  const snapshot = validateSnapshot(parseJson(await readText(file, 'account snapshot'), file), file);
  if (snapshot.accounts.length !== 1 || snapshot.accounts[0]!.accountId !== accountId) {
    throw new InputError(`${file}: at /accounts: expected exactly one account, ${accountId} (the file's name)`, file);
  }
  return snapshot;
}

export async function writeAccountFile(dir: string, snapshot: Snapshot): Promise<string> {
  const file = accountFile(dir, snapshot.accounts[0]!.accountId);
  await writeJsonAtomic(file, snapshot);
  return file;
}

/**
 * Writes the organization snapshot account by account (one `JSON.stringify` of the whole organization would need a
 * second copy of it as one string, and an organization need not fit in memory at all) and returns the path.
 */
export async function writeOrgSnapshot(dir: string, header: Omit<Snapshot, 'accounts'>, accounts: AsyncIterable<AccountSnapshot> | Iterable<AccountSnapshot>): Promise<string> {
  const file = join(dir, SNAPSHOT_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${JSON.stringify({schemaVersion: header.schemaVersion, collection: header.collection}, null, 2).replace(/\n}$/, '')},\n  "accounts": [`);
  let first = true;
  for await (const account of accounts) {
    await write(`${first ? '' : ','}\n    ${JSON.stringify(account, null, 2).replace(/\n/g, '\n    ')}`);
    first = false;
  }
  await write(first ? ']\n}\n' : '\n  ]\n}\n');
  out.end();
  await once(out, 'finish');
  await rename(tmp, file);
  return file;
}

/**
 * Writes the JSON report like `formatJson`, except that each finding is one line: an organization has millions of
 * findings, more than one JavaScript string can hold, so the text is written piece by piece (and `loadReportFrom`
 * reads such a file line by line).
 */
export async function writeReportFile(file: string, report: Report): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const sink = new TextSink(createWriteStream(tmp));
  const write = (text: string) => sink.write(text);
  // The findings on disk (`spilled`) are written after the others, in the findings array.
  const entries = Object.entries(report).filter(([key]) => key !== 'spilled');
  await write('{');
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'findings') {
      await write(`\n  "findings": [`);
      let first = true;
      for (const finding of allFindings(report)) {
        await write(`${first ? '' : ','}\n    ${JSON.stringify(finding)}`);
        first = false;
      }
      await write(`${first ? '' : '\n  '}]${comma}`);
    } else {
      await write(`\n  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}${comma}`);
    }
  }
  await write('\n}\n');
  await sink.close();
  await rename(tmp, file);
}

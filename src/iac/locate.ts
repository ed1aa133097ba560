/**
 * Where a Terraform finding's resource is written: the `resource "TYPE" "NAME"` block in the `.tf` files under
 * `--source-dir`, so SARIF and annotations land on the pull request's diff. The `.tf` text is scanned, not parsed:
 * one regular expression anchored at a line start, applied once per file, so the work is linear in the size of the
 * files. (`@cdktf/hcl2json` turns HCL into JSON without source positions, so it cannot give the line.) A block in a
 * comment or heredoc that looks like a resource header could be picked; when several blocks match, the one in the
 * module's own folder (from the plan's local module sources) wins.
 */
import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../errors.js';
import type {Report} from '../report/report.js';
import {relativeTo} from '../report/sarif.js';
import {modulePathOf} from './terraform/plan.js';

/** Folders never searched: provider plugins and downloaded modules, tool caches, VCS data. */
const SKIP = new Set(['.terraform', '.git', 'node_modules', '.terragrunt-cache', 'cdk.out']);
/** Bounds the walk: a source folder with more `.tf` files than this is almost certainly the wrong folder. */
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const RESOURCE_HEADER = /^[ \t]*resource[ \t]+"([^"\n]+)"[ \t]+"([^"\n]+)"/gm;

export interface BlockLocation {
  /** Relative to the source folder, with forward slashes. */
  file: string;
  line: number;
}

/** Every `resource "TYPE" "NAME"` header in a `.tf` text, with its 1-based line. */
export function resourceBlocks(text: string): {type: string; name: string; line: number}[] {
  const out: {type: string; name: string; line: number}[] = [];
  let line = 1;
  let scanned = 0;
  for (const m of text.matchAll(RESOURCE_HEADER)) {
    // Count newlines only between matches: each character is looked at once.
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    scanned = m.index;
    out.push({type: m[1]!, name: m[2]!, line});
  }
  return out;
}

async function tfFiles(dir: string, found: string[] = []): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, {withFileTypes: true});
  } catch {
    return found;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (found.length >= MAX_FILES) break;
    if (e.isDirectory() && !SKIP.has(e.name)) await tfFiles(path.join(dir, e.name), found);
    else if (e.isFile() && e.name.endsWith('.tf')) found.push(path.join(dir, e.name));
  }
  return found;
}

/** An index of the resource blocks under a folder: `TYPE.NAME` → where each block with that header is. */
export async function indexSourceDir(sourceDir: string): Promise<Map<string, BlockLocation[]>> {
  const info = await stat(sourceDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`--source-dir: ${sourceDir} is not a folder`);
  const index = new Map<string, BlockLocation[]>();
  for (const file of await tfFiles(sourceDir)) {
    const size = (await stat(file)).size;
    if (size > MAX_FILE_BYTES) continue;
    const relative = path.relative(sourceDir, file).split(path.sep).join('/');
    for (const b of resourceBlocks(await readFile(file, 'utf8'))) {
      const key = `${b.type}.${b.name}`;
      index.set(key, [...(index.get(key) ?? []), {file: relative, line: b.line}]);
    }
  }
  return index;
}

/** Sets `source.file` and `source.line` on Terraform findings whose block is found under `sourceDir`. */
export async function locateSources(report: Report, options: {sourceDir: string; moduleDirs?: Record<string, string>}): Promise<void> {
  const terraform = report.findings.filter((f) => f.source?.kind === 'terraform');
  if (!terraform.length) return;
  const index = await indexSourceDir(options.sourceDir);
  for (const f of terraform) {
    const address = f.source!.address;
    // `module.a["k"].aws_x.name[0]`: the resource part is the last `type.name`, optionally indexed.
    const m = /(?:^|\.)([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?$/.exec(address);
    if (!m) continue;
    const candidates = index.get(`${m[1]}.${m[2]}`) ?? [];
    if (!candidates.length) continue;
    const moduleKey = modulePathOf(address.slice(0, m.index)).join('/');
    const dir = options.moduleDirs?.[moduleKey];
    const wanted = dir !== undefined ? path.posix.normalize(dir) : undefined;
    const folder = (c: BlockLocation) => path.posix.dirname(c.file);
    // The module's own folder; else, for a source folder above the root module, a folder ending with it.
    const inModule =
      wanted === undefined
        ? undefined
        : (candidates.find((c) => folder(c) === wanted) ??
          (wanted !== '.' ? [...candidates].filter((c) => folder(c).endsWith(`/${wanted}`)).sort((a, b) => a.file.length - b.file.length)[0] : undefined));
    const chosen = inModule ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (!chosen) continue;
    f.source = {...f.source!, file: relativeTo(process.cwd(), path.join(options.sourceDir, chosen.file)), line: chosen.line};
  }
}

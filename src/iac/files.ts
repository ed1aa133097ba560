/**
 * File lists for the Action's `terraform-plan` and `cloudformation` inputs: paths, or globs matched (by RE2, linear)
 * against the paths under the glob's fixed leading folders. A `cdk.out` folder is an input itself and is not searched.
 */
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../errors.js';
import {compileGlob} from '../evaluate/glob.js';

const GLOB_CHARS = /[*?[{]/;
const SKIP = new Set(['.git', 'node_modules', '.terraform', '.terragrunt-cache']);
const MAX_MATCHES = 10_000;

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, {withFileTypes: true});
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= MAX_MATCHES * 10) return;
    const full = path.join(dir, e.name);
    out.push(full);
    if (e.isDirectory() && !SKIP.has(e.name) && e.name !== 'cdk.out') await walk(full, out);
  }
}

/** The files (and cdk.out folders) the patterns name, in order, each once; `input` names the input in errors. */
export async function expandInputFiles(patterns: string[], input: string): Promise<string[]> {
  const out: string[] = [];
  for (const pattern of patterns) {
    if (!GLOB_CHARS.test(pattern)) {
      out.push(pattern);
      continue;
    }
    const segments = pattern.split('/');
    const fixed = segments.slice(0, segments.findIndex((s) => GLOB_CHARS.test(s)));
    const root = fixed.length ? fixed.join('/') : '.';
    const matches = compileGlob(pattern.replace(/^\.\//, ''));
    const candidates: string[] = [];
    await walk(root, candidates);
    const found = candidates.map((c) => c.split(path.sep).join('/').replace(/^\.\//, '')).filter(matches);
    if (!found.length) throw new InputError(`input "${input}": ${pattern} matches no file`);
    out.push(...found);
  }
  return [...new Set(out)];
}

/**
 * Where trailwise writes: folders are made one level at a time (Node's recursive `mkdir` never returns on some
 * virtual file systems, `/proc/x/` among them), and every failure is the user's path, named with the flag, not a
 * stack trace.
 */
import {mkdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from './errors.js';

const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** Makes `dir` and its missing parents; throws an `InputError` (labelled `label`) naming the part that is in the way. */
export async function makeDirectory(dir: string, label: string): Promise<void> {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let at = target; ; at = path.dirname(at)) {
    let info;
    try {
      info = await stat(at);
    } catch (err) {
      // ENOTDIR: a part further up is a file; walking up finds it and says so.
      if (!['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw new InputError(`${label}: cannot use ${at}: ${code(err)}`, dir);
      if (path.dirname(at) === at) throw new InputError(`${label}: cannot use ${dir}: no such root`, dir);
      missing.unshift(at);
      continue;
    }
    if (!info.isDirectory()) throw new InputError(`${label}: ${at} is a file, not a folder, so ${dir} cannot be made`, dir);
    break;
  }
  for (const at of missing) {
    try {
      await mkdir(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`${label}: cannot make the folder ${at}: ${code(err)}`, dir);
    }
  }
}

/** Checks, before any work, that `file` can be written: its folder can be made and it is not a folder itself. */
export async function prepareOutputFile(file: string, label: string): Promise<void> {
  await makeDirectory(path.dirname(path.resolve(file)), label);
  try {
    if ((await stat(file)).isDirectory()) throw new InputError(`${label}: ${file} is a folder; name a file, or end it with / for report files in it`, file);
  } catch (err) {
    if (err instanceof InputError) throw err;
  }
}

/** Writes `text` to `file`; a failure (no space, no permission, a special file system) is an `InputError`. */
export async function writeOutput(file: string, text: string, label: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw new InputError(`${label}: cannot write ${file}: ${code(err)}`, file);
  }
}

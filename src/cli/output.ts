import {mkdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../errors.js';
import {formatJson} from '../report/json.js';
import type {FormatOptions, Formatter, Report} from '../report/report.js';
import {formatMarkdown} from '../report/markdown.js';
import {formatSarif} from '../report/sarif.js';
import {formatText} from '../report/terminal/index.js';

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type FormatName = (typeof FORMATS)[number];

const EXTENSIONS: Record<FormatName, string> = {text: 'txt', json: 'json', markdown: 'md', sarif: 'sarif'};

/** Parses `--format a,b`: every name must be known. */
export function parseFormats(value: string): FormatName[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(FORMATS as readonly string[]).includes(name)) {
      throw new InputError(`--format: expected one of ${FORMATS.join(', ')}, got "${name}"`);
    }
  }
  return names as FormatName[];
}

/** The formatter for a format name (text is rendered without colour: it goes to a file or a pipe). */
export function formatterFor(name: FormatName): Formatter {
  switch (name) {
    case 'json':
      return formatJson;
    case 'markdown':
      return formatMarkdown;
    case 'sarif':
      return formatSarif;
    case 'text':
      return (report, options) => formatText(report, {color: false, maxRows: options?.maxFindings});
  }
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes each format to `output`: a directory (existing, or named with a trailing slash, or several formats) gets
 * `report.<ext>` files; otherwise `output` is the file. Returns the paths written.
 */
export async function writeReports(report: Report, formats: FormatName[], output: string, options: FormatOptions = {}): Promise<string[]> {
  const asDir = output.endsWith('/') || output.endsWith(path.sep) || formats.length > 1 || (await isDirectory(output));
  const written: string[] = [];
  if (asDir) await mkdir(output, {recursive: true});
  else await mkdir(path.dirname(path.resolve(output)), {recursive: true});
  for (const format of formats) {
    const file = asDir ? path.join(output, `report.${EXTENSIONS[format]}`) : output;
    await writeFile(file, formatterFor(format)(report, options));
    written.push(file);
  }
  return written;
}

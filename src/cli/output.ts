import {createWriteStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../errors.js';
import {makeDirectory, prepareOutputFile, writeOutput} from '../files.js';
import {formatJson} from '../report/json.js';
import type {FormatOptions, Formatter, Report} from '../report/report.js';
import {formatMarkdown} from '../report/markdown.js';
import {firstFailures, formatSarif} from '../report/sarif.js';
import {SarifReportWriter} from '../report/stream/sarif.js';
import {AsffWriter, CsvWriter, OcsfWriter} from '../report/stream/security.js';
import {JsonReportWriter, TextSink, writeReportThrough, type FindingWriter} from '../report/stream/writer.js';
import {formatAsff} from '../report/asff.js';
import {formatCsv} from '../report/csv.js';
import {formatOcsf} from '../report/ocsf.js';

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'csv', 'html', 'ocsf', 'asff'] as const;
export type FormatName = (typeof FORMATS)[number];

/**
 * File name endings and the format each means, for `--output FILE` without `--format`. Longest first, so that a
 * compound ending (`.sarif.json`) wins over its tail (`.json`). The shortest ending of a format names its file in a
 * directory (`report.md`).
 */
export const FORMAT_EXTENSIONS: readonly (readonly [string, FormatName])[] = [
  ['.ocsf.jsonl', 'ocsf'],
  ['.asff.json', 'asff'],
  ['.sarif.json', 'sarif'],
  ['.markdown', 'markdown'],
  ['.sarif', 'sarif'],
  ['.json', 'json'],
  ['.html', 'html'],
  ['.csv', 'csv'],
  ['.txt', 'text'],
  ['.md', 'markdown'],
];

/** The format a file name's ending stands for, or undefined when it names none. */
export function formatOfFile(file: string): FormatName | undefined {
  const name = path.basename(file).toLowerCase();
  return FORMAT_EXTENSIONS.find(([ending]) => name.endsWith(ending))?.[1];
}

function fileNameFor(format: FormatName): string {
  const ending = [...FORMAT_EXTENSIONS].sort((a, b) => a[0].length - b[0].length).find(([, f]) => f === format)![0];
  return `report${ending}`;
}

/** Parses `--format a,b`: every name must be known. */
export function parseFormats(value: string): FormatName[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(FORMATS as readonly string[]).includes(name)) {
      throw new InputError(`--format: expected one of ${FORMATS.join(', ')}, got "${name}"`);
    }
  }
  if (!names.length) throw new InputError(`--format: expected one of ${FORMATS.join(', ')}`);
  return names as FormatName[];
}

/** Where the report(s) go: the terminal (no `output`), one file, or a directory of `report.<ext>` files. */
export interface OutputPlan {
  formats: FormatName[];
  output?: string;
  asDir: boolean;
}

/**
 * Resolves `--format` and `--output` before any work. A directory (existing, or named with a trailing slash, or
 * several formats) gets `report.<ext>` files, JSON by default; a file takes its format from `--format` or else from
 * its extension, and an extension that contradicts `--format` is refused.
 */
export async function resolveOutput(format: string | undefined, output: string | undefined): Promise<OutputPlan> {
  const given = format === undefined ? undefined : parseFormats(format);
  if (!output) {
    const formats = given ?? ['text'];
    if (formats.length > 1) throw new InputError('--format: several formats need --output DIR');
    return {formats, asDir: false};
  }
  const asDir = output.endsWith('/') || output.endsWith(path.sep) || (given?.length ?? 0) > 1 || (await isDirectory(output));
  if (asDir) {
    await makeDirectory(output, '--output');
    return {formats: given ?? ['json'], output, asDir};
  }
  const implied = formatOfFile(output);
  if (given && implied && given[0] !== implied) {
    throw new InputError(`--output ${output}: the extension means ${implied}, but --format is ${given[0]}; make them agree (or drop --format)`);
  }
  const formats = given ?? (implied ? [implied] : undefined);
  if (!formats) {
    const endings = FORMAT_EXTENSIONS.map(([e]) => e).join(' ');
    throw new InputError(`--output ${output}: cannot tell the format from the file name: give --format, end it with one of ${endings}, or end a directory with /`);
  }
  await prepareOutputFile(output, '--output');
  return {formats, output, asDir};
}

/**
 * The formatter for a format name (text is rendered without colour: it goes to a file or a pipe). Async because the
 * text format loads ink and React, which the other formats never need.
 */
export async function formatterFor(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'json':
      return formatJson;
    case 'markdown':
      return formatMarkdown;
    case 'sarif':
      return formatSarif;
    case 'text': {
      const {formatText} = await import('../report/terminal/index.js');
      return (report, options) => formatText(report, {color: false, maxRows: options?.maxFindings});
    }
    case 'csv':
      return formatCsv;
    case 'html': {
      const {formatHtml} = await import('../report/html.js');
      return (report, options) => formatHtml(report, {history: options?.history});
    }
    case 'ocsf':
      return formatOcsf;
    case 'asff':
      return formatAsff;
  }
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

/** Writes each format of the plan (which has an `output`); returns the paths written. */
export async function writeReports(report: Report, plan: OutputPlan & {output: string}, options: FormatOptions = {}): Promise<string[]> {
  const written: string[] = [];
  if (plan.asDir) await makeDirectory(plan.output, '--output');
  else await makeDirectory(path.dirname(path.resolve(plan.output)), '--output');
  for (const format of plan.formats) {
    const file = plan.asDir ? path.join(plan.output, fileNameFor(format)) : plan.output;
    try {
      await writeReportFile(file, format, report, options);
    } catch (err) {
      // A disk that is full or a file system that refuses the file is the user's --output, not a bug.
      const code = (err as NodeJS.ErrnoException).code;
      if (err instanceof InputError || !code) throw err;
      throw new InputError(`--output: cannot write ${file}: ${code}`, file);
    }
    written.push(file);
  }
  return written;
}

/** The formats written finding by finding, and how to make each one's writer. */
const STREAMED: Partial<Record<FormatName, (sink: TextSink, report: Report, options: FormatOptions) => FindingWriter>> = {
  json: (sink) => new JsonReportWriter(sink),
  sarif: (sink, report, options) => new SarifReportWriter(sink, firstFailures(report.findings), options),
  ocsf: (sink) => new OcsfWriter(sink),
  asff: (sink) => new AsffWriter(sink),
  csv: (sink) => new CsvWriter(sink),
};

/**
 * Writes one format to a file. JSON, SARIF, CSV, OCSF and ASFF are streamed finding by finding (an organization's
 * report is larger than one string can be); Markdown, text and HTML are bounded by their size limits and written whole.
 */
async function writeReportFile(file: string, format: FormatName, report: Report, options: FormatOptions): Promise<void> {
  const streamed = STREAMED[format];
  if (!streamed) {
    await writeOutput(file, (await formatterFor(format))(report, options), '--output');
    return;
  }
  const sink = new TextSink(createWriteStream(file));
  const writer = streamed(sink, report, options);
  await writeReportThrough(writer, report);
  await sink.close();
}

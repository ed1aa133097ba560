/**
 * Earlier reports' scores, for the HTML report's trend chart: `--history DIR` names a folder of JSON reports, or an
 * audit's reports root (`reports/<timestamp>/report.json`). Only each report's head is read — everything before its
 * `"findings"` array, which every trailwise JSON writer puts on a line of its own — so the history of a 10,000-account
 * organization costs a few kilobytes a run, not its findings. The head is validated against the report schema's
 * own definitions of the fields it uses.
 */
import {createReadStream} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {assertValid} from '../ajv.js';
import {InputError} from '../errors.js';
import type {HistoryPoint} from './html.js';
import {reportSchema} from './report-schema.js';
import {defineValidator} from '../validators.js';

/** How many earlier runs the chart shows at most. */
export const MAX_HISTORY = 30;
/** A head longer than this is not a trailwise report's (rules and account summaries included). */
const MAX_HEAD_BYTES = 64 * 1024 * 1024;

const headSchema = {
  type: 'object',
  required: ['tool', 'generatedAt', 'score'],
  properties: {
    tool: reportSchema.properties.tool,
    generatedAt: reportSchema.properties.generatedAt,
    score: reportSchema.properties.score,
  },
};
const validateHead = defineValidator('report-head', headSchema);

/** Reads a report's head (the JSON before `"findings"`) and returns its scores. */
export async function readReportScores(file: string): Promise<HistoryPoint> {
  const lines = createInterface({input: createReadStream(file, 'utf8'), crlfDelay: Infinity});
  const head: string[] = [];
  let bytes = 0;
  let complete = false;
  for await (const line of lines) {
    if (line === '  "findings": [' || line === '  "findings": [],' || line === '  "findings": []') {
      complete = true;
      break;
    }
    bytes += line.length + 1;
    if (bytes > MAX_HEAD_BYTES) break;
    head.push(line);
  }
  lines.close();
  let value: unknown;
  try {
    // The head ends with the comma before "findings"; closing it with an empty list makes it a JSON object again.
    value = JSON.parse(complete ? `${head.join('\n')}\n  "findings": []\n}` : head.join('\n'));
  } catch {
    throw new InputError(`${file}: not a trailwise JSON report (no "findings" list after a JSON head)`, file);
  }
  assertValid<{generatedAt: string; score: Omit<HistoryPoint, 'generatedAt'>}>(validateHead(), value, file, 'trailwise report');
  const {generatedAt, score} = value;
  return {generatedAt, overall: score.overall, sec04: score.sec04, cost: score.cost, coverage: score.coverage};
}

/**
 * The scores of the reports under `dir`, oldest first, at most `MAX_HISTORY`: its `*.json` files, or the
 * `report.json` of each run folder of an audit root. `exclude` (the report being written) is left out.
 */
export async function loadHistory(dir: string, exclude?: string): Promise<HistoryPoint[]> {
  let entries;
  try {
    entries = await readdir(dir, {withFileTypes: true});
  } catch {
    throw new InputError(`--history ${dir}: not a readable folder`, dir);
  }
  const files: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isFile() && e.name.endsWith('.json')) files.push(full);
    else if (e.isDirectory() && e.name !== 'latest') {
      const report = path.join(full, 'report.json');
      if (await stat(report).then((s) => s.isFile(), () => false)) files.push(report);
    }
  }
  const skip = exclude ? path.resolve(exclude) : undefined;
  const points: HistoryPoint[] = [];
  for (const file of files) {
    if (path.resolve(file) === skip) continue;
    points.push(await readReportScores(file));
  }
  points.sort((a, b) => (a.generatedAt < b.generatedAt ? -1 : a.generatedAt > b.generatedAt ? 1 : 0));
  return points.slice(-MAX_HISTORY);
}

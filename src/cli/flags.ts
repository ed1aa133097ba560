/**
 * Flag parsing shared by the commands: each turns a string flag into a value or an `InputError` naming the flag, so
 * that every mistake is caught before any work (a typo must not cost an hour-long audit).
 */
import {readFile} from 'node:fs/promises';
import {InputError} from '../errors.js';
import {gate, parseSeverity, type GateOptions, type GateResult} from '../pipeline.js';
import {checkReport, failingFingerprints, type Report} from '../report/report.js';

/** The flags of the gate, as commander hands them over. */
export interface GateFlags {
  failOn?: string;
  minScore?: string;
  failOnIncomplete?: boolean;
  baseline?: string;
}

/** A whole number from 1 to `max`, or undefined when the flag is absent. */
export function parseWhole(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InputError(`${flag}: expected a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

/** `--regions a,b`: region names, or undefined for "every enabled region". */
export function parseRegions(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const regions = value.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad) throw new InputError(`--regions: "${bad}" is not a region name (e.g. eu-west-1)`);
  return regions;
}

/** `--endpoint-url`: an http(s) URL. */
export function parseEndpoint(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return value;
  } catch {
    throw new InputError(`--endpoint-url: expected an http(s) URL, got "${value}"`);
  }
}

/** Reads the fingerprints of failing findings in a previous JSON report. */
export async function readBaseline(file: string): Promise<Set<string>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: cannot read the baseline JSON report: ${(err as Error).message}`, file);
  }
  return failingFingerprints(checkReport(value, file, '--baseline'));
}

/** The gate's options from its flags (the baseline file is read here, so a bad one fails early). */
export async function parseGateFlags(flags: GateFlags): Promise<GateOptions> {
  let minScore: number | undefined;
  if (flags.minScore !== undefined) {
    minScore = Number(flags.minScore);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
      throw new InputError(`--min-score: expected a number from 0 to 100, got "${flags.minScore}"`);
    }
  }
  return {
    failOn: parseSeverity(flags.failOn ?? 'high'),
    minScore,
    failOnIncomplete: flags.failOnIncomplete,
    baseline: flags.baseline ? await readBaseline(flags.baseline) : undefined,
  };
}

/** Gates the report; returns the verdict and the one line the CLI prints about it. */
export function gateWithSummary(report: Report, options: GateOptions, label = 'score'): {verdict: GateResult; line: string} {
  const verdict = gate(report, options);
  const s = report.score;
  const head = `${label} ${s.overall ?? 'n/a'} (SEC04 ${s.sec04 ?? 'n/a'}, COST ${s.cost ?? 'n/a'}), evidence coverage ${s.coverage ?? 'n/a'}%`;
  return {verdict, line: `${head}; gate ${verdict.passed ? 'passed' : `failed: ${verdict.reasons.join('; ')}`}`};
}

import type {Report} from '../report/report.js';

/** Sets each finding's source file and line (landing next). */
export async function locateSources(_report: Report, _options: {sourceDir: string; inputs: string[]}): Promise<void> {}

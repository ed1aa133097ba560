import type {Formatter} from './report.js';

/** The JSON report (the stable machine interface, `schema/report.schema.json`), pretty-printed. */
export const formatJson: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;

/**
 * The org-wide audit as functions the CLI calls: `runAudit` (`trailwise audit`), `mergeAudits` (`trailwise merge`)
 * and `diffReports` with its formatters (`trailwise diff`).
 */
export {runAudit} from './runner.js';
export {mergeAudits, type MergeOptions} from './merge.js';
export {diffReports, compareReports, formatDiffText, formatDiffMarkdown, formatDiffJson, loadReportFrom} from './diff.js';
export type {Diff, AccountDiff, ScoreChange, ResolvedFinding, UnverifiedFinding, DiffFormatOptions} from './diff.js';
export {finishAudit, type FinishedAudit} from './finish.js';
export {parseAccountList, parseShard, shardOf, selectAccounts} from './select.js';
export {parseS3Url, uploadAuditDir, type UploadSettings} from './upload.js';
export {resolveAuditDir, runDirName, LATEST} from './output.js';
export * from './types.js';

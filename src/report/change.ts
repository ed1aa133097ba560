/**
 * The one line that leads every report of a planned change: "this change: score A → B; newly failing …; fixed …".
 * Plain text; each format escapes it as it escapes everything else.
 */
import type {Report} from './report.js';

const score = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : String(n));

/** Items named in the line before "and N more". */
const NAMED = 3;

function named(items: string[]): string {
  const shown = items.slice(0, NAMED).join(', ');
  return items.length > NAMED ? `${shown} and ${items.length - NAMED} more` : shown;
}

/** "this change: score 90 → 72; newly failing 2 (…); fixed 1 (…)", or undefined for a report that is not of a change. */
export function changeHeadline(report: Report): string | undefined {
  const change = report.change;
  if (!change) return undefined;
  const newly = new Set(change.newlyFailing);
  const failing = report.findings.filter((f) => newly.has(f.fingerprint));
  const parts = [`this change: score ${score(change.scoreBefore.overall)} → ${score(report.score.overall)}`];
  parts.push(
    failing.length
      ? `newly failing ${failing.length} (${named(failing.map((f) => `${f.ruleId} ${f.severity} at ${f.source?.address ?? f.resource}`))})`
      : 'newly failing 0',
  );
  parts.push(change.fixed.length ? `fixed ${change.fixed.length} (${named(change.fixed.map((f) => `${f.ruleId} at ${f.address ?? f.resource}`))})` : 'fixed 0');
  return parts.join('; ');
}

/**
 * The whole report printed once (pipes, files, CI logs, `--format text`): the header, the failing rules, each
 * failing rule expanded, what could not be checked, and the org view for audits. Long lists stop at a limit with
 * "N more".
 */
import {Box, Text} from 'ink';
import type {Baseline, Report} from '../../report.js';
import {accountName, failingRules, failingRuleSections, incompleteRules, isOrgReport} from '../model.js';
import {More, SectionTitle} from '../layout.js';
import {Paint} from '../style.js';
import {FailingRulesTable} from './FailingRulesTable.js';
import {IncompleteTable} from './IncompleteTable.js';
import {OrgOverview} from './OrgOverview.js';
import {ResultHeader} from './ResultHeader.js';
import {RuleDetails} from './RuleDetails.js';

export interface ReportViewProps {
  report: Report;
  width: number;
  /** Rows per list before "N more". */
  maxRows: number;
  /** Cap on the findings listed under the rules, over all rules. */
  maxFindings?: number;
  baseline?: Baseline;
}

/** Returns the account names of a report by id. */
export function accountNames(report: Report): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of report.snapshot.accounts) {
    const name = accountName(report, a.accountId);
    if (name) out[a.accountId] = name;
  }
  return out;
}

/** Suppressed findings grouped by rule and justification: what was accepted, why, and until when. */
function SuppressedList({report, limit}: {report: Report; limit: number}) {
  const groups = new Map<string, {ruleId: string; justification: string; expires?: string; count: number}>();
  for (const f of report.findings) {
    if (f.status !== 'suppressed' || !f.suppression) continue;
    const key = JSON.stringify([f.ruleId, f.suppression.justification, f.suppression.expires ?? '']);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, {ruleId: f.ruleId, justification: f.suppression.justification, ...(f.suppression.expires ? {expires: f.suppression.expires} : {}), count: 1});
  }
  if (!groups.size) return null;
  const shown = [...groups.values()].slice(0, limit);
  return (
    <Box flexDirection="column">
      <SectionTitle count={groups.size}>Suppressed</SectionTitle>
      {shown.map((g) => (
        <Box key={`${g.ruleId}\u0000${g.justification}\u0000${g.expires ?? ''}`} flexDirection="column">
          <Text>
            {'  '}
            {g.ruleId}
            <Paint dim>{` · ${g.count} ${g.count === 1 ? 'finding' : 'findings'}${g.expires ? ` · until ${g.expires}` : ''}`}</Paint>
          </Text>
          <Text wrap="wrap">{`    ${g.justification}`}</Text>
        </Box>
      ))}
      <More count={groups.size - shown.length} what="suppressions (see the JSON report)" />
    </Box>
  );
}

/** Renders the full, non-interactive report. */
export function ReportView({report, width, maxRows, maxFindings, baseline}: ReportViewProps) {
  const failing = failingRules(report);
  const incomplete = incompleteRules(report);
  const names = accountNames(report);
  // Findings listed under rules share one budget, so a huge org does not print thousands of lines.
  let budget = maxFindings ?? Number.POSITIVE_INFINITY;
  const detailed = failing.map((group) => {
    const limit = Math.max(0, Math.min(maxRows, budget));
    budget -= Math.min(limit, group.findings.length);
    return {group, limit};
  });
  const shown = detailed.filter((d) => d.limit > 0);
  const suppressions = report.suppressions;
  return (
    <Box flexDirection="column" width={width} rowGap={1}>
      <ResultHeader report={report} width={width} />
      {/* The table is the index of the details below, so it lists every failing rule (a catalogue holds a few dozen). */}
      {failingRuleSections(failing).map((section) => (
        <FailingRulesTable key={section.category ?? ''} groups={section.groups} width={width} {...(section.category ? {title: section.category} : {})} />
      ))}
      {shown.length ? (
        <Box flexDirection="column" rowGap={1}>
          <SectionTitle>Failing rules in detail</SectionTitle>
          {shown.map(({group, limit}) => (
            <RuleDetails key={group.ruleId} group={group} width={width} accountNames={names} limit={limit} wholeWords {...(baseline ? {baseline} : {})} />
          ))}
          <More count={failing.length - shown.length} what="failing rules not expanded (use --format json for every finding)" indent={0} />
        </Box>
      ) : null}
      <IncompleteTable groups={incomplete} width={width} limit={maxRows} />
      {isOrgReport(report) ? <OrgOverview report={report} width={width} limit={maxRows} /> : null}
      <SuppressedList report={report} limit={maxRows} />
      {suppressions.expired.length || suppressions.unused.length ? (
        <Text>
          <Paint color="yellow">
            Suppressions: {suppressions.expired.length} expired (no longer applied), {suppressions.unused.length} unused
            (matched no finding).{' '}
            {[...suppressions.expired, ...suppressions.unused]
              .slice(0, 3)
              .map((s) => s.rule + (s.resource ? ` ${s.resource}` : '') + ('justification' in s ? ` (${s.justification})` : ''))
              .join(', ')}
          </Paint>
        </Text>
      ) : null}
    </Box>
  );
}

/**
 * One rule opened: each of its findings with account, region, resource and message, then the remediation (for
 * failures) or what to do (for errors and unknowns).
 */
import {Box, Text} from 'ink';
import type {Finding} from '../../../evaluate/types.js';
import {inBaseline, type Baseline} from '../../report.js';
import type {RuleGroup} from '../model.js';
import {Above, HeaderRow, More, Row} from '../layout.js';
import {Paint, SEVERITY_HUE, STATUS_HUE} from '../style.js';
import {formatUsd, plural, wrapCommand, wrapWords} from '../text.js';

export interface RuleDetailsProps {
  group: RuleGroup;
  width: number;
  /** Account names by id, shown beside the id. */
  accountNames?: Record<string, string>;
  /** First finding shown. */
  offset?: number;
  /** Findings shown; the rest is counted as "N more". */
  limit?: number;
  /** Fingerprints already failing in a baseline: those findings are marked "existing". */
  baseline?: Baseline;
  /**
   * Keep the words of the CLI remediation whole: a command too wide for its column goes under its label, and a
   * word wider than the screen is printed past the width (printed output). Without it, such a word is cut.
   */
  wholeWords?: boolean;
}

/**
 * How a remediation line is laid out: text beside its label; a command under it, wrapped between arguments so that
 * the lines can be pasted into a shell as they are.
 */
function lineLayout(text: string, width: number, command: boolean, whole: boolean): {below: boolean; room: number; wrapped: string} {
  if (command) return {below: true, room: width - 2, wrapped: wrapCommand(text, width - 2)};
  return {below: false, room: width - 9, wrapped: wrapWords(text, width - 9, {cutLongWords: !whole})};
}

function Line({label, text, width, command = false, whole = false}: {label: string; text: string; width: number; command?: boolean; whole?: boolean}) {
  const {below, room, wrapped} = lineLayout(text, width, command, whole);
  // Printed output keeps a word longer than the line whole: the box widens past the layout instead of cutting it.
  const widest = Math.max(...wrapped.split('\n').map((l) => [...l].length));
  return (
    <Box flexDirection={below ? 'column' : 'row'}>
      <Box width={9} flexShrink={0}>
        <Text>
          <Paint bold>{label}</Paint>
        </Text>
      </Box>
      <Box width={Math.max(room, widest)} flexShrink={0} marginLeft={below ? 2 : 0}>
        <Text wrap="truncate-end">{wrapped}</Text>
      </Box>
    </Box>
  );
}

/** Returns the line printed under a finding: its message, its cost estimate, and new/existing against a baseline. */
function findingText(finding: Finding, baseline?: Baseline): string {
  const notes = [
    finding.estimatedMonthlyCostUsd !== undefined ? `≈ ${formatUsd(finding.estimatedMonthlyCostUsd)}/month` : '',
    baseline ? (inBaseline(baseline, finding) ? 'existing' : 'new') : '',
  ].filter(Boolean);
  return `${finding.message}${notes.length ? `  (${notes.join(', ')})` : ''}`;
}

const lineCount = (text: string, width: number) => wrapWords(text, width).split('\n').length;

/** Returns the lines one finding takes: the resource row, then its wrapped message. */
export function findingHeight(finding: Finding, width: number, baseline?: Baseline): number {
  return 1 + lineCount(findingText(finding, baseline), width - 4);
}

/** Returns the lines `RuleDetails` takes besides its findings (title, facts, column titles, scroll lines, remediation). */
export function detailsChromeHeight(group: RuleGroup, width: number): number {
  const rule = group.rule;
  const texts = [
    group.advice,
    ...(group.status === 'fail'
      ? [rule?.remediation.summary ?? group.findings[0]?.remediation, rule?.remediation.console, rule?.remediation.cli ? rule.remediation.cliNote : undefined]
      : []),
  ].filter((t): t is string => Boolean(t));
  const cli = group.status === 'fail' && rule?.remediation.cli ? lineLayout(rule.remediation.cli, width, true, false) : undefined;
  const cliLines = cli ? cli.wrapped.split('\n').length + (cli.below ? 1 : 0) : 0;
  return 3 + 1 + 1 + 2 + 1 + texts.reduce((n, t) => n + lineCount(t, width - 9), 0) + cliLines;
}

function FindingRows({finding, width, accountWidth, accountNames, baseline}: {finding: Finding; width: number; accountWidth: number; accountNames: Record<string, string>; baseline?: Baseline}) {
  const name = accountNames[finding.accountId];
  return (
    <Box flexDirection="column">
      <Row
        width={width}
        cells={[
          {key: 'account', width: accountWidth, content: name ? `${finding.accountId} ${name}` : finding.accountId},
          {key: 'region', width: 14, content: finding.region},
          {key: 'resource', wrap: 'truncate-middle', content: finding.resource},
        ]}
      />
      <Box paddingLeft={4} width={width}>
        <Text>{wrapWords(findingText(finding, baseline), width - 4)}</Text>
      </Box>
    </Box>
  );
}

/** Renders one rule's findings and remediation. */
export function RuleDetails({group, width, accountNames = {}, offset = 0, limit, baseline, wholeWords = false}: RuleDetailsProps) {
  const end = limit === undefined ? group.findings.length : Math.min(group.findings.length, offset + limit);
  const accountWidth = width >= 110 ? 28 : 22;
  const rule = group.rule;
  const what =
    group.status === 'fail'
      ? `${plural(group.findings.length, 'failing resource')} in ${plural(group.accounts.length, 'account')}`
      : `${plural(group.findings.length, 'finding')} ${group.status === 'error' ? 'with evidence missing' : 'with evidence elsewhere'}`;
  const facts = [group.pillar, ...(rule?.bestPractices ?? []), what, ...(group.monthlyCostUsd !== undefined ? [`≈ ${formatUsd(group.monthlyCostUsd)}/month`] : [])];
  return (
    <Box flexDirection="column" width={width}>
      <Text>
        <Paint bold color={group.status === 'fail' ? SEVERITY_HUE[group.severity] : STATUS_HUE[group.status]}>
          {group.status === 'fail' ? group.severity.toUpperCase() : group.status.toUpperCase()}
        </Paint>
        {'  '}
        <Paint bold>{group.ruleId}</Paint>
        {group.advisory ? <Paint dim>{'  advisory: never fails the gate'}</Paint> : ''}
      </Text>
      <Text>{group.title}</Text>
      <Text>
        <Paint dim>{facts.join(' · ')}</Paint>
      </Text>
      <Box marginTop={1} flexDirection="column">
        <HeaderRow
          width={width}
          cells={[
            {key: 'account', width: accountWidth, content: 'ACCOUNT'},
            {key: 'region', width: 14, content: 'REGION'},
            {key: 'resource', content: 'RESOURCE'},
          ]}
        />
        <Above count={offset} indent={0} />
        {group.findings.slice(offset, end).map((f) => (
          <FindingRows key={f.fingerprint} finding={f} width={width} accountWidth={accountWidth} accountNames={accountNames} {...(baseline ? {baseline} : {})} />
        ))}
        <More count={group.findings.length - end} what={group.status === 'fail' ? 'failing resources' : 'findings'} indent={0} />
      </Box>
      <Box marginTop={1} flexDirection="column">
        {group.advice ? <Line label="To do" width={width} text={group.advice} /> : null}
        {group.status === 'fail' ? (
          <>
            <Line label="Fix" width={width} text={rule?.remediation.summary ?? group.findings[0]!.remediation} />
            {rule?.remediation.console ? <Line label="Console" width={width} text={rule.remediation.console} /> : null}
            {rule?.remediation.cli ? <Line label="CLI" width={width} text={rule.remediation.cli} command whole={wholeWords} /> : null}
            {rule?.remediation.cli && rule.remediation.cliNote ? <Line label="Note" width={width} text={rule.remediation.cliNote} /> : null}
          </>
        ) : null}
      </Box>
    </Box>
  );
}

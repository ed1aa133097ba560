/**
 * One rule opened: each of its findings with account, region, resource and message, then the remediation (for
 * failures) or what to do (for errors and unknowns).
 */
import {Box, Text} from 'ink';
import type {Finding} from '../../../evaluate/types.js';
import type {RuleGroup} from '../model.js';
import {Above, HeaderRow, More, Row} from '../layout.js';
import {Paint, SEVERITY_HUE, STATUS_HUE} from '../style.js';
import {formatUsd, plural, wrapWords} from '../text.js';

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
  baseline?: Set<string>;
  /** Print long words of the CLI remediation whole, past the width (printed output; a live screen must not overflow). */
  wholeWords?: boolean;
}

function Line({label, text, width, whole = false}: {label: string; text: string; width: number; whole?: boolean}) {
  const wrapped = wrapWords(text, width - 9, {cutLongWords: !whole});
  // A word longer than the line (a JSON argument) is printed whole: the box widens past the layout instead of cutting it.
  const widest = Math.max(...wrapped.split('\n').map((l) => [...l].length));
  return (
    <Box>
      <Box width={9} flexShrink={0}>
        <Text>
          <Paint bold>{label}</Paint>
        </Text>
      </Box>
      <Box width={Math.max(width - 9, widest)} flexShrink={0}>
        <Text wrap="truncate-end">{wrapped}</Text>
      </Box>
    </Box>
  );
}

function FindingRows({finding, width, accountWidth, accountNames, baseline}: {finding: Finding; width: number; accountWidth: number; accountNames: Record<string, string>; baseline?: Set<string>}) {
  const name = accountNames[finding.accountId];
  const notes = [
    finding.estimatedMonthlyCostUsd !== undefined ? `≈ ${formatUsd(finding.estimatedMonthlyCostUsd)}/month` : '',
    baseline ? (baseline.has(finding.fingerprint) ? 'existing' : 'new') : '',
  ].filter(Boolean);
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
        <Text>{wrapWords(`${finding.message}${notes.length ? `  (${notes.join(', ')})` : ''}`, width - 4)}</Text>
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
            {rule?.remediation.cli ? <Line label="CLI" width={width} text={rule.remediation.cli} whole={wholeWords} /> : null}
          </>
        ) : null}
      </Box>
    </Box>
  );
}

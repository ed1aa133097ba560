/**
 * Rules that could not be judged (`error`: the evidence could not be collected; `unknown`: it lives in another
 * account), apart from failures, each with what to do to get a verdict.
 */
import {Box, Text} from 'ink';
import type {RuleGroup} from '../model.js';
import {Above, HeaderRow, More, Row, SectionTitle, type Cell} from '../layout.js';
import {Paint, STATUS_HUE} from '../style.js';
import {formatCount, wrapWords} from '../text.js';
import {ruleIdWidth} from './FailingRulesTable.js';

export interface IncompleteTableProps {
  groups: RuleGroup[];
  width: number;
  /** Index into `groups` of the highlighted row (interactive). */
  selected?: number;
  offset?: number;
  limit?: number;
  /** Print what to do under each group (the explorer shows it in the details instead). */
  advice?: boolean;
}

function cells(group: RuleGroup | undefined, idWidth: number): Cell[] {
  return [
    {key: 'status', width: 8, content: group ? <Paint color={STATUS_HUE[group.status]}>{group.status}</Paint> : 'STATUS'},
    {key: 'rule', width: idWidth, content: group ? group.ruleId : 'RULE'},
    {key: 'why', content: group ? group.findings[0]!.message : 'WHY (FIRST FINDING)'},
    {key: 'count', width: 8, align: 'right', content: group ? formatCount(group.findings.length) : 'FINDINGS'},
  ];
}

/** Renders the "could not be checked" table; advice is printed under a group when it differs from the one above. */
export function IncompleteTable({groups, width, selected, offset = 0, limit, advice = true}: IncompleteTableProps) {
  if (groups.length === 0) return null;
  const idWidth = ruleIdWidth(groups);
  const end = limit === undefined ? groups.length : Math.min(groups.length, offset + limit);
  const interactive = selected !== undefined;
  const findings = groups.reduce((n, g) => n + g.findings.length, 0);
  const indent = interactive ? 2 : 0;
  return (
    <Box flexDirection="column" width={width}>
      <SectionTitle count={findings}>Could not be checked</SectionTitle>
      <HeaderRow width={width} marker={interactive} cells={cells(undefined, idWidth)} />
      <Above count={offset} />
      {groups.slice(offset, end).map((g, i) => {
        const index = offset + i;
        const showAdvice = i === 0 || groups[index - 1]!.advice !== g.advice;
        return (
          <Box key={`${g.status} ${g.ruleId}`} flexDirection="column">
            <Row width={width} {...(interactive ? {selected: index === selected} : {})} cells={cells(g, idWidth)} />
            {advice && showAdvice && g.advice ? (
              <Box paddingLeft={indent + 9} width={width}>
                <Box width={2} flexShrink={0}>
                  <Text>
                    <Paint dim>→</Paint>
                  </Text>
                </Box>
                <Box flexGrow={1} flexShrink={1}>
                  <Text>
                    <Paint dim>{wrapWords(g.advice, width - indent - 11)}</Paint>
                  </Text>
                </Box>
              </Box>
            ) : null}
          </Box>
        );
      })}
      <More count={groups.length - end} what="rules" />
    </Box>
  );
}

/**
 * The failing rules, worst first: severity, rule id, title, failing resources, pillar. With `selected` it is the
 * explorer's list; without, the printed table.
 */
import {Box, Text} from 'ink';
import type {RuleGroup} from '../model.js';
import {Above, HeaderRow, More, Row, SectionTitle, type Cell} from '../layout.js';
import {Paint, SEVERITY_HUE} from '../style.js';
import {formatCount} from '../text.js';

export interface FailingRulesTableProps {
  groups: RuleGroup[];
  width: number;
  /** Index into `groups` of the highlighted row (interactive); undefined when printed. */
  selected?: number;
  /** First row shown. */
  offset?: number;
  /** Rows shown; the rest is counted as "N more". */
  limit?: number;
  /** The section title (default "Failing rules"); a category's table is titled with the category. */
  title?: string;
}

/** Returns the width of the rule id column: the longest id, within 20–32 columns. */
export function ruleIdWidth(groups: RuleGroup[]): number {
  return Math.min(32, Math.max(20, ...groups.map((g) => g.ruleId.length)));
}

function cells(group: RuleGroup | undefined, idWidth: number, wrapTitle = false): Cell[] {
  return [
    {
      key: 'severity',
      width: 8,
      content: group ? (
        <Paint color={SEVERITY_HUE[group.severity]} bold={group.severity === 'critical'} dim={group.advisory}>
          {group.severity}
        </Paint>
      ) : (
        'SEVERITY'
      ),
    },
    {key: 'rule', width: idWidth, content: group ? group.ruleId : 'RULE'},
    {key: 'title', wrap: wrapTitle ? 'wrap' : 'truncate-end', content: group ? group.title + (group.advisory ? ' (advisory)' : '') : 'TITLE'},
    {key: 'failing', width: 7, align: 'right', content: group ? formatCount(group.findings.length) : 'FAILING'},
    {key: 'pillar', width: 6, content: group ? group.pillar : 'PILLAR'},
  ];
}

/** Renders the failing-rules table. */
export function FailingRulesTable({groups, width, selected, offset = 0, limit, title = 'Failing rules'}: FailingRulesTableProps) {
  const idWidth = ruleIdWidth(groups);
  const end = limit === undefined ? groups.length : Math.min(groups.length, offset + limit);
  const interactive = selected !== undefined;
  return (
    <Box flexDirection="column" width={width}>
      <SectionTitle count={groups.length}>{title}</SectionTitle>
      {groups.length === 0 ? (
        <Text>
          {'  '}
          <Paint color="green">No rule fails.</Paint>
        </Text>
      ) : (
        <>
          <HeaderRow width={width} marker={interactive} cells={cells(undefined, idWidth)} />
          <Above count={offset} />
          {groups.slice(offset, end).map((g, i) => (
            <Row key={g.ruleId} width={width} {...(interactive ? {selected: offset + i === selected} : {})} cells={cells(g, idWidth, !interactive)} />
          ))}
          <More count={groups.length - end} what={groups.length - end === 1 ? 'failing rule' : 'failing rules'} />
        </>
      )}
    </Box>
  );
}

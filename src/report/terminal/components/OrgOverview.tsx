/**
 * For org audits: every account with its scores and worst finding, lowest score first, and the rules that fail in
 * the most accounts.
 */
import {Box, Text} from 'ink';
import type {Report} from '../../report.js';
import {accountRows, widespreadRules, type AccountRow} from '../model.js';
import {HeaderRow, More, Row, SectionTitle, type Cell} from '../layout.js';
import {BAND_HUE, Paint, SEVERITY_HUE, scoreBand} from '../style.js';
import {formatCount, formatScore} from '../text.js';

export interface OrgOverviewProps {
  report: Report;
  width: number;
  /** Rows per table; the rest is counted as "N more". */
  limit?: number;
}

function Score({value}: {value: number | null}) {
  return <Paint color={BAND_HUE[scoreBand(value)]}>{formatScore(value)}</Paint>;
}

function accountCells(row: AccountRow | undefined, nameWidth: number): Cell[] {
  const head = !row;
  return [
    {key: 'account', width: 12, content: row ? row.accountId : 'ACCOUNT'},
    {key: 'name', width: nameWidth, content: row ? (row.name ?? '') : 'NAME'},
    {key: 'overall', width: 7, align: 'right', content: head ? 'OVERALL' : <Score value={row.scores.overall} />},
    {key: 'sec04', width: 5, align: 'right', content: head ? 'SEC04' : <Score value={row.scores.sec04} />},
    {key: 'cost', width: 5, align: 'right', content: head ? 'COST' : <Score value={row.scores.cost} />},
    {key: 'failing', width: 7, align: 'right', content: row ? formatCount(row.failing) : 'FAILING'},
    {
      key: 'worst',
      content: head ? (
        'WORST FINDING'
      ) : row.error ? (
        <Paint color="yellow">not audited: {row.error}</Paint>
      ) : row.worst ? (
        <>
          <Paint color={SEVERITY_HUE[row.worst.severity]}>{row.worst.severity}</Paint> {row.worst.ruleId}
        </>
      ) : (
        <Paint color="green">none</Paint>
      ),
    },
  ];
}

/** Renders the per-account table and the most widespread failing rules. */
export function OrgOverview({report, width, limit}: OrgOverviewProps) {
  const rows = accountRows(report);
  const rules = widespreadRules(report);
  const shownRows = limit === undefined ? rows : rows.slice(0, limit);
  const shownRules = limit === undefined ? rules : rules.slice(0, limit);
  const nameWidth = width >= 110 ? 20 : 12;
  const total = report.snapshot.accounts.length;
  return (
    <Box flexDirection="column" width={width}>
      <SectionTitle count={rows.length}>Accounts, lowest score first</SectionTitle>
      <HeaderRow width={width} cells={accountCells(undefined, nameWidth)} />
      {shownRows.map((r) => (
        <Row key={r.accountId} width={width} cells={accountCells(r, nameWidth)} />
      ))}
      <More count={rows.length - shownRows.length} what="accounts" />
      <Box marginTop={1} flexDirection="column">
        <SectionTitle>Rules failing in the most accounts</SectionTitle>
        {rules.length === 0 ? (
          <Text>
            {'  '}
            <Paint color="green">No rule fails in any account.</Paint>
          </Text>
        ) : null}
        {shownRules.map((r) => (
          <Row
            key={r.ruleId}
            width={width}
            cells={[
              {key: 'accounts', width: 16, align: 'right', content: `${formatCount(r.accounts)}/${formatCount(total)} accounts`},
              {key: 'severity', width: 8, content: <Paint color={SEVERITY_HUE[r.severity]}>{r.severity}</Paint>},
              {key: 'rule', width: 32, content: r.ruleId},
              {key: 'title', content: r.title},
            ]}
          />
        ))}
        <More count={rules.length - shownRules.length} what="rules" />
      </Box>
    </Box>
  );
}

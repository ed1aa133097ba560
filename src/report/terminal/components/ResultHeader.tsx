/**
 * The top of the result: score gauges, evidence coverage, counts by status and severity, what was covered, and the
 * cost impact of cost findings when volumes are known.
 */
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {SEVERITIES} from '../../../evaluate/policy.js';
import {STATUSES, type Status} from '../../../evaluate/types.js';
import type {Report} from '../../report.js';
import {costImpact} from '../model.js';
import {Paint, SEVERITY_HUE, STATUS_HUE, scoreBand, type Hue} from '../style.js';
import {formatCount, formatScore, formatUsd, plural, shortenMiddle, wrapWords} from '../text.js';
import {ScoreGauge} from './ScoreGauge.js';

const STATUS_LABEL: Record<Status, string> = {
  fail: 'fail',
  error: 'error',
  unknown: 'unknown',
  pass: 'pass',
  suppressed: 'suppressed',
  not_applicable: 'n/a',
};

/** Returns an ISO timestamp as `2026-11-28 10:00 UTC`. */
export function formatCollectedAt(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Renders counts as `6 fail · 1 error · …`, coloured when not zero. */
function Counts<K extends string>({keys, counts, hue, label = (k) => k}: {keys: readonly K[]; counts: Record<K, number>; hue: Record<K, Hue>; label?: (k: K) => string}) {
  return (
    <>
      {keys.map((k, i) => (
        <Text key={k}>
          {i > 0 ? ' · ' : ''}
          <Paint color={counts[k] ? hue[k] : undefined} dim={!counts[k]}>
            {formatCount(counts[k])} {label(k)}
          </Paint>
        </Text>
      ))}
    </>
  );
}

function Fact({label, children}: {label: string; children: ReactNode}) {
  return (
    <Box>
      <Box width={10} flexShrink={0}>
        <Text>
          <Paint bold>{label}</Paint>
        </Text>
      </Box>
      <Box flexWrap="wrap" flexGrow={1} flexShrink={1}>
        {children}
      </Box>
    </Box>
  );
}

export interface ResultHeaderProps {
  report: Report;
  width: number;
}

/** Renders the result header: gauges beside the facts from 110 columns, above them below that. */
export function ResultHeader({report, width}: ResultHeaderProps) {
  const {score, counts, snapshot} = report;
  const sideBySide = width >= 110;
  const cells = sideBySide ? 24 : Math.min(30, width - 30);
  const bandWords = [score.overall, score.sec04, score.cost].map((v) => (v === null ? 'no rules'.length : scoreBand(v).length));
  const gaugeWidth = 8 + cells + 1 + 5 + 1 + Math.max(...bandWords);
  const factWidth = (sideBySide ? width - gaugeWidth - 3 : width) - 10;
  const notAudited = snapshot.accounts.filter((a) => a.error).length;
  const cost = costImpact(report);
  const source = snapshot.file ?? `${snapshot.source} snapshot`;
  const title = `trailwise ${report.version} · pack ${report.pack} · ${plural(snapshot.accounts.length, 'account')} · ${plural(snapshot.regions.length, 'region')}`;
  const collected = ` · collected ${formatCollectedAt(snapshot.collectedAt)}`;

  const gauges = (
    <Box flexDirection="column" flexShrink={0} marginRight={sideBySide ? 3 : 0}>
      <ScoreGauge label="Overall" score={score.overall} cells={cells} />
      <ScoreGauge label="SEC04" score={score.sec04} cells={cells} />
      <ScoreGauge label="COST" score={score.cost} cells={cells} />
    </Box>
  );
  const facts = (
    <Box flexDirection="column" flexGrow={1} flexShrink={1}>
      <Fact label="Coverage">
        <Text>
          <Paint bold>{score.coverage === null ? 'n/a' : `${formatScore(score.coverage)}%`}</Paint> of checks had their evidence
        </Text>
      </Fact>
      <Fact label="Findings">
        <Counts keys={STATUSES} counts={counts.byStatus} hue={STATUS_HUE} label={(k) => STATUS_LABEL[k]} />
      </Fact>
      <Fact label="Failing">
        <Counts keys={SEVERITIES} counts={counts.bySeverity} hue={SEVERITY_HUE} />
      </Fact>
      {cost ? (
        <Fact label="Cost">
          <Text>
            {wrapWords(
              `≈ ${formatUsd(cost.monthlyUsd)}/month from ${plural(cost.estimated, 'finding')} with known volumes` +
                (cost.costFindings > cost.estimated ? ` (${plural(cost.costFindings - cost.estimated, 'more cost finding')} without an estimate)` : ''),
              factWidth,
            )}
          </Text>
        </Fact>
      ) : null}
    </Box>
  );

  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Paint bold>{title}</Paint>
      </Text>
      <Text wrap="truncate-end">
        <Paint dim>
          {shortenMiddle(source, width - collected.length)}
          {collected}
        </Paint>
      </Text>
      {snapshot.interrupted ? (
        <Text>
          <Paint color="yellow">⚠ Collection was interrupted: evidence not collected counts as error, not as pass.</Paint>
        </Text>
      ) : null}
      {notAudited ? (
        <Text>
          <Paint color="yellow">⚠ {plural(notAudited, 'account')} could not be audited: their rules are errors.</Paint>
        </Text>
      ) : null}
      <Box marginTop={1} flexDirection={sideBySide ? 'row' : 'column'} rowGap={sideBySide ? 0 : 1}>
        {gauges}
        {facts}
      </Box>
    </Box>
  );
}

/** Returns about how many lines `ResultHeader` takes (the explorer fits its list into what is left). */
export function resultHeaderHeight(report: Report, width: number): number {
  const warnings = (report.snapshot.interrupted ? 1 : 0) + (report.snapshot.accounts.some((a) => a.error) ? 1 : 0);
  const facts = 3 + (costImpact(report) ? 1 : 0);
  // Below 110 columns the gauges sit above the facts, and a long fact may wrap once.
  const body = width >= 110 ? Math.max(3, facts) : 3 + 1 + facts + 1;
  return 2 + warnings + 1 + body;
}

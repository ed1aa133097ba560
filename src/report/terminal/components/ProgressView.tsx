/**
 * The collection view: finished regions and accounts stream into ink's `<Static>` log, and only the live part
 * (totals, time, the service read in each active region) is redrawn.
 */
import {Box, Static, Text} from 'ink';
import {
  accountLabel,
  estimateRemaining,
  isMultiAccount,
  logLine,
  progressTotals,
  summaryLine,
  type ProgressLogEntry,
  type ProgressState,
} from '../progress.js';
import {Paint, type Hue} from '../style.js';
import {formatCount, formatDuration, hangingWrap, plural} from '../text.js';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Active regions listed before "N more". */
const ACTIVE_ROWS = 6;

export interface ProgressViewProps {
  state: ProgressState;
  /** Milliseconds since the epoch, for elapsed time and the estimate. */
  now: number;
  width: number;
  /** Spinner frame counter. */
  frame?: number;
  /** The host was stopped: show the summary instead of the live area. */
  stopped?: boolean;
  /** Stopped by Ctrl-C: the summary says so. */
  interrupted?: boolean;
}

function symbolHue(entry: ProgressLogEntry): Hue | undefined {
  if (entry.kind === 'notice') return undefined;
  if (entry.kind === 'account' && entry.error) return 'red';
  if ((entry.kind === 'region' && entry.errors.length) || (entry.kind === 'account' && entry.errors)) return 'yellow';
  return 'green';
}

function LogLine({state, entry, width}: {state: ProgressState; entry: ProgressLogEntry; width: number}) {
  // Errors are the point of a log line, so a long one wraps under itself instead of being cut.
  const line = hangingWrap(logLine(state, entry), width, 4);
  if (entry.kind === 'notice') {
    return (
      <Box width={width}>
        <Text>
          <Paint bold>{line}</Paint>
        </Text>
      </Box>
    );
  }
  // Account lines carry the account's own ✓/✗ colour; region lines put the evidence count in plain text.
  return (
    <Box width={width}>
      <Text>
        <Paint color={symbolHue(entry)}>{line.slice(0, 1)}</Paint>
        <Paint bold={entry.kind === 'account'}>{line.slice(1)}</Paint>
      </Text>
    </Box>
  );
}

/** Renders the static log and, until stopped, the live area. */
export function ProgressView({state, now, width, frame = 0, stopped = false, interrupted = false}: ProgressViewProps) {
  const t = progressTotals(state);
  const multi = isMultiAccount(state);
  const left = estimateRemaining(state, now);
  const regions = t.regionsKnown ? `${formatCount(t.regionsDone)}/${formatCount(t.regionsKnown)}${t.regionsComplete ? '' : '+'}` : formatCount(t.regionsDone);
  const parts = [
    ...(multi || t.accountsTotal > 1 ? [`accounts ${t.accountsDone}/${t.accountsTotal}`] : []),
    `regions ${regions}`,
    formatDuration(now - state.startedAt),
    ...(left === undefined ? [] : [`about ${formatDuration(left)} left`]),
  ];
  const active = state.active.slice(0, ACTIVE_ROWS);
  return (
    <Box flexDirection="column" width={width}>
      <Static items={state.log}>{(entry) => <LogLine key={entry.id} state={state} entry={entry} width={width} />}</Static>
      {stopped || state.finished ? (
        <Text>
          <Paint bold color={interrupted ? 'yellow' : undefined}>
            {summaryLine(state, now, interrupted)}
          </Paint>
        </Text>
      ) : (
        <Box flexDirection="column">
          <Text wrap="truncate-end">
            <Paint color="cyan">{SPINNER[frame % SPINNER.length]}</Paint> <Paint bold>Collecting</Paint>
            {'  '}
            {parts.join(' · ')}
          </Text>
          <Text>
            {'  '}
            {plural(state.calls, 'call')} · {plural(state.retries, 'retry', 'retries')} ·{' '}
            <Paint color={state.errors ? 'yellow' : undefined}>{plural(state.errors, 'error')}</Paint>
          </Text>
          {active.map((a) => (
            <Box key={`${a.accountId} ${a.region}`} columnGap={1} paddingLeft={2}>
              <Box width={15} flexShrink={0}>
                <Text>{a.region}</Text>
              </Box>
              {multi ? (
                <Box width={28} flexShrink={0}>
                  <Text wrap="truncate-end">{accountLabel(state, a.accountId)}</Text>
                </Box>
              ) : null}
              <Text>
                <Paint dim>{a.service ? `reading ${a.service}` : 'starting'}</Paint>
              </Text>
            </Box>
          ))}
          {state.active.length > ACTIVE_ROWS ? (
            <Text>
              {'  '}
              <Paint dim>… {state.active.length - ACTIVE_ROWS} more regions in progress</Paint>
            </Text>
          ) : null}
        </Box>
      )}
    </Box>
  );
}

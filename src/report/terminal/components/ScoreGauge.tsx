/**
 * A 0–100 score as a bar coloured by band. The band is also written as a word, so the gauge reads without colour.
 */
import {Text} from 'ink';
import {BAND_HUE, Paint, scoreBand} from '../style.js';
import {formatScore} from '../text.js';

export interface ScoreGaugeProps {
  label: string;
  score: number | null;
  /** Cells in the bar. */
  cells: number;
  /** Columns given to the label. */
  labelWidth?: number;
}

/** Renders `Overall  ███████░░░  72.5 fair`. */
export function ScoreGauge({label, score, cells, labelWidth = 8}: ScoreGaugeProps) {
  const band = scoreBand(score);
  const filled = score === null ? 0 : Math.round((Math.min(100, Math.max(0, score)) / 100) * cells);
  return (
    <Text>
      <Paint bold>{label.padEnd(labelWidth)}</Paint>
      <Paint color={BAND_HUE[band]}>{'█'.repeat(filled)}</Paint>
      <Paint color="gray">{'░'.repeat(cells - filled)}</Paint>
      {' '}
      <Paint bold color={BAND_HUE[band]}>{formatScore(score).padStart(5)}</Paint>
      {' '}
      <Paint dim>{band === 'none' ? 'no rules' : band}</Paint>
    </Text>
  );
}

import {describe, expect, it} from '@jest/globals';
import {ScoreGauge} from '../../../src/report/terminal/components/ScoreGauge.js';
import {renderAt} from './harness.js';
import {hasEscapes} from './sample.js';

describe('ScoreGauge', () => {
  it('fills the bar in proportion to the score and names the band', () => {
    const out = renderAt(<ScoreGauge label="SEC04" score={72.5} cells={20} />, 80);
    expect(out).toBe('SEC04   ███████████████░░░░░  72.5 fair');
  });

  it.each([
    [95, 'good'],
    [70, 'fair'],
    [69.9, 'poor'],
  ])('puts %d in the %s band', (score, band) => {
    expect(renderAt(<ScoreGauge label="Overall" score={score} cells={10} />, 80)).toMatch(new RegExp(`${score} ${band}$`));
  });

  it('shows n/a and an empty bar when no rule was scored', () => {
    expect(renderAt(<ScoreGauge label="COST" score={null} cells={10} />, 120)).toBe('COST    ░░░░░░░░░░   n/a no rules');
  });

  it('colours the bar by band only when colour is on', () => {
    expect(hasEscapes(renderAt(<ScoreGauge label="SEC04" score={40} cells={10} />, 80))).toBe(false);
    const coloured = renderAt(<ScoreGauge label="SEC04" score={40} cells={10} />, 80, true);
    expect(coloured).toContain('\u001b[31m████'); // poor = red
  });
});

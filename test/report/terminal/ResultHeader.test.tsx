import {describe, expect, it} from '@jest/globals';
import {ResultHeader, formatCollectedAt, resultHeaderHeight} from '../../../src/report/terminal/components/ResultHeader.js';
import {lineWith, renderAt, widest} from './harness.js';
import {WIDTHS, accountReport, hasEscapes, orgReport} from './sample.js';

describe('ResultHeader', () => {
  it.each(WIDTHS)('shows gauges, coverage, counts and cost within %d columns', (width) => {
    const out = renderAt(<ResultHeader report={accountReport()} width={width} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(lineWith(out, 'Overall')).toMatch(/Overall +█+░+ +13\.9 poor/);
    expect(lineWith(out, 'SEC04 ')).toMatch(/14\.5 poor/);
    expect(lineWith(out, 'Coverage')).toMatch(/77\.8%/);
    expect(lineWith(out, 'Findings')).toContain('6 fail · 1 error · 1 unknown · 1 pass · 1 suppressed · 1 n/a');
    expect(lineWith(out, 'Failing')).toContain('2 critical · 2 high · 1 medium · 1 low');
    expect(lineWith(out, 'Cost')).toContain('≈ $1,235/month from 1 finding with known volumes');
    expect(out).toContain('1 account · 4 regions');
    expect(out).toContain('collected 2026-11-28 10:00 UTC');
    expect(hasEscapes(out)).toBe(false);
    // The explorer sizes its list from this estimate; it may keep one spare line for a wrapped fact.
    const estimate = resultHeaderHeight(accountReport(), width);
    expect(out.split('\n').length).toBeLessThanOrEqual(estimate);
    expect(out.split('\n').length).toBeGreaterThanOrEqual(estimate - 1);
  });

  it('puts the gauges beside the facts at 120 columns and above them at 80', () => {
    const wide = renderAt(<ResultHeader report={accountReport()} width={120} />, 120);
    expect(lineWith(wide, 'Overall')).toContain('Coverage');
    const narrow = renderAt(<ResultHeader report={accountReport()} width={80} />, 80);
    expect(lineWith(narrow, 'Overall')).not.toContain('Coverage');
  });

  it('warns about accounts that could not be audited and has no cost line without estimates', () => {
    const out = renderAt(<ResultHeader report={orgReport()} width={80} />, 80);
    expect(out).toContain('⚠ 1 account could not be audited');
    expect(out).toContain('3 accounts · 2 regions');
    expect(out).not.toContain('Cost ');
    expect(lineWith(out, 'COST')).toContain('n/a no rules');
  });

  it('warns when collection was interrupted', () => {
    const report = accountReport();
    report.snapshot.interrupted = true;
    expect(renderAt(<ResultHeader report={report} width={80} />, 80)).toContain('⚠ Collection was interrupted');
  });

  it('shortens a long snapshot path in the middle', () => {
    const report = accountReport();
    report.snapshot.file = `/home/someone/${'very-long-folder-name/'.repeat(6)}snapshot.json`;
    const line = lineWith(renderAt(<ResultHeader report={report} width={80} />, 80), 'snapshot.json');
    expect([...line].length).toBeLessThanOrEqual(80);
    expect(line).toMatch(/^\/home\/some.*….*snapshot\.json · collected/);
  });

  it('formats the collection time in UTC', () => {
    expect(formatCollectedAt('2026-11-28T10:00:59.123Z')).toBe('2026-11-28 10:00 UTC');
    expect(formatCollectedAt('yesterday')).toBe('yesterday');
  });
});

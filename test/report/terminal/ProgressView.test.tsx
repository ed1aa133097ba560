import {describe, expect, it} from '@jest/globals';
import {ProgressView} from '../../../src/report/terminal/components/ProgressView.js';
import {addNotice} from '../../../src/report/terminal/progress.js';
import {lineWith, renderAt, widest} from './harness.js';
import {AUDIT_EVENTS, WIDTHS, hasEscapes, progressAfter} from './sample.js';

const state = progressAfter(AUDIT_EVENTS);

describe('ProgressView', () => {
  it.each(WIDTHS)('logs finished regions above a live area of totals, time and active services, within %d columns', (width) => {
    const out = renderAt(<ProgressView state={state} now={60_000} width={width} frame={3} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    const lines = out.split('\n');
    // At 80 columns the error wraps under the line rather than being cut.
    const log = width === 80 ? 2 : 1;
    expect(lines.slice(0, log).join(' ').replace(/ +/g, ' ')).toBe('! 111111111111 eu-west-3 12 evidence items AccessDenied on GetEventSelectors');
    expect(lines[log]).toBe('⠸ Collecting  accounts 0/2 · regions 1/4+ · 1m 00s · about 7m 00s left');
    expect(lines[log + 1]).toBe('  2 calls · 2 retries · 1 error');
    expect(lines[log + 2]).toMatch(/^ {2}eu-west-1 +111111111111 \(prod\) +reading cloudtrail$/);
    expect(lines).toHaveLength(log + 3);
    expect(hasEscapes(out)).toBe(false);
  });

  it('replaces the live area with a summary once stopped, and shows notices in the log', () => {
    const out = renderAt(<ProgressView state={addNotice(state, 'Snapshot written to out/snapshot.json')} now={60_000} width={120} stopped />, 120);
    expect(out.split('\n')).toEqual([
      '! 111111111111 eu-west-3       12 evidence items  AccessDenied on GetEventSelectors',
      'Snapshot written to out/snapshot.json',
      'Stopped after 0/2 accounts, 1 region: 2 calls, 2 retries, 1 error in 1m 00s',
    ]);
  });

  it('lists at most six active regions and counts the rest', () => {
    const many = progressAfter(
      Array.from({length: 9}, (_, i) => ({type: 'region-start' as const, accountId: '111111111111', region: `eu-test-${i}`})),
    );
    const out = renderAt(<ProgressView state={many} now={1_000} width={80} />, 80);
    expect(out).toContain('eu-test-5');
    expect(out).not.toContain('eu-test-6');
    expect(lineWith(out, 'more regions')).toBe('  … 3 more regions in progress');
    expect(lineWith(out, 'eu-test-0')).toMatch(/starting$/);
  });

  it('colours the log symbols only when colour is on', () => {
    const out = renderAt(<ProgressView state={state} now={60_000} width={80} />, 80, true);
    expect(out).toContain('\u001b[33m!\u001b[39m');
  });
});

// Keyboard navigation in the interactive report, on a fake TTY of 80 and 120 columns.
import {afterEach, describe, expect, it} from '@jest/globals';
import {Explorer, INITIAL_EXPLORER, explorerLayout, explorerStep, type ExplorerState} from '../../../src/report/terminal/components/Explorer.js';
import {KEYS, lineWith, renderInteractive, settle, widest} from './harness.js';
import {PROD, WIDTHS, accountReport, finding, hasEscapes, manyRulesReport, orgReport} from './sample.js';
import type {Report} from '../../../src/report/report.js';

let mounted: ReturnType<typeof renderInteractive> | undefined;

/** Mounts the explorer and waits until it listens to keys (ink subscribes after the first render). */
async function mount(report: Report, columns: number, rows = 40, color = false) {
  mounted = renderInteractive(<Explorer report={report} width={columns} height={rows} />, {columns, rows, color});
  await settle();
  return mounted;
}

/** The row marked as selected. */
const selectedRow = (frame: string) => lineWith(frame, '› ');

afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

describe('Explorer', () => {
  it.each(WIDTHS)('starts on the worst failing rule with the header and key help, within %d columns', async (width) => {
    const ui = await mount(accountReport(), width);
    await ui.press();
    const frame = ui.lastFrame();
    expect(widest(frame)).toBeLessThanOrEqual(width);
    expect(frame).toContain('Overall');
    expect(selectedRow(frame)).toMatch(/^› critical +ct\.region-coverage/);
    expect(frame).toContain('Could not be checked (2)');
    expect(frame).toContain('↑/↓ move · Enter open · f filter · q quit');
    expect(hasEscapes(frame)).toBe(false);
  });

  it.each(WIDTHS)('moves with ↓/↑ and opens the selected rule with Enter at %d columns', async (width) => {
    const ui = await mount(accountReport(), width);
    await ui.press(KEYS.up, KEYS.down, KEYS.down);
    expect(selectedRow(ui.lastFrame())).toMatch(/^› high +s3\.trail-bucket-object-lock/);
    await ui.press(KEYS.enter);
    const details = ui.lastFrame();
    expect(widest(details)).toBeLessThanOrEqual(width);
    expect(details.split('\n')[0]).toBe('HIGH  s3.trail-bucket-object-lock');
    expect(details).toMatch(/^111111111111 prod +eu-west-1 +arn:aws:s3:::example-/m);
    expect(details).toMatch(/^Fix +Fix s3\.trail-bucket-object-lock\.$/m);
    expect(details).toContain('↑/↓ scroll · Esc back · q quit');
    await ui.press(KEYS.escape);
    expect(selectedRow(ui.lastFrame())).toMatch(/s3\.trail-bucket-object-lock/);
  });

  it('goes on from the failing rules into the rules that could not be checked, and opens them with advice', async () => {
    const ui = await mount(accountReport(), 120);
    await ui.press(...Array(5).fill(KEYS.down));
    expect(selectedRow(ui.lastFrame())).toMatch(/^› error +ct\.kms-encryption/);
    await ui.press(KEYS.down, KEYS.down);
    expect(selectedRow(ui.lastFrame())).toMatch(/^› unknown +ct\.log-file-validation/);
    await ui.press(KEYS.enter);
    expect(ui.lastFrame().split('\n')[0]).toBe('UNKNOWN  ct.log-file-validation');
    expect(lineWith(ui.lastFrame(), 'To do')).toContain('another account');
  });

  it('filters by severity with f, →, Enter, and clears with x', async () => {
    const ui = await mount(accountReport(), 80);
    await ui.press('f', KEYS.right, KEYS.right);
    expect(lineWith(ui.lastFrame(), 'Filter')).toMatch(/^Filter › severity ‹high› +pillar ‹all›/);
    await ui.press(KEYS.enter);
    const frame = ui.lastFrame();
    expect(frame).toContain('Filter severity high');
    expect(frame).toContain('Failing rules (2)');
    expect(frame).not.toContain('ct.region-coverage');
    expect(selectedRow(frame)).toMatch(/ct\.log-file-validation/);
    await ui.press('x');
    expect(ui.lastFrame()).toContain('Failing rules (5)');
  });

  it('filters by account, and shows the accounts of an org with a', async () => {
    const ui = await mount(orgReport(), 120);
    await ui.press('f', KEYS.down, KEYS.down, KEYS.right, KEYS.right, KEYS.escape);
    expect(ui.lastFrame()).toContain('Filter account 222222222222 log-archive');
    expect(ui.lastFrame()).toContain('Failing rules (2)');
    await ui.press('a');
    expect(ui.lastFrame().split('\n')[0]).toBe('Accounts, lowest score first (3)');
    await ui.press(KEYS.escape);
    expect(ui.lastFrame()).toContain('Failing rules (2)');
  });

  it.each(WIDTHS)('scrolls a list taller than the terminal, keeping the selection in view, at %d columns', async (width) => {
    const ui = await mount(manyRulesReport(30), width, 30);
    await ui.press();
    const first = ui.lastFrame();
    expect(first.split('\n').length).toBeLessThanOrEqual(30);
    expect(first).toMatch(/… \d+ more failing rules/);
    await ui.press(...Array(20).fill(KEYS.down));
    const later = ui.lastFrame();
    expect(later.split('\n').length).toBeLessThanOrEqual(30);
    expect(selectedRow(later)).toMatch(/ct\.rule-20/);
    expect(later).toMatch(/↑ \d+ above/);
    expect(later).not.toContain('ct.rule-00');
  });

  it.each(WIDTHS)('fits a rule with many long findings into the terminal and scrolls to the last one, at %d columns', async (width) => {
    const report = accountReport();
    const rule = report.rules.find((r) => r.id === 'ct.kms-encryption')!;
    const many = Array.from({length: 12}, (_, i) =>
      finding(rule, 'fail', PROD, `eu-test-${String(i).padStart(2, '0')}`, {message: `Trail ${i} has no KMS key. `.repeat(8).trim()}),
    );
    report.findings = many;
    const ui = await mount(report, width, 30);
    await ui.press(KEYS.enter);
    expect(ui.lastFrame().split('\n').length).toBeLessThanOrEqual(30);
    expect(ui.lastFrame()).toMatch(/↑\/↓ scroll \(\d+ below\)/);
    await ui.press(...Array(60).fill(KEYS.down));
    const last = ui.lastFrame();
    expect(last.split('\n').length).toBeLessThanOrEqual(30);
    expect(last).toContain('eu-test-11');
    expect(last).toMatch(/↑\/↓ scroll \(\d+ above\)/);
    expect(last).not.toMatch(/below/);
  });

  it('quits with q', async () => {
    const ui = await mount(accountReport(), 80);
    const exited = ui.waitUntilExit();
    await ui.press('q');
    await expect(exited).resolves.toBeUndefined();
  });

  it('highlights the selected row with inverse video only when colour is on', async () => {
    const ui = await mount(accountReport(), 80, 40, true);
    const inverse = lineWith(ui.lastFrame(), '\u001b[7m');
    expect(inverse).toContain('›');
    expect(inverse).toContain('ct.region-coverage');
    expect(lineWith(ui.lastFrame(), 'ct.log-file-validation')).not.toContain('\u001b[7m');
  });
});

describe('explorerStep', () => {
  const report = manyRulesReport(3);
  const step = (state: ExplorerState, input: string, key: Record<string, boolean> = {}) => explorerStep(report, 80, 30, state, {input, key});

  it('stops the cursor at both ends of the list', () => {
    let state = step(INITIAL_EXPLORER, '', {upArrow: true});
    expect(state.cursor).toBe(0);
    for (let i = 0; i < 10; i++) state = step(state, 'j');
    expect(state.cursor).toBe(2);
  });

  it('opens the rule under the cursor and goes back with Esc, keeping the cursor', () => {
    const opened = step(step(INITIAL_EXPLORER, 'j'), '', {return: true});
    expect(opened.view).toMatchObject({kind: 'details', group: {ruleId: 'ct.rule-01'}});
    const back = step(opened, '', {escape: true});
    expect(back.view).toEqual({kind: 'list'});
    expect(back.cursor).toBe(1);
  });

  it('ignores a for a one-account report', () => {
    expect(step(INITIAL_EXPLORER, 'a').view).toEqual({kind: 'list'});
  });

  it('resets the cursor when the filter changes', () => {
    const moved = step(step(INITIAL_EXPLORER, 'j'), 'j');
    const filtered = step(step(moved, 'f'), '', {rightArrow: true});
    expect(filtered.filter).toEqual({severity: 'critical'});
    expect(filtered.cursor).toBe(0);
    expect(explorerLayout(report, 80, 30, filtered).failing).toEqual([]);
  });
});

describe('Explorer at 80×24 on a real report', () => {
  it('every view fits 23 rows (ink clears the screen and the scrollback at 24), commands wrap between arguments', async () => {
    const {loadSnapshot} = await import('../../../src/snapshot/load.js');
    const {evaluateSnapshot, loadRuleSet} = await import('../../../src/pipeline.js');
    const report = evaluateSnapshot(await loadSnapshot('examples/snapshots/neglected-account.json'), await loadRuleSet());
    // ExplorerApp gives the Explorer one row less than the terminal has.
    const ui = await mount(report, 80, 23);
    const fits = (frame: string) => {
      expect(frame.split('\n').length).toBeLessThanOrEqual(23);
      // Only an argument with no place to break (one ARN of 80 characters) may be wider.
      expect(frame.split('\n').filter((l) => [...l].length > 80 && !l.trim().split(' ').some((w) => w.length > 70))).toEqual([]);
    };
    fits(ui.lastFrame());
    await ui.press('f');
    fits(ui.lastFrame());
    expect(ui.lastFrame()).toMatch(/^Filter › severity ‹all›/m);
    await ui.press(KEYS.escape);
    for (let i = 0; i < 5; i++) {
      await ui.press(KEYS.enter);
      const frame = ui.lastFrame();
      fits(frame);
      // A command line never ends inside a word: it ends with ` \`, `&&`, a comma inside JSON, or the command's end.
      const cli = frame.split('\n').filter((l) => /^ {2,4}(aws |--|'|")/.test(l));
      for (const line of cli.slice(0, -1)) expect(line).toMatch(/( \\|&&|,|'|\]|\}|>|[a-z0-9-])$/);
      for (let down = 0; down < 40; down++) await ui.press(KEYS.down);
      fits(ui.lastFrame());
      await ui.press(KEYS.escape, KEYS.down);
    }
  });
});

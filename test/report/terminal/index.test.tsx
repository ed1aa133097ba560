// The public functions of the terminal report: what the CLI calls.
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, it, jest} from '@jest/globals';
import type {Formatter} from '../../../src/report/report.js';

// ink switches to its CI mode (only the last frame, at unmount) when CI is set, as it is on CI machines; these tests
// check the live TTY view itself, so ink is told it is not in CI whatever the environment says.
jest.unstable_mockModule('is-in-ci', () => ({default: false}));
const {createProgressHost, exploreReport, formatText} = await import('../../../src/report/terminal/index.js');
const {FakeStdin, FakeStdout, KEYS, settle, widest} = await import('./harness.js');
const {AUDIT_EVENTS, WIDTHS, accountReport, hasEscapes, orgReport} = await import('./sample.js');
const {loadRuleSet, evaluateSnapshot} = await import('../../../src/pipeline.js');
const {loadSnapshot} = await import('../../../src/snapshot/load.js');
const {builtinPolicyDir} = await import('../../../src/evaluate/policy.js');

const savedNoColor = process.env.NO_COLOR;
afterEach(() => {
  if (savedNoColor === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = savedNoColor;
});

/** A writable stream that keeps what is written, for the progress hosts. */
function captureStream(tty: boolean) {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & {text(): string};
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  Object.assign(stream, {isTTY: tty, columns: 100, rows: 30, text: () => text});
  return stream;
}

describe('formatText', () => {
  it('is a Formatter (the `--format text` output)', () => {
    const formatter: Formatter = formatText;
    expect(formatter(accountReport(), {maxFindings: 1})).toContain('Failing rules (5)');
  });

  it.each(WIDTHS)('renders the whole report at %d columns, without escape codes by default', (width) => {
    const out = formatText(orgReport(), {width});
    expect(hasEscapes(out)).toBe(false);
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(out).toMatch(/^Failing rules \(3\)$/m);
    expect(out).toMatch(/^Accounts, lowest score first \(3\)$/m);
    expect(out.endsWith('\n')).toBe(true);
    expect(out).not.toMatch(/ +$/m);
  });

  it('lays out 80 columns when asked for fewer', () => {
    expect(widest(formatText(accountReport(), {width: 40}))).toBeGreaterThan(70);
  });

  it('colours only when asked, and never when NO_COLOR is set', () => {
    delete process.env.NO_COLOR;
    expect(hasEscapes(formatText(accountReport(), {color: true}))).toBe(true);
    process.env.NO_COLOR = '1';
    expect(hasEscapes(formatText(accountReport(), {color: true}))).toBe(false);
  });

  it('strips control sequences that come with AWS data', () => {
    const report = accountReport();
    report.findings[0]!.message = 'Region \u001b[2J\u001b[31meu-west-3\u001b[0m has no trail\u0007';
    const out = formatText(report, {color: false});
    expect(out).toContain('Region eu-west-3 has no trail');
    const coloured = formatText(report, {color: true});
    expect(coloured).not.toContain('\u001b[2J');
    expect(coloured).not.toContain('\u0007');
  });

  it('renders a report evaluated from the org fixture with the built-in rules', async () => {
    const file = `${builtinPolicyDir()}/fixtures/org.json`;
    const report = evaluateSnapshot(await loadSnapshot(file), await loadRuleSet(), {file});
    const out = formatText(report, {width: 100});
    expect(widest(out)).toBeLessThanOrEqual(100);
    expect(out).toContain(`${report.snapshot.accounts.length} accounts`);
    expect(out).toMatch(new RegExp(`^Failing rules \\(${new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId)).size}\\)$`, 'm'));
    for (const a of report.snapshot.accounts) expect(out).toMatch(new RegExp(`^${a.accountId} `, 'm'));
  });
});

describe('exploreReport', () => {
  it('prints the text report once when stdin is not a TTY', async () => {
    const stdout = new FakeStdout(120, 40);
    const stdin = new FakeStdin();
    stdin.isTTY = false;
    await exploreReport(accountReport(), {color: true}, {stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream});
    expect(stdout.frames).toHaveLength(1);
    expect(stdout.frames[0]).toContain('Failing rules in detail');
  });

  it('prints the text report once when CI is set, even on a TTY', async () => {
    const saved = process.env.CI;
    process.env.CI = 'true';
    try {
      const stdout = new FakeStdout(100, 40);
      await exploreReport(accountReport(), {}, {stdin: new FakeStdin() as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream});
      expect(stdout.frames).toHaveLength(1);
      expect(stdout.frames[0]).toMatch(/^Failing rules in detail$/m);
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  });

  it('runs the explorer on a TTY and resolves when the user presses q', async () => {
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const stdout = new FakeStdout(100, 40);
      const stdin = new FakeStdin();
      const done = exploreReport(accountReport(), {color: false}, {stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream});
      await settle();
      stdin.write(KEYS.down);
      await settle();
      stdin.write('q');
      await expect(done).resolves.toBeUndefined();
      expect(stdout.frames.join('')).toContain('› high');
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  });
});

describe('createProgressHost', () => {
  it('prints plain lines, no escape codes, when not interactive', async () => {
    const stream = captureStream(false);
    let now = 0;
    const host = createProgressHost({interactive: false, color: true, stream, clock: () => now});
    for (const e of AUDIT_EVENTS) host.listener(e);
    now = 61_000;
    host.notice?.('Snapshot written to out/snapshot.json (interrupted: unfinished regions are NotCollected)');
    await host.stop();
    expect(stream.text().split('\n')).toEqual([
      'Auditing 2 accounts',
      'Reading 4 regions in account 111111111111 (prod) (1 skipped)',
      '! 111111111111 eu-west-3       12 evidence items  AccessDenied on GetEventSelectors',
      'Snapshot written to out/snapshot.json (interrupted: unfinished regions are NotCollected)',
      'Stopped after 0/2 accounts, 1 region: 2 calls, 2 retries, 1 error in 1m 01s',
      '',
    ]);
  });

  it('prints plain lines when asked for the live view on a stream that is not a TTY', async () => {
    const stream = captureStream(false);
    const host = createProgressHost({interactive: true, color: true, stream, clock: () => 0});
    for (const e of AUDIT_EVENTS) host.listener(e);
    await host.stop();
    expect(hasEscapes(stream.text())).toBe(false);
    expect(stream.text()).toContain('! 111111111111 eu-west-3       12 evidence items  AccessDenied on GetEventSelectors\n');
  });

  it('prints the summary once, at audit-done, even when stopped afterwards', async () => {
    const stream = captureStream(false);
    const host = createProgressHost({interactive: false, color: false, stream, clock: () => 0});
    host.listener({type: 'audit-done', accounts: 0, failed: 0});
    await host.stop();
    expect(stream.text().match(/Collected/g)).toHaveLength(1);
  });

  it('renders the live view with ink and, once stopped, leaves the log, the summary and later notices', async () => {
    const stream = captureStream(true);
    let now = 0;
    const host = createProgressHost({interactive: true, color: false, stream, clock: () => now});
    for (const e of AUDIT_EVENTS) host.listener(e);
    now = 30_000;
    await settle();
    expect(stream.text()).toContain('Collecting');
    expect(stream.text()).toContain('reading cloudtrail');
    host.notice?.('Interrupted: finishing the calls in flight');
    await host.stop({interrupted: true});
    host.notice?.('Snapshot written to out/snapshot.json');
    await host.stop();
    const text = stream.text();
    expect(text).toContain('! 111111111111 eu-west-3       12 evidence items  AccessDenied on GetEventSelectors');
    expect(text).toContain('Interrupted: finishing the calls in flight');
    expect(text).toContain('Interrupted after 0/2 accounts, 1 region: 2 calls, 2 retries, 1 error in 30s');
    expect(text.trimEnd().endsWith('Snapshot written to out/snapshot.json')).toBe(true);
  });
});

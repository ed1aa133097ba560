// The formats security teams ingest, through the CLI: written streamed to files (byte-identical to their formatters),
// to stdout, chosen by the file name, and the HTML report's history flag.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {formatAsff} from '../../src/report/asff.js';
import {formatCsv} from '../../src/report/csv.js';
import {formatOcsf} from '../../src/report/ocsf.js';
import type {Report} from '../../src/report/report.js';
import {fakeTerminal} from './fake-terminal.js';

const neglected = path.resolve('examples/snapshots/neglected-account.json');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-formats-'));

describe('evaluate --format csv,html,ocsf,asff', () => {
  it('writes each format into the folder, the streamed files byte for byte what the formatters make', async () => {
    const dir = tmp();
    const term = fakeTerminal();
    const code = await runCli(['evaluate', '--snapshot', neglected, '--format', 'json,csv,html,ocsf,asff', '--output', `${dir}/`], term);
    expect(code).toBe(1);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    const report = JSON.parse(read('report.json')) as Report;
    expect(read('report.csv')).toBe(formatCsv(report));
    expect(read('report.ocsf.jsonl')).toBe(formatOcsf(report));
    expect(read('report.asff.json')).toBe(formatAsff(report));
    expect(read('report.html')).toMatch(/^<!DOCTYPE html>/);
    expect(term.stderr).toMatch(/report\.html/);
  });

  it('takes the format from the file name, and writes to stdout without --output', async () => {
    const dir = tmp();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--output', path.join(dir, 'r.asff.json'), '--fail-on', 'none'], fakeTerminal())).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.asff.json'), 'utf8'))[0].SchemaVersion).toBe('2018-10-08');
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'csv', '--fail-on', 'none'], term)).toBe(0);
    expect(term.stdout.split('\r\n')[0]).toMatch(/^rule_id,title,status,severity/);
  });

  it('draws the trend from --history, and refuses --history without the HTML report', async () => {
    const dir = tmp();
    const history = path.join(dir, 'history');
    const first = fakeTerminal();
    await runCli(['evaluate', '--snapshot', neglected, '--output', path.join(history, 'old.json'), '--fail-on', 'none'], first);
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--output', path.join(dir, 'r.html'), '--history', history, '--fail-on', 'none'], term)).toBe(0);
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/<svg class="trend"/);
    const refused = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--format', 'json', '--history', history], refused)).toBe(2);
    expect(refused.stderr).toMatch(/--history: .*--format html/);
  });

  it('a --history folder with a file that is not a report is an input error naming it, before any evaluation', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.json'), '{"tool": "trailwise", "generatedAt": "yesterday"}');
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', neglected, '--output', path.join(dir, 'r.html'), '--history', dir], term)).toBe(2);
    expect(term.stderr).toMatch(/bad\.json/);
  });
});

describe('audit and merge --format', () => {
  it('adds csv, ocsf and asff to the fixed files, accepts the ones always written, and refuses the rest', async () => {
    const {parseAuditFormats} = await import('../../src/cli/flags.js');
    expect(parseAuditFormats(undefined)).toBeUndefined();
    expect(parseAuditFormats('csv,ocsf,html,json')).toEqual(['csv', 'ocsf']);
    expect(() => parseAuditFormats('csv,pdf')).toThrow(/--format: expected some of csv, ocsf, asff.*got "pdf"/);
    const term = fakeTerminal();
    expect(await runCli(['merge', tmp(), '--format', 'pdf'], term)).toBe(2);
    expect(term.stderr).toMatch(/"pdf"/);
  });
});

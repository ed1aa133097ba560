// Evaluating an organization one account at a time (with its pass findings spilled to disk) gives the report that
// evaluating the whole snapshot at once gives: the same findings in the same order, the same score and counts, and
// the same bytes in every file format.
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {beforeAll, describe, expect, it} from '@jest/globals';
import {syntheticOrganization} from '../../bench/synthetic.js';
import {evaluateAccounts, evaluateSnapshot, loadRuleSet, type RuleSet} from '../../src/pipeline.js';
import {formatCsv} from '../../src/report/csv.js';
import {formatHtml} from '../../src/report/html.js';
import {formatMarkdown} from '../../src/report/markdown.js';
import {formatOcsf} from '../../src/report/ocsf.js';
import {allFindings, type Report} from '../../src/report/report.js';
import {firstFailures} from '../../src/report/sarif.js';
import {SarifReportWriter} from '../../src/report/stream/sarif.js';
import {CsvWriter} from '../../src/report/stream/security.js';
import {JsonReportWriter, TextSink, writeReportThrough, type FindingWriter} from '../../src/report/stream/writer.js';
import {snapshotSource} from '../../src/snapshot/account-source.js';
import {loadSnapshot, validateSnapshot} from '../../src/snapshot/load.js';
import type {Snapshot} from '../../src/snapshot/types.js';

const GENERATED_AT = '2026-12-04T00:00:00.000Z';

async function streamed(report: Report, make: (sink: TextSink) => FindingWriter): Promise<string> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const sink = new TextSink(stream);
  await writeReportThrough(make(sink), report);
  await sink.close();
  return Buffer.concat(chunks).toString('utf8');
}

/** Every file format of a report, as text. */
async function everyFormat(report: Report): Promise<Record<string, string>> {
  return {
    json: await streamed(report, (sink) => new JsonReportWriter(sink)),
    sarif: await streamed(report, (sink) => new SarifReportWriter(sink, firstFailures(report.findings), {})),
    csv: await streamed(report, (sink) => new CsvWriter(sink)),
    csvWhole: formatCsv(report),
    ocsf: formatOcsf(report),
    markdown: formatMarkdown(report),
    html: formatHtml(report),
  };
}

let ruleSet: RuleSet;
beforeAll(async () => {
  ruleSet = await loadRuleSet();
});

const examplesDir = new URL('../../examples/snapshots/', import.meta.url).pathname;
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

/** An organization with unordered accounts, a failed account and the synthetic organization's cross-account joins. */
function organization(): Snapshot {
  const org = syntheticOrganization(24, 3, 7);
  org.accounts.reverse();
  const failed = org.accounts[5]!;
  org.accounts[5] = {...failed, regions: [], trails: [], trailBuckets: [], error: {kind: 'AccessDenied', message: 'not authorized to assume the role', code: 'AccessDenied'}};
  return validateSnapshot(JSON.parse(JSON.stringify(org)));
}

describe('per-account evaluation', () => {
  const cases: [string, () => Promise<Snapshot>][] = [
    ...examples.map((name): [string, () => Promise<Snapshot>] => [name, () => loadSnapshot(join(examplesDir, name))]),
    ['a synthetic organization of 24 accounts', async () => organization()],
  ];

  for (const [name, load] of cases) {
    it(`${name}: the same report, held in memory or spilled to disk, as evaluating the whole snapshot`, async () => {
      const snapshot = await load();
      const whole = evaluateSnapshot(snapshot, ruleSet, {file: 'snapshot.json'});
      const inMemory = await evaluateAccounts(snapshotSource(snapshot), ruleSet, {file: 'snapshot.json'});
      const spilled = await evaluateAccounts(snapshotSource(snapshot), ruleSet, {file: 'snapshot.json', spillAbove: 0});
      for (const r of [whole, inMemory, spilled]) r.generatedAt = GENERATED_AT;

      expect(inMemory.spilled).toBeUndefined();
      expect(spilled.spilled).toBeDefined();
      // Only the findings a person reads stay in memory once the others are spilled.
      expect(spilled.findings.every((f) => f.status !== 'pass' && f.status !== 'not_applicable')).toBe(true);
      expect(spilled.spilled!.count).toBe(whole.findings.filter((f) => f.status === 'pass' || f.status === 'not_applicable').length);
      expect(spilled.spilled!.count).toBeGreaterThan(0);

      expect(inMemory).toEqual(whole);
      expect([...allFindings(spilled)]).toEqual(whole.findings);
      expect(spilled.score).toEqual(whole.score);
      expect(spilled.counts).toEqual(whole.counts);
      // The spill is not part of the report's JSON.
      expect(JSON.parse(JSON.stringify(spilled))).not.toHaveProperty('spilled');

      const expected = await everyFormat(whole);
      expect(await everyFormat(inMemory)).toEqual(expected);
      expect(await everyFormat(spilled)).toEqual(expected);
      spilled.spilled!.dispose();
    });
  }

  it('scores an organization in parts exactly as whole, and reads the spill again', async () => {
    const snapshot = organization();
    const report = await evaluateAccounts(snapshotSource(snapshot), ruleSet, {spillAbove: 10});
    const first = [...report.spilled!];
    expect([...report.spilled!]).toEqual(first);
    expect(first.length).toBe(report.counts.byStatus.pass + report.counts.byStatus.not_applicable);
    const failed = snapshot.accounts[5]!.accountId;
    expect(report.findings.filter((f) => f.accountId === failed).every((f) => f.status === 'error')).toBe(true);
    report.spilled!.dispose();
  });
});

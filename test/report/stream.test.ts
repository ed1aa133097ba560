// The streamed JSON, SARIF and JSON Lines writers against the string formatters they replace for files: the same
// bytes, whatever the stream's buffer, for the example snapshots and the edge cases of the JSON layout.
import {readdirSync, readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {createWriteStream} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, it} from '@jest/globals';
import {evaluateSnapshot, loadRuleSet} from '../../src/pipeline.js';
import {formatJson} from '../../src/report/json.js';
import type {Report} from '../../src/report/report.js';
import {firstFailures, formatSarif, type SarifOptions} from '../../src/report/sarif.js';
import {SarifReportWriter} from '../../src/report/stream/sarif.js';
import {JsonLinesWriter, JsonReportWriter, TextSink, writeReportThrough, type FindingWriter} from '../../src/report/stream/writer.js';
import {loadSnapshot} from '../../src/snapshot/load.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

/** A stream that takes one small chunk at a time, slowly: every write waits for `drain`. */
function slowStream(): {stream: Writable; text: () => string; drains: () => number} {
  const chunks: Buffer[] = [];
  let drains = 0;
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  stream.on('drain', () => drains++);
  return {stream, text: () => Buffer.concat(chunks).toString('utf8'), drains: () => drains};
}

async function streamed(report: Report, make: (sink: TextSink) => FindingWriter): Promise<string> {
  const out = slowStream();
  const sink = new TextSink(out.stream);
  await writeReportThrough(make(sink), report);
  await sink.close();
  return out.text();
}

const json = (report: Report) => streamed(report, (sink) => new JsonReportWriter(sink));
const sarif = (report: Report, options: SarifOptions = {}) => streamed(report, (sink) => new SarifReportWriter(sink, firstFailures(report.findings), options));

const examplesDir = new URL('../../examples/snapshots/', import.meta.url);
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

describe('streamed reports are byte-identical to the formatters', () => {
  it('has example snapshots to compare on', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of examples) {
    it(`${name}: JSON and SARIF (with and without a baseline and line numbers)`, async () => {
      const file = join(examplesDir.pathname, name);
      const report = evaluateSnapshot(await loadSnapshot(file), await loadRuleSet(), {file: `examples/snapshots/${name}`});
      expect(report.findings.length).toBeGreaterThan(0);
      expect(await json(report)).toBe(formatJson(report));
      expect(await sarif(report)).toBe(formatSarif(report));
      const baseline = new Map(report.findings.filter((f, i) => f.status === 'fail' && i % 2 === 0).map((f) => [f.fingerprint, f.status] as const));
      const options = {baseline, snapshotText: readFileSync(file, 'utf8'), artifactUri: `snapshots/${name}`};
      expect(await sarif(report, options)).toBe(formatSarif(report, options));
    });
  }

  it('an empty findings list, a gate after the suppressions, an undescribed rule, hostile strings', async () => {
    const rule = makeRule({id: 'ct.one'});
    const empty = makeReport([rule], []);
    expect(await json(empty)).toBe(formatJson(empty));
    expect(await sarif(empty)).toBe(formatSarif(empty));

    const hostile = 'evil\n"quoted"\u2028\u001b[31m}]';
    const report: Report = {
      ...makeReport([rule], [
        makeFinding({ruleId: 'ct.one', resource: hostile, message: hostile}),
        makeFinding({ruleId: 'hand.edited', resource: 'arn:aws:s3:::b'}),
        makeFinding({ruleId: 'ct.one', status: 'pass'}),
      ]),
      gate: {passed: false, reasons: ['1 finding(s) at or above high'], failOn: 'high', baseline: null, newFailures: 2},
    };
    expect(await json(report)).toBe(formatJson(report));
    expect(await sarif(report)).toBe(formatSarif(report));
  });

  it('waits for the stream (backpressure) instead of buffering the report', async () => {
    const findings = Array.from({length: 3000}, (_, i) => makeFinding({ruleId: 'ct.one', resource: `arn:aws:s3:::bucket-${i}`}));
    const report = makeReport([makeRule({id: 'ct.one'})], findings);
    const out = slowStream();
    const sink = new TextSink(out.stream);
    await writeReportThrough(new JsonReportWriter(sink), report);
    await sink.close();
    expect(out.text()).toBe(formatJson(report));
    expect(out.drains()).toBeGreaterThan(5);
  });
});

describe('JSON Lines', () => {
  it('writes one finding per line, each parsing back to the finding', async () => {
    const findings = [makeFinding({ruleId: 'a', message: 'line\nbreak'}), makeFinding({ruleId: 'b'})];
    const text = await streamed(makeReport([], findings), (sink) => new JsonLinesWriter(sink));
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l))).toEqual(findings);
  });
});

describe('TextSink', () => {
  it('reports a file that cannot be written as an error, not a crash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trailwise-stream-'));
    try {
      const sink = new TextSink(createWriteStream(join(dir, 'missing', 'report.json')));
      await expect(writeReportThrough(new JsonReportWriter(sink), makeReport([], [])).then(() => sink.close())).rejects.toThrow(/ENOENT/);
      const ok = join(dir, 'ok.json');
      const good = new TextSink(createWriteStream(ok));
      await good.write('x');
      await good.close();
      expect(await readFile(ok, 'utf8')).toBe('x');
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});

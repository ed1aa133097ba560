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
import type {Finding} from '../../src/evaluate/types.js';
import type {Report} from '../../src/report/report.js';
import {firstFailures, formatSarif, type SarifOptions} from '../../src/report/sarif.js';
import {SarifReportWriter} from '../../src/report/stream/sarif.js';
import {
  JsonLinesWriter,
  JsonReportWriter,
  StreamedJsonArray,
  TextSink,
  writeReportThrough,
  type FindingWriter,
  type TextSinkOptions,
} from '../../src/report/stream/writer.js';
import {loadSnapshot} from '../../src/snapshot/load.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

/** A stream that takes one small chunk at a time, slowly, and records the most bytes ever queued in it. */
function slowStream(): {stream: Writable; text: () => string; drains: () => number; mostQueued: () => number} {
  const chunks: Buffer[] = [];
  let drains = 0;
  let mostQueued = 0;
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      mostQueued = Math.max(mostQueued, stream.writableLength);
      setImmediate(done);
    },
  });
  stream.on('drain', () => drains++);
  return {stream, text: () => Buffer.concat(chunks).toString('utf8'), drains: () => drains, mostQueued: () => mostQueued};
}

async function streamed(report: Report, make: (sink: TextSink) => FindingWriter, options: TextSinkOptions = {}): Promise<string> {
  const out = slowStream();
  const sink = new TextSink(out.stream, options);
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
    const findings = Array.from({length: 8000}, (_, i) => makeFinding({ruleId: 'ct.one', resource: `arn:aws:s3:::bucket-${i}`}));
    const report = makeReport([makeRule({id: 'ct.one'})], findings);
    const expected = formatJson(report);
    for (const aheadBytes of [0, undefined]) {
      const out = slowStream();
      const sink = new TextSink(out.stream, {aheadBytes});
      await writeReportThrough(new JsonReportWriter(sink), report);
      await sink.close();
      expect(out.text()).toBe(expected);
      // Never more than the allowance (1 MiB by default) and the chunk being handed over (256 KiB) in the stream.
      expect(out.mostQueued()).toBeLessThanOrEqual((aheadBytes ?? 1 << 20) + (1 << 18));
      expect(out.mostQueued()).toBeLessThan(expected.length / 2);
      if (aheadBytes === 0) expect(out.drains()).toBeGreaterThan(5);
    }
  });
});

// Findings whose every field is something the batched serializer must reproduce exactly.
const hostileStrings = [
  'quote " backslash \\ slash / tab \t',
  'controls \u0000\u0001\u0008\u000b\u000c\u001b[31m\u001f and DEL \u007f',
  'line\nbreak\r\nand separators \u2028 \u2029',
  'lone surrogates \ud800 \udfff \udc00\ud800 and a pair \ud83d\ude00',
  'non-ASCII: é ß 日本語 Ω — “quoted” ﻿BOM',
  '',
  '}]",\n    "injected": true, "x": ["',
];

function hostileFindings(): Finding[] {
  const findings: Finding[] = [];
  hostileStrings.forEach((text, i) => {
    findings.push(
      makeFinding({ruleId: 'ct.one', resource: text, message: text, title: text, accountId: text, remediation: text, fingerprint: text, bestPractices: [text, 'SEC04-BP01']}),
      makeFinding({ruleId: 'ct.one', status: i % 2 ? 'pass' : 'fail', bestPractices: [], advisory: true, message: `cost ${i}`, estimatedMonthlyCostUsd: [0, 0.1 + 0.2, 1e21, 5e-7, 1234.5678, -0, 12][i]}),
      makeFinding({ruleId: 'ct.one', suppression: {justification: text, ...(i % 2 ? {expires: '2027-01-01'} : {})}, status: 'suppressed'}),
      // (A file name is a URI path in SARIF: one with a lone surrogate cannot be encoded; a file system never makes one.)
      makeFinding({ruleId: 'ct.one', source: {kind: 'terraform', address: `module.x.aws_cloudtrail.main["${text}"]`, ...(i % 2 ? {file: `infra/${i}é.tf`, line: i} : {})}}),
    );
  });
  return findings;
}

describe('the batched serializer, on what could break it', () => {
  const rule = makeRule({id: 'ct.one'});

  it('hostile strings, empty lists, optional fields present and absent, cost estimates', async () => {
    const report = makeReport([rule], hostileFindings());
    expect(await json(report)).toBe(formatJson(report));
    expect(await sarif(report)).toBe(formatSarif(report));
  });

  it('every count of findings around a batch boundary', async () => {
    const pool = hostileFindings();
    for (const count of [1, 2, 63, 64, 65, 127, 128, 129, 200]) {
      const findings = Array.from({length: count}, (_, i) => pool[i % pool.length]!);
      const report = makeReport([rule], findings);
      expect(await json(report)).toBe(formatJson(report));
      expect(await sarif(report)).toBe(formatSarif(report));
    }
  });

  it('text larger than a chunk, and multi-byte characters across chunk boundaries', async () => {
    const huge = `${'日本語 é \u2028 '.repeat(40_000)}\ud800 end`;
    const findings = [makeFinding({ruleId: 'ct.one', message: huge}), ...Array.from({length: 3000}, (_, i) => makeFinding({ruleId: 'ct.one', message: `Ω${'é'.repeat(i % 97)}`}))];
    const report = makeReport([rule], findings);
    expect(await json(report)).toBe(formatJson(report));
    expect(await sarif(report)).toBe(formatSarif(report));
  });

  it('an array at any depth of the document, including the document itself', async () => {
    const items = [{a: 'x"y', b: [1, {c: []}], d: {}}, 'text\u2028', 3.5, null, [], {e: {f: ['\ud800']}}];
    const documents: ((array: unknown) => unknown)[] = [
      (array) => array,
      (array) => ({list: array, after: {n: 1}}),
      (array) => ({a: {b: [{c: array}], z: 'end'}}),
      (array) => [[[array]]],
    ];
    for (const document of documents) {
      for (const list of [items, [], items.slice(0, 1)]) {
        const out = slowStream();
        const sink = new TextSink(out.stream);
        const array = new StreamedJsonArray(sink);
        await array.begin(document);
        for (const item of list) await array.write(item);
        await array.end(document);
        await sink.close();
        expect(out.text()).toBe(`${JSON.stringify(document(list), null, 2)}\n`);
      }
    }
  });
});

describe('JSON Lines', () => {
  it('hostile strings stay on their line and come back as they were', async () => {
    const findings = hostileFindings();
    const text = await streamed(makeReport([], findings), (sink) => new JsonLinesWriter(sink));
    expect(text).toBe(findings.map((f) => `${JSON.stringify(f)}\n`).join(''));
    expect(text.split('\n').slice(0, -1).map((l) => JSON.parse(l))).toEqual(JSON.parse(JSON.stringify(findings)));
  });

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

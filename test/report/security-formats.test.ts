// OCSF and ASFF: every finding of the example snapshots validates against the format's schema (test/data/ocsf,
// test/data/asff), statuses map as documented, and hostile names stay data.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from '@jest/globals';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import {loadRuleSet, evaluateSnapshot} from '../../src/pipeline.js';
import {loadSnapshot} from '../../src/snapshot/load.js';
import {formatOcsf, ocsfContext, ocsfFinding} from '../../src/report/ocsf.js';
import {asffFinding, customProductArn, formatAsff} from '../../src/report/asff.js';
import type {Report} from '../../src/report/report.js';
import type {Status} from '../../src/evaluate/types.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

const addFormats = addFormatsPkg.default;
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats(ajv);
const readSchema = (path: string) => JSON.parse(readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8')) as object;
const validateOcsf = ajv.compile(readSchema('ocsf/compliance_finding-1.1.0.schema.json'));
const validateAsff = ajv.compile(readSchema('asff/asff.schema.json'));

function errorsOf(validate: typeof validateOcsf, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

async function exampleReport(name: string): Promise<Report> {
  const snapshot = await loadSnapshot(`examples/snapshots/${name}.json`);
  return evaluateSnapshot(snapshot, await loadRuleSet({}), {file: `examples/snapshots/${name}.json`});
}

const STATUSES: Status[] = ['pass', 'fail', 'error', 'unknown', 'not_applicable', 'suppressed'];

describe('the test schemas', () => {
  it('reject what OCSF and ASFF reject', () => {
    const event = ocsfFinding(makeFinding({ruleId: 'ct.insights'}), ocsfContext(makeReport([makeRule({id: 'ct.insights'})], [])));
    expect(errorsOf(validateOcsf, event)).toEqual([]);
    expect(validateOcsf({...event, class_uid: 2004})).toBe(false);
    expect(validateOcsf({...event, severity_id: 7})).toBe(false);
    expect(validateOcsf({...event, findingInfo: event.finding_info})).toBe(false);
    expect(validateOcsf({...event, compliance: {status_id: 1}})).toBe(false);
    const finding = asffFinding(makeFinding({ruleId: 'ct.insights'}), {accountId: '111111111111', region: 'eu-west-1', updatedAt: '2026-12-01T00:00:00.000Z'}, '2026-12-01T00:00:00.000Z');
    expect(errorsOf(validateAsff, finding)).toEqual([]);
    expect(validateAsff({...finding, Title: 'x'.repeat(257)})).toBe(false);
    expect(validateAsff({...finding, Compliance: {Status: 'PASS'}})).toBe(false);
    expect(validateAsff({...finding, Types: ['Security/Finding']})).toBe(false);
  });
});

describe('OCSF (--format ocsf)', () => {
  it('writes one valid Compliance Finding per finding of the example snapshots, as JSON Lines', async () => {
    for (const name of ['neglected-account', 'well-configured-org', 'costly-account']) {
      const report = await exampleReport(name);
      const lines = formatOcsf(report).trimEnd().split('\n');
      expect(lines).toHaveLength(report.findings.length);
      for (const line of lines) expect(errorsOf(validateOcsf, JSON.parse(line))).toEqual([]);
    }
  });

  it('maps status, severity, account, region, resource and a stable uid', () => {
    const report = makeReport([makeRule({id: 'ct.log-file-validation'})], []);
    const context = ocsfContext(report);
    const mapped = Object.fromEntries(STATUSES.map((status) => [status, ocsfFinding(makeFinding({ruleId: 'ct.log-file-validation', status, fingerprint: 'f1', severity: 'critical'}), context)]));
    expect(Object.fromEntries(STATUSES.map((s) => [s, mapped[s]!.compliance.status_id]))).toEqual({pass: 1, fail: 3, error: 2, unknown: 2, not_applicable: 99, suppressed: 3});
    expect(mapped.suppressed!.status_id).toBe(3);
    expect(mapped.fail!.status_id).toBe(1);
    const fail = mapped.fail!;
    expect(fail).toMatchObject({class_uid: 2003, category_uid: 2, type_uid: 200301, severity_id: 5, severity: 'Critical'});
    expect(fail.finding_info.uid).toBe('trailwise-f1');
    expect(fail.cloud).toEqual({provider: 'AWS', region: 'us-east-1', account: {uid: '111111111111', type_id: 10, type: 'AWS Account'}});
    expect(fail.resources[0]).toMatchObject({uid: expect.stringMatching(/^arn:aws:cloudtrail:/), type: 'AWS::CloudTrail::Trail', cloud_partition: 'aws'});
    expect(fail.compliance.control).toBe('ct.log-file-validation');
    expect(fail.remediation.desc).toBeTruthy();
  });

  it('keeps hostile names as data: one line per finding whatever the name holds', () => {
    const evil = 'trail\n{"class_uid":1}\u202e\u0000<script>';
    const report = makeReport([makeRule({id: 'ct.insights'})], [makeFinding({ruleId: 'ct.insights', resource: evil, message: evil})]);
    const lines = formatOcsf(report).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).resources[0].uid).toBe(evil);
  });
});

describe('ASFF (--format asff)', () => {
  it('writes a JSON array of valid findings for the example snapshots', async () => {
    for (const name of ['neglected-account', 'well-configured-org']) {
      const report = await exampleReport(name);
      const findings = JSON.parse(formatAsff(report)) as unknown[];
      expect(findings).toHaveLength(report.findings.length);
      for (const f of findings) expect(errorsOf(validateAsff, f)).toEqual([]);
    }
  });

  it('maps Compliance.Status, RecordState and Workflow so resolved findings are archived', () => {
    const target = {accountId: '999999999999', region: 'eu-west-1', updatedAt: '2026-12-02T00:00:00.000Z'};
    const map = (status: Status) => asffFinding(makeFinding({ruleId: 'ct.insights', status, fingerprint: 'abc'}), target, '2026-12-01T00:00:00.000Z');
    expect(STATUSES.map((s) => [s, map(s).Compliance.Status, map(s).RecordState, map(s).Workflow.Status])).toEqual([
      ['pass', 'PASSED', 'ARCHIVED', 'NEW'],
      ['fail', 'FAILED', 'ACTIVE', 'NEW'],
      ['error', 'WARNING', 'ACTIVE', 'NEW'],
      ['unknown', 'WARNING', 'ACTIVE', 'NEW'],
      ['not_applicable', 'NOT_AVAILABLE', 'ARCHIVED', 'NEW'],
      ['suppressed', 'FAILED', 'ACTIVE', 'SUPPRESSED'],
    ]);
    const fail = map('fail');
    expect(fail.ProductArn).toBe('arn:aws:securityhub:eu-west-1:999999999999:product/999999999999/default');
    expect(fail.ProductArn).toBe(customProductArn(target));
    expect(fail.GeneratorId).toBe('ct.insights');
    expect(fail.Id).toBe('trailwise/abc');
    expect(fail.AwsAccountId).toBe('111111111111');
    expect(map('pass').Severity.Label).toBe('INFORMATIONAL');
  });

  it('shortens over-long text to the ASFF limits instead of being refused', () => {
    const long = 'x'.repeat(5000);
    const f = asffFinding(makeFinding({ruleId: 'ct.insights', title: long, message: long, remediation: long}), {accountId: '111111111111', region: 'us-east-1', updatedAt: '2026-12-01T00:00:00.000Z'}, '2026-12-01T00:00:00.000Z');
    expect(errorsOf(validateAsff, f)).toEqual([]);
    expect(f.Title).toHaveLength(256);
  });
});

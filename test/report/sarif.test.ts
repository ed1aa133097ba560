import {readFileSync} from 'node:fs';
import {describe, expect, it} from '@jest/globals';
// The SARIF 2.1.0 schema is draft-04 (`id`, no `$id`); ajv's draft-07 class reads it once `id` is renamed, since
// the schema uses no keyword whose meaning changed between the two drafts (no boolean exclusiveMinimum).
import AjvPkg from 'ajv/dist/ajv.js';
import addFormatsPkg from 'ajv-formats';
import {loadRuleSet, evaluateSnapshot} from '../../src/pipeline.js';
import {loadSnapshot} from '../../src/snapshot/load.js';
import {buildSarif, formatSarif, SnapshotLocator, toArtifactUri, FINGERPRINT_KEY, type SarifLog} from '../../src/report/sarif.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

const Ajv = AjvPkg.default;
const addFormats = addFormatsPkg.default;

const schemaText = readFileSync(new URL('../data/sarif-schema-2.1.0.json', import.meta.url), 'utf8');
const {$schema: _draft, id, ...schemaBody} = JSON.parse(schemaText) as Record<string, unknown>;
const ajv = new Ajv({allErrors: true, strict: false});
addFormats(ajv);
const validateSarif = ajv.compile({...schemaBody, $id: id as string});

function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const ok = validateSarif(log);
  expect(ok ? [] : validateSarif.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  return log;
}

/** The 1-based line of the first occurrence of `needle` at or after `from` (itself a needle). */
function lineOf(text: string, needle: string, from?: string): number {
  const start = from ? text.indexOf(from) : 0;
  const at = text.indexOf(needle, start);
  if (start < 0 || at < 0) throw new Error(`not in text: ${needle}`);
  return text.slice(0, at).split('\n').length;
}

describe('the shipped SARIF schema', () => {
  it('is the OASIS 2.1.0 schema and rejects what it should', () => {
    expect(id).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
    expect(validateSarif({version: '2.1.0', runs: [{tool: {driver: {name: 'x'}}, results: []}]})).toBe(true);
    expect(validateSarif({version: '2.1.0', runs: [{tool: {driver: {name: 'x'}}, results: [{message: {text: 'm'}, level: 'fatal'}]}]})).toBe(false);
    expect(validateSarif({version: '2.1.0', runs: [{tool: {driver: {}}}]})).toBe(false);
  });
});

describe('formatSarif', () => {
  const rules = [
    makeRule({id: 'ct.region-coverage', severity: 'critical'}),
    makeRule({id: 'ct.log-file-validation', severity: 'high', bestPractices: ['SEC04-BP01', 'SEC04-BP02']}),
    makeRule({id: 'cwl.retention-set', severity: 'medium'}),
    makeRule({id: 'cost.duplicate-mgmt-trails', severity: 'low', pillar: 'COST', advisory: true, bestPractices: ['COST05-BP02']}),
    makeRule({id: 'ct.insights', severity: 'low', enabled: false}),
  ];

  it('describes every applied rule with severity, tags and remediation', () => {
    const log = expectValidSarif(formatSarif(makeReport(rules, [])));
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('trailwise');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r) => r.id)).toEqual(['ct.region-coverage', 'ct.log-file-validation', 'cwl.retention-set', 'cost.duplicate-mgmt-trails']);
    const byId = new Map(driver.rules.map((r) => [r.id, r]));
    expect(Object.fromEntries(driver.rules.map((r) => [r.id, r.properties['security-severity']]))).toEqual({
      'ct.region-coverage': '9.5',
      'ct.log-file-validation': '8.0',
      'cwl.retention-set': '5.5',
      'cost.duplicate-mgmt-trails': '3.0',
    });
    const validation = byId.get('ct.log-file-validation')!;
    expect(validation.name).toBe('CtLogFileValidation');
    expect(validation.shortDescription.text).toBe('Title of ct.log-file-validation');
    expect(validation.fullDescription.text).toBe('Why ct.log-file-validation matters, in more than twenty characters.');
    expect(validation.defaultConfiguration.level).toBe('error');
    expect(validation.properties.tags).toEqual(expect.arrayContaining(['security', 'SEC04', 'SEC04-BP01', 'SEC04-BP02']));
    expect(validation.help.text).toContain('aws cloudtrail update-trail --name <trail-name> --enable-log-file-validation');
    expect(validation.help.markdown).toContain('```hcl\nresource "aws_cloudtrail" "main" {');
    expect(validation.help.text).toContain('Console: CloudTrail > Trails > Edit');
    expect(byId.get('cwl.retention-set')!.defaultConfiguration.level).toBe('warning');
    const advisory = byId.get('cost.duplicate-mgmt-trails')!;
    expect(advisory.defaultConfiguration.level).toBe('note');
    expect(advisory.properties.tags).toEqual(expect.arrayContaining(['COST', 'COST05-BP02', 'advisory']));
  });

  it('writes one result per failing finding, pointing at its rule, with the stable fingerprint', () => {
    const failing = makeFinding({ruleId: 'cwl.retention-set', severity: 'medium', resource: 'arn:aws:logs:us-east-1:111111111111:log-group:app'});
    const critical = makeFinding({ruleId: 'ct.region-coverage', severity: 'critical', resource: '111111111111/eu-west-1', region: 'eu-west-1'});
    const report = makeReport(rules, [
      critical,
      failing,
      makeFinding({ruleId: 'ct.log-file-validation', status: 'pass'}),
      makeFinding({ruleId: 'ct.log-file-validation', status: 'error'}),
      makeFinding({ruleId: 'ct.log-file-validation', status: 'suppressed'}),
    ]);
    const log = expectValidSarif(formatSarif(report));
    const run = log.runs[0]!;
    expect(run.results.map((r) => r.ruleId)).toEqual(['ct.region-coverage', 'cwl.retention-set']);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const [first, second] = run.results;
    expect(first!.level).toBe('error');
    expect(second!.level).toBe('warning');
    expect(first!.partialFingerprints[FINGERPRINT_KEY]).toBe(critical.fingerprint);
    expect(second!.partialFingerprints.primaryLocationLineHash).toBe(failing.fingerprint);
    expect(second!.message.text).toBe(`${failing.message} (arn:aws:logs:us-east-1:111111111111:log-group:app, 111111111111/us-east-1)`);
    expect(second!.locations[0]!.logicalLocations).toEqual([
      {name: 'app', fullyQualifiedName: 'arn:aws:logs:us-east-1:111111111111:log-group:app', kind: 'resource'},
    ]);
    expect(second!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('snapshots/prod.json');
    // Without the snapshot text there is no line to find: line 1 is still a location GitHub accepts.
    expect(second!.locations[0]!.physicalLocation.region.startLine).toBe(1);
  });

  it('marks results new or unchanged against a baseline', () => {
    const old = makeFinding({ruleId: 'ct.log-file-validation'});
    const fresh = makeFinding({ruleId: 'ct.log-file-validation'});
    const log = buildSarif(makeReport(rules, [old, fresh]), {baseline: new Map([[old.fingerprint, 'fail' as const]])});
    expect(log.runs[0]!.results.map((r) => r.baselineState)).toEqual(['unchanged', 'new']);
    expect(buildSarif(makeReport(rules, [old])).runs[0]!.results[0]!.baselineState).toBeUndefined();
  });

  it('describes a rule the report lacks instead of pointing at a wrong index', () => {
    const log = expectValidSarif(formatSarif(makeReport(rules.slice(0, 1), [makeFinding({ruleId: 'custom.rule', severity: 'low'})])));
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['ct.region-coverage', 'custom.rule']);
    expect(run.results[0]!.ruleIndex).toBe(1);
  });

  it('gives a repository-relative URI', () => {
    expect(toArtifactUri('./snapshots/prod.json')).toBe('snapshots/prod.json');
    expect(toArtifactUri('snapshots\\prod account.json')).toBe('snapshots/prod%20account.json');
  });
});

describe('SnapshotLocator', () => {
  const snapshot = {
    accounts: [
      {
        accountId: '111111111111',
        name: 'management',
        regions: [{name: 'us-east-1', trailArns: ['arn:aws:cloudtrail:us-east-1:111111111111:trail/org']}, {name: 'eu-west-1'}],
        trails: [{description: {Name: 'org', TrailARN: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org', S3BucketName: 'shared-logs'}}],
        trailBuckets: [{name: 'shared-logs'}],
      },
      {
        accountId: '222222222222',
        name: 'member',
        regions: [{name: 'us-east-1', logGroups: [{logGroupName: 'app', arn: 'arn:aws:logs:us-east-1:222222222222:log-group:app:*'}]}, {name: 'eu-west-1'}],
        trails: [],
        trailBuckets: [{name: 'shared-logs'}],
      },
    ],
  };
  const text = JSON.stringify(snapshot, null, 2);
  const locator = new SnapshotLocator(text);
  const at = (accountId: string, resource: string, resourceType = 'AWS::Unknown', region = 'us-east-1') => locator.lineOf({accountId, resource, resourceType, region});

  it('finds a trail at its description, not at the region that lists it', () => {
    expect(at('111111111111', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org', 'AWS::CloudTrail::Trail')).toBe(
      lineOf(text, '"TrailARN": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"'),
    );
  });

  it('finds a bucket in the account the finding is about', () => {
    const member = at('222222222222', 'arn:aws:s3:::shared-logs', 'AWS::S3::Bucket');
    const management = at('111111111111', 'arn:aws:s3:::shared-logs', 'AWS::S3::Bucket');
    expect(member).toBe(lineOf(text, '"name": "shared-logs"', '"accountId": "222222222222"'));
    expect(management).toBe(lineOf(text, '"name": "shared-logs"'));
    expect(management).toBeLessThan(member);
  });

  it('finds a region in its account and a log group by its ARN', () => {
    expect(at('222222222222', '222222222222/eu-west-1', 'AWS::Region', 'eu-west-1')).toBe(lineOf(text, '"name": "eu-west-1"', '"accountId": "222222222222"'));
    expect(at('222222222222', 'arn:aws:logs:us-east-1:222222222222:log-group:app', 'AWS::Logs::LogGroup')).toBe(
      lineOf(text, '"arn": "arn:aws:logs:us-east-1:222222222222:log-group:app:*"'),
    );
  });

  it('falls back to the account, then to line 1', () => {
    expect(at('222222222222', 'account/222222222222', 'AWS::Account', 'global')).toBe(lineOf(text, '"accountId": "222222222222"'));
    expect(at('999999999999', 'account/999999999999', 'AWS::Account', 'global')).toBe(1);
  });
});

describe('SARIF from a real evaluation', () => {
  it('validates, and every result points at its resource in the snapshot file', async () => {
    const file = 'examples/snapshots/neglected-account.json';
    const snapshotText = readFileSync(file, 'utf8');
    const report = evaluateSnapshot(await loadSnapshot(file), await loadRuleSet(), {file});
    const failing = report.findings.filter((f) => f.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const log = expectValidSarif(formatSarif(report, {snapshotText}));
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(failing.length);
    const lines = snapshotText.split('\n');
    for (const [i, result] of results.entries()) {
      const finding = failing[i]!;
      const {uri} = result.locations[0]!.physicalLocation.artifactLocation;
      const line = result.locations[0]!.physicalLocation.region.startLine;
      expect(uri).toBe(file);
      const bucket = /^arn:aws:s3:::(.+)$/.exec(finding.resource)?.[1];
      const region = /^\d{12}\/(.+)$/.exec(finding.resource)?.[1];
      const expected = bucket ?? region ?? (finding.resource.startsWith('account/') ? finding.accountId : finding.resource);
      expect(`${finding.resource} → ${lines[line - 1]}`).toContain(expected);
    }
  });
});

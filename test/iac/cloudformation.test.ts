import {describe, expect, it} from '@jest/globals';
import {InputError} from '../../src/errors.js';
import {evaluateChange} from '../../src/iac/change.js';
import {cdkStacks} from '../../src/iac/cloudformation/read.js';
import {parseParameters, parseTemplate, TemplateResolver} from '../../src/iac/cloudformation/template.js';
import {readChangeInputs} from '../../src/iac/inputs.js';
import {Unresolved} from '../../src/iac/model.js';
import type {Snapshot} from '../../src/snapshot/types.js';
import {AT, rules, snapshotFixture} from './helpers.js';

const dir = 'test/data/iac/cloudformation';

async function judge(files: string[], options: {region?: string; accountId?: string; parameters?: string; base?: Snapshot} = {}) {
  const {change, map} = await readChangeInputs(files, options);
  return evaluateChange(change, map, {ruleSet: await rules(), base: options.base, asOf: AT});
}
const statusOf = (findings: {ruleId: string; resource: string; status: string}[], ruleId: string, part = '') =>
  findings.filter((f) => f.ruleId === ruleId && f.resource.includes(part)).map((f) => f.status);

describe('CloudFormation templates', () => {
  it('reads every short-form intrinsic tag into its long form', () => {
    const {template} = parseTemplate(
      [
        'Resources:',
        '  R:',
        '    Type: X',
        '    Properties:',
        '      A: [!Ref p, !Sub "x", !GetAtt B.Arn, !If [c, 1, 2], !Join ["", [a]], !Select [0, [a]], !FindInMap [m, k, v]]',
        '      B: [!Equals [a, b], !Not [!Condition c], !And [!Condition c], !Or [!Condition c], !Split [",", "a,b"]]',
        '      C: [!Base64 x, !Cidr [ip, 2, 8], !GetAZs "", !ImportValue e]',
      ].join('\n'),
      't.yaml',
    );
    const p = template.Resources.R!.Properties!;
    expect(p.A).toEqual([
      {Ref: 'p'},
      {'Fn::Sub': 'x'},
      {'Fn::GetAtt': ['B', 'Arn']},
      {'Fn::If': ['c', 1, 2]},
      {'Fn::Join': ['', ['a']]},
      {'Fn::Select': [0, ['a']]},
      {'Fn::FindInMap': ['m', 'k', 'v']},
    ]);
    expect(p.B).toEqual([
      {'Fn::Equals': ['a', 'b']},
      {'Fn::Not': [{Condition: 'c'}]},
      {'Fn::And': [{Condition: 'c'}]},
      {'Fn::Or': [{Condition: 'c'}]},
      {'Fn::Split': [',', 'a,b']},
    ]);
    expect(p.C).toEqual([{'Fn::Base64': 'x'}, {'Fn::Cidr': ['ip', 2, 8]}, {'Fn::GetAZs': ''}, {'Fn::ImportValue': 'e'}]);
  });

  it('resolves parameters, pseudo parameters, mappings and nested conditions; what AWS decides stays unresolved', () => {
    const {template} = parseTemplate(
      'Parameters: {Env: {Type: String, Default: dev}}\nMappings: {M: {prod: {D: 400}, dev: {D: 30}}}\nConditions:\n  P: !Equals [!Ref Env, prod]\n  NotP: !Not [!Condition P]\n  Both: !And [!Condition NotP, !Or [!Condition P, !Equals [1, 1]]]\nResources: {R: {Type: X}}\n',
      't.yaml',
    );
    const r = new TemplateResolver(template, {stack: 's', region: 'eu-west-1', accountId: '123456789012', partition: 'aws', parameters: {Env: 'prod'}});
    expect(r.condition('P')).toBe(true);
    expect(r.condition('Both')).toBe(false);
    expect(r.resolve({'Fn::FindInMap': ['M', {Ref: 'Env'}, 'D']})).toBe(400);
    expect(r.resolve({'Fn::Sub': 'arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}'})).toBe('arn:aws:s3:::b-123456789012-eu-west-1');
    expect(r.resolve({'Fn::ImportValue': 'x'})).toBeInstanceOf(Unresolved);
    expect(r.resolve({'Fn::Sub': '${!Literal}'})).toBe('${Literal}');
  });

  it('judges a YAML template: a nested condition decides log file validation, and the finding points at the logical id line', async () => {
    const {report} = await judge([`${dir}/logging.yaml`], {region: 'us-east-1', accountId: '123456789012'});
    const trail = report.findings.find((f) => f.ruleId === 'ct.log-file-validation' && f.resource.endsWith('trail/org-trail'))!;
    expect(trail.status).toBe('fail');
    expect(trail.source).toEqual({kind: 'cloudformation', address: 'logging/Trail', file: `${dir}/logging.yaml`, line: 65});
    expect(statusOf(report.findings, 's3.trail-bucket-object-lock')).toEqual(['fail']); // dev: 30 days
    // The detector exists only in prod; the graph's condition reads an import: unknown, not pass.
    expect(statusOf(report.findings, 'gd.enabled-all-regions')).toEqual(['unknown']);
    expect(statusOf(report.findings, 'det.enabled')).not.toContain('pass');
  });

  it('takes parameters from a file in both formats', async () => {
    const {mkdtempSync, writeFileSync} = await import('node:fs');
    const {tmpdir} = await import('node:os');
    const tmp = mkdtempSync(`${tmpdir()}/trailwise-cfn-`);
    writeFileSync(`${tmp}/deploy.json`, JSON.stringify([{ParameterKey: 'Environment', ParameterValue: 'prod'}]));
    writeFileSync(`${tmp}/pipeline.json`, JSON.stringify({Parameters: {Environment: 'prod', KeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k'}}));
    const prod = await judge([`${dir}/logging.yaml`], {region: 'us-east-1', accountId: '123456789012', parameters: `${tmp}/deploy.json`});
    expect(statusOf(prod.report.findings, 's3.trail-bucket-object-lock')).toEqual(['pass']);
    expect(statusOf(prod.report.findings, 'gd.enabled-all-regions')).toEqual(['pass']);
    const keyed = await judge([`${dir}/logging.yaml`], {region: 'us-east-1', accountId: '123456789012', parameters: `${tmp}/pipeline.json`});
    expect(statusOf(keyed.report.findings, 'ct.kms-encryption', 'org-trail')).toEqual(['pass']);
    expect(() => parseParameters('{"Params": 1}', 'p.json')).toThrow(InputError);
  });

  it('judges a JSON template over a base snapshot, replacing resources of the same identity', async () => {
    const base = snapshotFixture('neglected-account');
    const {report, before} = await judge([`${dir}/config.template.json`], {region: 'us-east-1', base});
    const config = (r: typeof report) => r.findings.find((f) => f.ruleId === 'cfg.recorder-all-regions' && f.region === 'us-east-1')?.status;
    expect(config(before)).toBe('fail');
    expect(config(report)).toBe('pass');
    expect(report.change!.fixed.map((f) => f.ruleId)).toContain('cfg.recorder-all-regions');
  });

  it('reads a CDK cloud assembly: every stack, each in its own region and account from manifest.json', async () => {
    expect((await cdkStacks(`${dir}/cdk.out`)).map((s) => `${s.name} ${s.region} ${s.accountId}`)).toEqual([
      'LoggingStack us-east-1 123456789012',
      'security-eu eu-west-1 123456789012',
    ]);
    const {report} = await judge([`${dir}/cdk.out`]);
    expect(report.findings.find((f) => f.ruleId === 'gd.enabled-all-regions' && f.region === 'eu-west-1')).toMatchObject({status: 'fail', source: {address: 'security-eu/Detector'}});
    // The generated bucket name is tied to the trail and the policy through their Ref.
    const bucket = report.findings.find((f) => f.ruleId === 's3.trail-bucket-versioning')!;
    expect(bucket).toMatchObject({status: 'pass', resource: 'arn:aws:s3:::known-after-apply.LoggingStack/TrailBucket1F8B7A2D'});
    expect(report.findings.every((f) => f.accountId === '123456789012')).toBe(true);
  });

  it('refuses a template without a region, a bad template, and mixing Terraform with CloudFormation', async () => {
    await expect(readChangeInputs([`${dir}/logging.yaml`])).rejects.toThrow(/pass --region/);
    expect(() => parseTemplate('Resources: [1', 'bad.yaml')).toThrow(/bad.yaml: not a valid template \(line/);
    expect(() => parseTemplate('Resources: {R: {Properties: {}}}', 'bad.yaml')).toThrow(/Type/);
    await expect(readChangeInputs([`${dir}/logging.yaml`, 'test/data/iac/terraform/logging-change.plan.json'])).rejects.toThrow(/cannot be judged in one run/);
  });
});

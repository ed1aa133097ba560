import {describe, expect, it} from '@jest/globals';
import {indexSourceDir, resourceBlocks} from '../../src/iac/locate.js';
import {buildSarif} from '../../src/report/sarif.js';
import {runCli} from '../../src/cli/program.js';
import {fakeTerminal} from '../cli/fake-terminal.js';

const plan = 'test/data/iac/terraform/logging-change.plan.json';
const src = 'test/data/iac/terraform/src';

describe('locating Terraform resource blocks', () => {
  it('finds each resource header with its line, and not commented or nested look-alikes', () => {
    const text = ['# resource "aws_s3_bucket" "commented"', 'resource "aws_s3_bucket" "a" {', '  tags = {resource = "x"}', '}', '', '  resource  "aws_cloudtrail" "t" {}'].join('\n');
    expect(resourceBlocks(text)).toEqual([
      {type: 'aws_s3_bucket', name: 'a', line: 2},
      {type: 'aws_cloudtrail', name: 't', line: 6},
    ]);
  });

  it('counts lines across a long line and many blocks (one pass over the text)', () => {
    const big = `${'x'.repeat(2_000_000)}\n${'resource "a" "b" {}\n'.repeat(20_000)}`;
    const blocks = resourceBlocks(big);
    expect(blocks).toHaveLength(20_000);
    expect(blocks[19_999]!.line).toBe(20_001);
  });

  it('indexes the .tf files under a folder', async () => {
    const index = await indexSourceDir(src);
    expect(index.get('aws_cloudtrail.main')).toEqual([{file: 'modules/logging/main.tf', line: 44}]);
    expect(index.get('aws_guardduty_detector.us')).toEqual([{file: 'main.tf', line: 37}]);
  });

  it('puts SARIF results on the block in the module folder, relative to the repository', async () => {
    const term = fakeTerminal();
    await runCli(['plan', plan, '--source-dir', src, '--format', 'json', '--fail-on', 'none'], term);
    const report = JSON.parse(term.stdout);
    const sarif = buildSarif(report);
    const bucket = sarif.runs[0]!.results.find((r) => r.ruleId === 's3.trail-bucket-access-logging')!;
    expect(bucket.locations[0]!.physicalLocation).toEqual({artifactLocation: {uri: `${src}/modules/logging/main.tf`}, region: {startLine: 6}});
    expect(bucket.locations[0]!.logicalLocations).toContainEqual({name: 'module.logs.aws_s3_bucket.trail', fullyQualifiedName: 'module.logs.aws_s3_bucket.trail', kind: 'declaration'});
    const api = report.findings.find((f: {ruleId: string; source?: {address: string}}) => f.ruleId === 'cwl.retention-set' && f.source?.address === 'aws_cloudwatch_log_group.app["api"]');
    expect(api.source).toMatchObject({file: `${src}/main.tf`, line: 17});
  });

  it('a --source-dir that is not a folder is an input error', async () => {
    const term = fakeTerminal();
    expect(await runCli(['plan', plan, '--source-dir', 'nope/nowhere'], term)).toBe(2);
    expect(term.stderr).toMatch(/--source-dir: nope\/nowhere is not a folder/);
  });
});

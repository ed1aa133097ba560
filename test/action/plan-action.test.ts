// The bundled Action judging a change (terraform-plan / cloudformation inputs), run like the runner runs it.
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it, jest} from '@jest/globals';
import type {Report} from '../../src/report/report.js';
import type {SarifLog} from '../../src/report/sarif.js';
import {buildActionBundle, cleanupRuns, runAction} from './run-action.js';

jest.setTimeout(180_000);

let bundle: string;
let cleanup: () => void;
beforeAll(() => {
  ({bundle, cleanup} = buildActionBundle());
});
afterAll(() => {
  cleanupRuns();
  cleanup?.();
});

describe('the Action on a change', () => {
  it('judges a Terraform plan: the summary leads with the change, SARIF points at the .tf blocks, the gate judges new failures', async () => {
    const run = await runAction(bundle, {'terraform-plan': 'test/data/iac/terraform/*.plan.json', 'source-dir': 'test/data/iac/terraform/src', 'fail-on': 'medium'});
    expect(run.summary).toMatch(/\*\*This change: score [\d.]+ → [\d.]+; newly failing \d+/);
    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    expect(report.change?.mode).toBe('plan-alone');
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as SarifLog;
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('test/data/iac/terraform/src/modules/logging/main.tf');
    expect(run.stdout).toMatch(/::error title=cwl\.retention-set[^\n]*,file=test\/data\/iac\/terraform\/src\/main\.tf,line=17::/);
  });

  it('judges a template over a base snapshot, and refuses contradictory inputs', async () => {
    const run = await runAction(bundle, {
      cloudformation: 'test/data/iac/cloudformation/config.template.json',
      regions: 'us-east-1',
      'base-snapshot': 'examples/snapshots/neglected-account.json',
      'account-id': '333333333333',
    });
    expect(run.errorLines).toEqual([]);
    const report = JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as Report;
    expect(run.status).toBe(0);
    expect(report.change).toMatchObject({mode: 'plan-over-base', base: 'examples/snapshots/neglected-account.json'});
    expect(report.change!.fixed.map((f) => f.ruleId)).toContain('cfg.recorder-all-regions');
    const bad = await runAction(bundle, {'terraform-plan': 'a.json', cloudformation: 'b.yaml'});
    expect(bad.status).toBe(1);
    expect(bad.errorLines.join('\n')).toMatch(/exclude each other/);
  });
});

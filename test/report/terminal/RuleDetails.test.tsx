import {describe, expect, it} from '@jest/globals';
import {RuleDetails} from '../../../src/report/terminal/components/RuleDetails.js';
import {failingRules, incompleteRules} from '../../../src/report/terminal/model.js';
import {lineWith, renderAt, widest} from './harness.js';
import {PROD, WIDTHS, accountReport} from './sample.js';

const report = accountReport();
const byId = (id: string) => failingRules(report).find((g) => g.ruleId === id)!;
const names = {[PROD]: 'prod'};

describe('RuleDetails', () => {
  it.each(WIDTHS)('lists each failing resource with account, region, message, then the remediation, within %d columns', (width) => {
    const out = renderAt(<RuleDetails group={byId('ct.region-coverage')} width={width} accountNames={names} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(out.split('\n').slice(0, 3)).toEqual([
      'CRITICAL  ct.region-coverage',
      'Every enabled region has a logging trail',
      'SEC04 · SEC04-BP01 · 2 failing resources in 1 account',
    ]);
    expect(lineWith(out, '111111111111/ap-south-1')).toMatch(/^111111111111 prod +ap-south-1 +111111111111\/ap-south-1$/);
    expect(out).toContain('    Region ap-south-1 has no logging trail.');
    expect(out).toContain('    Region eu-west-3 has no logging trail.');
    expect(lineWith(out, 'Fix')).toMatch(/^Fix +Fix ct\.region-coverage\.$/);
    expect(out).toMatch(/^CLI\n {2}aws fix ct\.region-coverage$/m);
  });

  it.each(WIDTHS)('shortens a long bucket ARN in the middle at %d columns', (width) => {
    const out = renderAt(<RuleDetails group={byId('s3.trail-bucket-object-lock')} width={width} />, width);
    const line = lineWith(out, 'arn:aws:s3:::');
    expect([...line].length).toBeLessThanOrEqual(width);
    expect(line).toContain('…');
    expect(line).toMatch(/20261128$/);
  });

  it('shows the cost estimate and says an advisory never fails the gate', () => {
    const out = renderAt(<RuleDetails group={byId('cost.s3-data-events-all-buckets')} width={120} />, 120);
    expect(out).toContain('advisory: never fails the gate');
    expect(out).toContain('COST · COST05-BP02 · 1 failing resource in 1 account · ≈ $1,235/month');
    expect(out).toContain('(≈ $1,235/month)');
  });

  it('marks findings as new or existing against a baseline', () => {
    const group = byId('ct.region-coverage');
    const out = renderAt(<RuleDetails group={group} width={120} baseline={new Map([[group.findings[0]!.fingerprint, 'fail' as const]])} />, 120);
    expect(lineWith(out, 'ap-south-1 has no')).toContain('(existing)');
    expect(lineWith(out, 'eu-west-3 has no')).toContain('(new)');
  });

  it('shows what to do, not a fix, for a rule that could not be checked', () => {
    const group = incompleteRules(report)[0]!;
    const out = renderAt(<RuleDetails group={group} width={80} />, 80);
    expect(out.split('\n')[0]).toBe('ERROR  ct.kms-encryption');
    expect(out).toContain('1 finding with evidence missing');
    expect(lineWith(out, 'To do')).toContain('Grant the read-only permissions');
    expect(out).not.toMatch(/^Fix /m);
  });

  it('scrolls with offset and limit', () => {
    const out = renderAt(<RuleDetails group={byId('ct.region-coverage')} width={80} offset={1} limit={1} />, 80);
    expect(out).toContain('↑ 1 above');
    expect(out).not.toContain('ap-south-1 has no');
    expect(out).toContain('eu-west-3 has no');
  });

  it('counts what the limit leaves out', () => {
    const out = renderAt(<RuleDetails group={byId('ct.region-coverage')} width={80} limit={1} />, 80);
    expect(out).toContain('… 1 more failing resources');
  });

  it.each(WIDTHS)('puts a command with a long JSON argument under its label, wrapped so that the lines paste back into it (%d columns)', (width) => {
    const json = `'${JSON.stringify([{ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [], Note: 'x'.repeat(60)}])}'`;
    const group = {...byId('ct.kms-encryption')};
    group.rule = {...group.rule!, remediation: {summary: 'Fix it.', cli: `aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors ${json}`}};
    const printed = renderAt(<RuleDetails group={group} width={width} wholeWords />, width);
    expect(printed).toMatch(/^CLI\n {2}aws cloudtrail put-event-selectors/m);
    const block = printed.slice(printed.indexOf('CLI\n') + 4).split('\n');
    expect(widest(block.join('\n'))).toBeLessThanOrEqual(width);
    // A shell reads ` \` + newline as nothing, and a newline after a comma inside the JSON as JSON whitespace.
    const pasted = block.join('\n').replace(/ \\\n\s*/g, ' ').replace(/,\n\s*/g, ',').replace(/\n\s*/g, ' ').trim();
    expect(pasted).toBe(group.rule.remediation.cli);
    const live = renderAt(<RuleDetails group={group} width={width} />, width);
    expect(widest(live)).toBeLessThanOrEqual(width);
    expect(live).toMatch(/^CLI\n {2}aws cloudtrail/m);
  });
});

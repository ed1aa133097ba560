// Rule categories in every report: the service-log rules (policy field `category: Network and service logs`) are
// shown under their own heading in the terminal report, Markdown, SARIF and the org summary, after the main list.
import {beforeAll, describe, expect, it} from '@jest/globals';
import type {AuditManifest} from '../../src/audit/types.js';
import {formatOrgSummary} from '../../src/audit/summary.js';
import {evaluateSnapshot, loadRuleSet} from '../../src/pipeline.js';
import {formatMarkdown} from '../../src/report/markdown.js';
import type {Report} from '../../src/report/report.js';
import {buildSarif} from '../../src/report/sarif.js';
import {formatText} from '../../src/report/terminal/index.js';
import {failingRules, failingRuleSections} from '../../src/report/terminal/model.js';
import {loadSnapshot} from '../../src/snapshot/load.js';

const HEADING = 'Network and service logs';
const SERVICE_RULES = ['eks.audit-logs', 'sh.enabled', 'apigw.access-logs', 'ct.lake-cmk'];

let report: Report;
beforeAll(async () => {
  const snapshot = await loadSnapshot('examples/snapshots/neglected-account.json');
  report = evaluateSnapshot(snapshot, await loadRuleSet(), {file: 'examples/snapshots/neglected-account.json'});
});

describe('the rule category', () => {
  it('comes from the policy and is in the report\'s rules', () => {
    const rules = new Map(report.rules.map((r) => [r.id, r]));
    for (const id of [...SERVICE_RULES, 'sl.enabled']) expect(rules.get(id)?.category).toBe(HEADING);
    expect(rules.get('ct.kms-encryption')).not.toHaveProperty('category');
    expect(rules.get('cost.lake-plus-trail-duplicate')).not.toHaveProperty('category');
  });

  it('terminal: the failing service-log rules get their own table after the main one, worst first', () => {
    const sections = failingRuleSections(failingRules(report));
    expect(sections.map((s) => s.category)).toEqual([undefined, HEADING]);
    expect(sections[1]!.groups.map((g) => g.ruleId)).toEqual(SERVICE_RULES);
    expect(sections[0]!.groups.map((g) => g.ruleId)).not.toEqual(expect.arrayContaining(['eks.audit-logs']));
    const text = formatText(report, {width: 120});
    const main = text.indexOf('Failing rules (');
    const services = text.indexOf(`${HEADING} (4)`);
    expect(main).toBeGreaterThan(-1);
    expect(services).toBeGreaterThan(main);
    expect(text.slice(services, text.indexOf('Failing rules in detail'))).toContain('eks.audit-logs');
    expect(text.slice(main, services)).not.toContain('eks.audit-logs');
  });

  it('terminal: with no failing service-log rule the heading is not printed, and "No rule fails" still is', () => {
    const passing = {...report, findings: report.findings.filter((f) => f.status !== 'fail')};
    expect(failingRuleSections(failingRules(passing))).toEqual([{groups: []}]);
  });

  it('Markdown: the service-log rules are under their own heading, with the severity on each rule', () => {
    const md = formatMarkdown(report);
    const heading = md.indexOf(`#### ${HEADING} (8)`);
    expect(heading).toBeGreaterThan(md.indexOf('#### 🔴 Critical'));
    const section = md.slice(heading);
    expect(section).toContain('🟠 High <code>eks.audit-logs</code>');
    expect(section).toContain('🔵 Low <code>apigw.access-logs</code>');
    expect(md.slice(0, heading)).not.toContain('<code>sh.enabled</code>');
  });

  it('SARIF: the category is a rule tag and property, and each result carries it', () => {
    const log = buildSarif(report);
    const rules = log.runs[0]!.tool.driver.rules;
    const eks = rules.find((r) => r.id === 'eks.audit-logs')!;
    expect(eks.properties.category).toBe(HEADING);
    expect(eks.properties.tags).toContain(HEADING);
    expect(rules.find((r) => r.id === 'ct.kms-encryption')!.properties).not.toHaveProperty('category');
    const results = log.runs[0]!.results;
    expect(results.find((r) => r.ruleId === 'sh.enabled')!.properties.category).toBe(HEADING);
    expect(results.find((r) => r.ruleId === 'ct.kms-encryption')!.properties).not.toHaveProperty('category');
  });

  it('org summary: the service-log rules are ranked in their own table', () => {
    const manifest = {
      organization: {id: 'o-example', managementAccountId: '111111111111'},
      organizationAccounts: [],
      skipped: [],
      otherShards: 0,
      outcome: {audited: 1, failed: 0, missing: [], categories: {}, calls: 0},
    } as unknown as AuditManifest;
    const summary = formatOrgSummary(report, manifest);
    const main = summary.indexOf('## Rules failing in the most accounts');
    const services = summary.indexOf(`## ${HEADING}: rules failing in the most accounts`);
    expect(services).toBeGreaterThan(main);
    expect(summary.slice(services)).toContain('<code>eks.audit-logs</code>');
    expect(summary.slice(main, services)).not.toContain('<code>eks.audit-logs</code>');
    expect(summary.slice(main, services)).toContain('<code>ct.region-coverage</code>');
  });
});

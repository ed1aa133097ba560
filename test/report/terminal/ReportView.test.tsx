// The non-interactive report: the same content as the explorer, printed once and expanded up to a limit.
import {describe, expect, it} from '@jest/globals';
import {ReportView} from '../../../src/report/terminal/components/ReportView.js';
import {lineWith, renderAt, widest} from './harness.js';
import {WIDTHS, accountReport, hasEscapes, orgReport} from './sample.js';

const sections = (out: string) => out.split('\n').filter((l) => /^(Failing rules|Failing rules in detail|Could not be checked|Accounts, lowest|Rules failing in)/.test(l));

describe('ReportView', () => {
  it.each(WIDTHS)('prints header, failing rules, every failing rule expanded, then what could not be checked, within %d columns', (width) => {
    const out = renderAt(<ReportView report={accountReport()} width={width} maxRows={10} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(hasEscapes(out)).toBe(false);
    expect(sections(out)).toEqual(['Failing rules (5)', 'Failing rules in detail', 'Could not be checked (2)']);
    for (const id of ['ct.region-coverage', 'ct.log-file-validation', 's3.trail-bucket-object-lock', 'ct.kms-encryption', 'cost.s3-data-events-all-buckets']) {
      expect(out).toMatch(new RegExp(`^[A-Z]+ {2}${id.replace(/\./g, '\\.')}`, 'm'));
    }
    expect(out).toContain('Region eu-west-3 has no logging trail.');
    expect(out.indexOf('Failing rules in detail')).toBeLessThan(out.indexOf('Could not be checked'));
  });

  it('adds the org view for a report over several accounts', () => {
    const out = renderAt(<ReportView report={orgReport()} width={120} maxRows={10} />, 120);
    expect(sections(out)).toEqual(['Failing rules (3)', 'Failing rules in detail', 'Could not be checked (1)', 'Accounts, lowest score first (3)', 'Rules failing in the most accounts']);
  });

  it('lists every failing rule in the table, and stops the other lists at maxRows with "N more"', () => {
    const out = renderAt(<ReportView report={accountReport()} width={80} maxRows={1} />, 80);
    expect(out).not.toContain('more failing rules');
    expect(out).toMatch(/^low +cost\.s3-data-events-all-buckets/m);
    expect(lineWith(out, 'more failing resources')).toContain('… 1 more failing resources');
    expect(out).toContain('… 1 more rules');
  });

  it('shares maxFindings over all rules and says how many rules were not expanded', () => {
    const out = renderAt(<ReportView report={accountReport()} width={80} maxRows={10} maxFindings={3} />, 80);
    // 2 findings of ct.region-coverage + 1 of ct.log-file-validation use the budget.
    expect(out).toMatch(/^HIGH {2}ct\.log-file-validation/m);
    expect(out).not.toMatch(/^HIGH {2}s3\.trail-bucket-object-lock/m);
    expect(out).toContain('… 3 more failing rules not expanded (use --format json for every finding)');
  });

  it('mentions expired and unused suppressions', () => {
    const report = accountReport();
    report.suppressions = {expired: [{rule: 'ct.insights', expires: '2026-01-01', justification: 'old'}], unused: [{rule: 'ct.kms-encryption', resource: 'arn:x'}]};
    const out = renderAt(<ReportView report={report} width={80} maxRows={10} />, 80);
    expect(out.replace(/\s+/g, ' ')).toContain('Suppressions: 1 expired (no longer applied), 1 unused (matched no finding). ct.insights (old), ct.kms-encryption arn:x');
  });
});

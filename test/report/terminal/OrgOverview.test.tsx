import {describe, expect, it} from '@jest/globals';
import {OrgOverview} from '../../../src/report/terminal/components/OrgOverview.js';
import {lineWith, renderAt, widest} from './harness.js';
import {WIDTHS, orgReport} from './sample.js';

describe('OrgOverview', () => {
  it.each(WIDTHS)('lists accounts lowest score first with scores and worst finding, within %d columns', (width) => {
    const out = renderAt(<OrgOverview report={orgReport()} width={width} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    const rows = out.split('\n');
    expect(rows[0]).toBe('Accounts, lowest score first (3)');
    expect(rows[1]).toMatch(/^ACCOUNT +NAME +OVERALL SEC04 +COST FAILING WORST FINDING$/);
    expect(rows.slice(2, 5).map((r) => r.slice(0, 12))).toEqual(['333333333333', '111111111111', '222222222222']);
    expect(rows[2]).toMatch(/sandbox .* not audited: AccessDenied/);
    expect(rows[3]).toMatch(/^111111111111 prod +25 +25 +n\/a +2 critical ct\.region-cover/);
    expect(rows[4]).toMatch(/^222222222222 log-archive +65\.2 +65\.2 +n\/a +2 critical ct\.region-cover/);
  });

  it('ranks the rules failing in the most accounts', () => {
    const out = renderAt(<OrgOverview report={orgReport()} width={120} />, 120);
    const section = out.slice(out.indexOf('Rules failing in the most accounts'));
    expect(lineWith(section, 'ct.region-coverage')).toMatch(/2\/3 accounts critical +ct\.region-coverage +Every enabled region/);
    expect(section.indexOf('ct.region-coverage')).toBeLessThan(section.indexOf('ct.kms-encryption'));
  });

  it('cuts both tables at the limit', () => {
    const out = renderAt(<OrgOverview report={orgReport()} width={80} limit={1} />, 80);
    expect(out).toContain('… 2 more accounts');
    expect(out).toContain('… 2 more rules');
    expect(out).not.toContain('222222222222');
  });
});

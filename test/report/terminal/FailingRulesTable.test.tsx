import {describe, expect, it} from '@jest/globals';
import {FailingRulesTable} from '../../../src/report/terminal/components/FailingRulesTable.js';
import {failingRules} from '../../../src/report/terminal/model.js';
import {lineWith, renderAt, widest} from './harness.js';
import {WIDTHS, accountReport} from './sample.js';

const groups = failingRules(accountReport());

describe('FailingRulesTable', () => {
  it.each(WIDTHS)('lists severity, rule, title, failing count and pillar, worst first, within %d columns', (width) => {
    const out = renderAt(<FailingRulesTable groups={groups} width={width} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    const rows = out.split('\n');
    expect(rows[0]).toBe('Failing rules (5)');
    expect(rows[1]).toMatch(/^SEVERITY +RULE +TITLE +FAILING PILLAR$/);
    expect(rows.slice(2).map((r) => r.match(/^(\w+) +(\S+)/)?.slice(1))).toEqual(
      expect.arrayContaining([
        ['critical', 'ct.region-coverage'],
        ['low', 'cost.s3-data-events-all-buckets'],
      ]),
    );
    expect(lineWith(out, 'ct.region-coverage')).toMatch(/^critical +ct\.region-coverage +Every enabled region.* +2 SEC04$/);
    expect(lineWith(out, 'cost.s3-data')).toMatch(/ 1 COST$/);
  });

  it('wraps long titles when printed, so nothing is lost at 80 columns', () => {
    const out = renderAt(<FailingRulesTable groups={groups} width={80} />, 80);
    const rows = out.split('\n');
    const at = rows.findIndex((r) => r.includes('Object Lock'));
    const column = rows[at]!.indexOf('Object Lock');
    expect(rows[at + 1]!.indexOf('retention')).toBe(column);
    expect(rows.slice(at, at + 3).map((r) => r.slice(column, column + 24).trim()).join(' ')).toBe('Object Lock with default retention on the trail bucket');
  });

  it('truncates titles to one line per rule when interactive, and marks the selected row', () => {
    const out = renderAt(<FailingRulesTable groups={groups} width={80} selected={1} />, 80);
    const rows = out.split('\n');
    expect(rows).toHaveLength(2 + groups.length);
    expect(lineWith(out, 'ct.log-file-validation')).toMatch(/^› high/);
    expect(lineWith(out, 'ct.region-coverage')).toMatch(/^ {2}critical/);
    expect(lineWith(out, 's3.trail-bucket-object-lock')).toContain('…');
  });

  it('cuts the list at the limit with "N more", and says what is above a scrolled window', () => {
    const out = renderAt(<FailingRulesTable groups={groups} width={120} offset={1} limit={2} selected={1} />, 120);
    expect(out).toContain('↑ 1 above');
    expect(out).not.toContain('ct.region-coverage');
    expect(out).toContain('ct.log-file-validation');
    expect(out).toContain('s3.trail-bucket-object-lock');
    expect(out).not.toContain('ct.kms-encryption');
    expect(out).toContain('… 2 more failing rules');
  });

  it('says so when nothing fails', () => {
    expect(renderAt(<FailingRulesTable groups={[]} width={80} />, 80)).toBe('Failing rules (0)\n  No rule fails.');
  });
});

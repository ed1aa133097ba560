import {describe, expect, it} from '@jest/globals';
import {IncompleteTable} from '../../../src/report/terminal/components/IncompleteTable.js';
import {incompleteRules} from '../../../src/report/terminal/model.js';
import {lineWith, renderAt, widest} from './harness.js';
import {WIDTHS, accountReport, orgReport} from './sample.js';

const groups = incompleteRules(accountReport());

describe('IncompleteTable', () => {
  it.each(WIDTHS)('shows errors and unknowns apart, with what to do, within %d columns', (width) => {
    const out = renderAt(<IncompleteTable groups={groups} width={width} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(out.split('\n')[0]).toBe('Could not be checked (2)');
    expect(lineWith(out, 'ct.kms-encryption')).toMatch(/^error +ct\.kms-encryption +AccessDenied on cloudtrail:GetEvent.* 1$/);
    expect(lineWith(out, 'ct.log-file-validation')).toMatch(/^unknown +ct\.log-file-validation +The trail bucket is in another account/);
    const flat = out.replace(/\s+/g, ' ');
    expect(flat).toContain('→ Grant the read-only permissions trailwise needs');
    expect(flat).toContain('→ The evidence is held by another account');
  });

  it('prints advice once for groups that share it', () => {
    const report = orgReport();
    const twice = incompleteRules(report).concat(incompleteRules(report).map((g) => ({...g, ruleId: 'ct.other'})));
    const out = renderAt(<IncompleteTable groups={twice} width={120} />, 120);
    expect(out.match(/→ /g)).toHaveLength(1);
  });

  it('leaves the advice to the details view when interactive', () => {
    const out = renderAt(<IncompleteTable groups={groups} width={80} selected={0} advice={false} />, 80);
    expect(out).not.toContain('→');
    expect(lineWith(out, 'ct.kms-encryption')).toMatch(/^› error/);
  });

  it('renders nothing when every rule could be judged', () => {
    expect(renderAt(<IncompleteTable groups={[]} width={80} />, 80)).toBe('');
  });
});

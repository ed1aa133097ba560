import {describe, expect, it} from '@jest/globals';
import {FilterBar} from '../../../src/report/terminal/components/FilterBar.js';
import {filterChoices} from '../../../src/report/terminal/model.js';
import {renderAt, widest} from './harness.js';
import {LOGS, WIDTHS, orgReport} from './sample.js';

const choices = filterChoices(orgReport());

describe('FilterBar', () => {
  it.each(WIDTHS)('edits severity, pillar and account, marking the active field, within %d columns', (width) => {
    const out = renderAt(<FilterBar filter={{severity: 'high'}} choices={choices} active="pillar" accountNames={{[LOGS]: 'log-archive'}} />, width);
    expect(widest(out)).toBeLessThanOrEqual(width);
    // One line: the explorer's frame must fit 24 rows.
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(/^Filter {3}severity ‹high› › pillar ‹all› {3}account ‹all›$/);
  });

  it('shows the fields that are set in one line, with account names', () => {
    const out = renderAt(<FilterBar filter={{accountId: LOGS}} choices={choices} accountNames={{[LOGS]: 'log-archive'}} />, 80);
    expect(out).toBe('Filter account 222222222222 log-archive   f to change, x to clear');
    const two = renderAt(<FilterBar filter={{severity: 'high', pillar: 'SEC04'}} choices={choices} />, 80);
    expect(two).toBe('Filter severity high · pillar SEC04   f to change, x to clear');
  });

  it('shows nothing without a filter', () => {
    expect(renderAt(<FilterBar filter={{}} choices={choices} />, 80)).toBe('');
  });
});

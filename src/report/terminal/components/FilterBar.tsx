/**
 * The explorer's filter: severity, pillar and account, each cycled with ←/→. One line under the header, while the
 * user edits it (the active field marked) and while a filter is on.
 */
import {Text} from 'ink';
import {isFiltered, type FilterChoices, type ReportFilter} from '../model.js';
import {Paint} from '../style.js';

export const FILTER_FIELDS = ['severity', 'pillar', 'accountId'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

const LABEL: Record<FilterField, string> = {severity: 'Severity', pillar: 'Pillar', accountId: 'Account'};

export interface FilterBarProps {
  filter: ReportFilter;
  choices: FilterChoices;
  /** The field being edited; undefined shows the one-line summary. */
  active?: FilterField;
  accountNames?: Record<string, string>;
}

function valueText(field: FilterField, value: string | undefined, names: Record<string, string>): string {
  if (value === undefined) return 'all';
  return field === 'accountId' && names[value] ? `${value} ${names[value]}` : value;
}

/** Returns the filter after moving `field` one choice left (-1) or right (+1), wrapping around. */
export function cycleFilter(filter: ReportFilter, choices: FilterChoices, field: FilterField, step: 1 | -1): ReportFilter {
  const options = choices[field] as (string | undefined)[];
  const at = Math.max(0, options.indexOf(filter[field]));
  const value = options[(at + step + options.length) % options.length];
  const next: ReportFilter = {...filter};
  if (value === undefined) delete next[field];
  else (next as Record<FilterField, string>)[field] = value;
  return next;
}

/** Renders the filter editor, or the active filter in one line. */
export function FilterBar({filter, active, accountNames = {}}: FilterBarProps) {
  if (active === undefined) {
    if (!isFiltered(filter)) return null;
    return (
      <Text wrap="truncate-end">
        <Paint bold color="cyan">
          Filter
        </Paint>{' '}
        {FILTER_FIELDS.filter((f) => filter[f] !== undefined)
          .map((f) => `${LABEL[f].toLowerCase()} ${valueText(f, filter[f], accountNames)}`)
          .join(' · ')}
        <Paint dim>{'   f to change, x to clear'}</Paint>
      </Text>
    );
  }
  // One line, like the summary: the explorer's frame must fit a 24-row terminal (the keys are in its help line).
  return (
    <Text wrap="truncate-end">
      <Paint bold color="cyan">
        Filter
      </Paint>
      {FILTER_FIELDS.map((f) => (
        <Text key={f}>
          <Paint bold color="cyan">
            {f === active ? ' › ' : '   '}
          </Paint>
          <Paint bold={f === active}>{LABEL[f].toLowerCase()}</Paint>
          {' ‹'}
          <Paint bold color={filter[f] === undefined ? undefined : 'cyan'}>
            {valueText(f, filter[f], accountNames)}
          </Paint>
          {'›'}
        </Text>
      ))}
    </Text>
  );
}

/**
 * The interactive report (TTY, not CI): ↑/↓ move through the failing rules and then the rules that could not be
 * checked, Enter opens one, `f` filters by severity, pillar or account, `a` shows the accounts of an org audit, `q`
 * quits. Only the rows that fit the terminal's height are drawn, so ink never has to redraw a taller-than-screen frame.
 *
 * Keys go through a pure reducer (`explorerStep`): ink re-subscribes its input handler only after a render's effects
 * run, so a handler reading state from its closure would drop keys typed faster than the screen redraws.
 */
import {useEffect, useReducer, useRef} from 'react';
import {Box, Text, measureElement, useApp, useInput, type DOMElement, type Key} from 'ink';
import type {Baseline, Report} from '../../report.js';
import {failingRules, filterChoices, incompleteRules, isFiltered, isOrgReport, type ReportFilter, type RuleGroup} from '../model.js';
import {scrollOffset} from '../layout.js';
import {Paint} from '../style.js';
import {FailingRulesTable} from './FailingRulesTable.js';
import {FILTER_FIELDS, FilterBar, cycleFilter, type FilterField} from './FilterBar.js';
import {IncompleteTable} from './IncompleteTable.js';
import {OrgOverview} from './OrgOverview.js';
import {accountNames} from './ReportView.js';
import {ResultHeader, resultHeaderHeight} from './ResultHeader.js';
import {RuleDetails, detailsChromeHeight, findingHeight} from './RuleDetails.js';

export interface ExplorerProps {
  report: Report;
  width: number;
  /** Terminal rows available. */
  height: number;
  baseline?: Baseline;
}

export type ExplorerView = {kind: 'list'} | {kind: 'details'; group: RuleGroup} | {kind: 'accounts'};

export interface ExplorerState {
  view: ExplorerView;
  filter: ReportFilter;
  /** The filter field being edited, while the filter editor is open. */
  editing?: FilterField;
  /** Index into the failing rules followed by the rules that could not be checked. */
  cursor: number;
  listOffset: number;
  detailOffset: number;
  /** The measured lines of the open rule's details (they scroll by line inside the terminal's height). */
  detailHeight?: number;
}

export const INITIAL_EXPLORER: ExplorerState = {view: {kind: 'list'}, filter: {}, cursor: 0, listOffset: 0, detailOffset: 0};

// Lines around the lists: section titles, column headers, "above"/"more" lines, blank lines and the key help.
const LIST_CHROME = 9;
// The blank line and the key help under the details.
const DETAILS_FOOTER = 2;

/** What the current state shows, and how many rows fit. */
export interface ExplorerLayout {
  failing: RuleGroup[];
  incomplete: RuleGroup[];
  listSize: number;
  /** Findings shown from `detailOffset` in the details view, and the last useful offset. */
  detailSize: number;
  detailMaxOffset: number;
  accountsSize: number;
}

// Findings of one rule drawn in the details view (the rest is counted as "N more"): bounds the work per key.
const MAX_DETAIL_FINDINGS = 200;

/** Returns the lines of a rule's details as drawn (the chrome and each finding shown), before any measurement. */
export function detailsHeight(group: RuleGroup, width: number, baseline?: Baseline): number {
  const shown = group.findings.slice(0, MAX_DETAIL_FINDINGS);
  return detailsChromeHeight(group, width) + shown.reduce((n, f) => n + findingHeight(f, width, baseline), 0);
}

/** Returns how many findings of `group` fit from `offset`, and the offset whose page reaches the last finding. */
export function detailWindow(group: RuleGroup, width: number, height: number, offset: number, baseline?: Baseline): {size: number; maxOffset: number} {
  const budget = height - detailsChromeHeight(group, width) - DETAILS_FOOTER;
  const heights = group.findings.map((f) => findingHeight(f, width, baseline));
  let size = 0;
  for (let used = 0; offset + size < heights.length && (size === 0 || used + heights[offset + size]! <= budget); size++) used += heights[offset + size]!;
  let maxOffset = heights.length - 1;
  for (let used = heights[maxOffset] ?? 0; maxOffset > 0 && used + heights[maxOffset - 1]! <= budget; maxOffset--) used += heights[maxOffset - 1]!;
  return {size: Math.max(1, size), maxOffset: Math.max(0, maxOffset)};
}

/** Returns the lists under the state's filter and the rows that fit `height`. */
export function explorerLayout(report: Report, width: number, height: number, state: ExplorerState, baseline?: Baseline): ExplorerLayout {
  const filterLines = state.editing || isFiltered(state.filter) ? 2 : 0;
  const detailRows = Math.max(1, height - DETAILS_FOOTER);
  const details =
    state.view.kind === 'details'
      ? {size: detailRows, maxOffset: Math.max(0, (state.detailHeight ?? detailsHeight(state.view.group, width, baseline)) - detailRows)}
      : {size: 1, maxOffset: 0};
  return {
    failing: failingRules(report, state.filter),
    incomplete: incompleteRules(report, state.filter),
    listSize: Math.max(1, height - resultHeaderHeight(report, width) - filterLines - LIST_CHROME),
    detailSize: details.size,
    detailMaxOffset: details.maxOffset,
    accountsSize: Math.max(3, Math.floor((height - 8) / 2)),
  };
}

type KeyPress = {input: string; key: Partial<Key>; measured?: number};

function withCursor(state: ExplorerState, layout: ExplorerLayout, next: number): ExplorerState {
  const items = layout.failing.length + layout.incomplete.length;
  const cursor = Math.max(0, Math.min(items - 1, next));
  return {...state, cursor, listOffset: scrollOffset(state.listOffset, cursor, layout.listSize, items)};
}

function withFilter(state: ExplorerState, filter: ReportFilter): ExplorerState {
  return {...state, filter, cursor: 0, listOffset: 0};
}

/** Returns the state after one key press (`q` is handled by the caller: it quits). */
export function explorerStep(report: Report, width: number, height: number, state: ExplorerState, {input, key, measured}: KeyPress, baseline?: Baseline): ExplorerState {
  if (measured !== undefined) return measured === state.detailHeight ? state : {...state, detailHeight: measured};
  const layout = explorerLayout(report, width, height, state, baseline);
  const back = key.escape || key.leftArrow || key.backspace || key.delete || input === 'h';
  if (state.editing) {
    const at = FILTER_FIELDS.indexOf(state.editing);
    const choices = filterChoices(report);
    if (key.upArrow || input === 'k') return {...state, editing: FILTER_FIELDS[(at + FILTER_FIELDS.length - 1) % FILTER_FIELDS.length]!};
    if (key.downArrow || input === 'j' || key.tab) return {...state, editing: FILTER_FIELDS[(at + 1) % FILTER_FIELDS.length]!};
    if (key.leftArrow || input === 'h') return withFilter(state, cycleFilter(state.filter, choices, state.editing, -1));
    if (key.rightArrow || input === 'l' || input === ' ') return withFilter(state, cycleFilter(state.filter, choices, state.editing, 1));
    if (input === 'x') return withFilter(state, {});
    if (key.return || key.escape || input === 'f') {
      const {editing: _editing, ...closed} = state;
      return closed;
    }
    return state;
  }
  if (state.view.kind === 'details') {
    const scroll = (by: number) => ({...state, detailOffset: Math.max(0, Math.min(layout.detailMaxOffset, state.detailOffset + by))});
    if (key.upArrow || input === 'k') return scroll(-1);
    if (key.downArrow || input === 'j') return scroll(1);
    if (key.pageUp) return scroll(-layout.detailSize);
    if (key.pageDown) return scroll(layout.detailSize);
    if (back || key.return) return {...state, view: {kind: 'list'}};
    return state;
  }
  if (state.view.kind === 'accounts') {
    return back || input === 'a' ? {...state, view: {kind: 'list'}} : state;
  }
  const items = layout.failing.length + layout.incomplete.length;
  if (key.upArrow || input === 'k') return withCursor(state, layout, state.cursor - 1);
  if (key.downArrow || input === 'j') return withCursor(state, layout, state.cursor + 1);
  if (key.pageUp) return withCursor(state, layout, state.cursor - layout.listSize);
  if (key.pageDown) return withCursor(state, layout, state.cursor + layout.listSize);
  if (key.home) return withCursor(state, layout, 0);
  if (key.end) return withCursor(state, layout, items - 1);
  if (input === 'f') return {...state, editing: 'severity'};
  if (input === 'x') return withFilter(state, {});
  if (input === 'a' && isOrgReport(report)) return {...state, view: {kind: 'accounts'}};
  if ((key.return || key.rightArrow || input === 'l') && items > 0) {
    const group = state.cursor < layout.failing.length ? layout.failing[state.cursor]! : layout.incomplete[state.cursor - layout.failing.length]!;
    const {detailHeight: _height, ...rest} = state;
    return {...rest, detailOffset: 0, view: {kind: 'details', group}};
  }
  return state;
}

function KeyHelp({children}: {children: string}) {
  return (
    <Text>
      <Paint dim>{children}</Paint>
    </Text>
  );
}

/** Renders the interactive report and handles its keys; calls ink's `exit()` on `q`. */
export function Explorer({report, width, height, baseline}: ExplorerProps) {
  const {exit} = useApp();
  const detailsRef = useRef<DOMElement>(null);
  const [state, dispatch] = useReducer((s: ExplorerState, press: KeyPress) => explorerStep(report, width, height, s, press, baseline), INITIAL_EXPLORER);
  useInput((input, key) => {
    if (input === 'q') exit();
    else dispatch({input, key});
  });
  // The details' height is known once laid out: measured after each render, it bounds the scrolling.
  useEffect(() => {
    if (detailsRef.current) dispatch({input: '', key: {}, measured: measureElement(detailsRef.current).height});
  });

  const layout = explorerLayout(report, width, height, state, baseline);
  const names = accountNames(report);
  const org = isOrgReport(report);
  const {view, filter, editing, cursor} = state;
  // The window follows the cursor also when the rows available change (the filter line opens, the terminal shrinks).
  const listOffset = scrollOffset(state.listOffset, cursor, layout.listSize, layout.failing.length + layout.incomplete.length);

  if (view.kind === 'details') {
    const offset = Math.min(state.detailOffset, layout.detailMaxOffset);
    const below = Math.max(0, (state.detailHeight ?? detailsHeight(view.group, width, baseline)) - offset - layout.detailSize);
    // The details scroll by line in a window as tall as the terminal allows: however long the remediation, the frame
    // never grows past the screen (which would make ink clear it, scrollback included).
    return (
      <Box flexDirection="column" width={width}>
        <Box height={layout.detailSize} overflowY="hidden" flexDirection="column">
          <Box ref={detailsRef} marginTop={-offset} flexDirection="column" flexShrink={0}>
            <RuleDetails group={view.group} width={width} accountNames={names} limit={MAX_DETAIL_FINDINGS} {...(baseline ? {baseline} : {})} />
          </Box>
        </Box>
        <Box marginTop={1}>
          <KeyHelp>{`↑/↓ scroll${offset > 0 || below > 0 ? ` (${offset > 0 ? `${offset} above` : ''}${offset > 0 && below > 0 ? ', ' : ''}${below > 0 ? `${below} below` : ''})` : ''} · Esc back · q quit`}</KeyHelp>
        </Box>
      </Box>
    );
  }
  if (view.kind === 'accounts') {
    return (
      <Box flexDirection="column" width={width}>
        <OrgOverview report={report} width={width} limit={layout.accountsSize} />
        <Box marginTop={1}>
          <KeyHelp>Esc back · q quit</KeyHelp>
        </Box>
      </Box>
    );
  }

  // The list window spans both tables: the failing rules first, then those that could not be checked.
  const {failing, incomplete, listSize} = layout;
  const windowEnd = listOffset + listSize;
  const failingShown = Math.max(0, Math.min(failing.length, windowEnd) - listOffset);
  const incompleteOffset = Math.max(0, listOffset - failing.length);
  const incompleteShown = Math.max(0, windowEnd - Math.max(listOffset, failing.length));
  return (
    <Box flexDirection="column" width={width} rowGap={1}>
      <ResultHeader report={report} width={width} />
      {editing || isFiltered(filter) ? (
        <FilterBar filter={filter} choices={filterChoices(report)} accountNames={names} {...(editing ? {active: editing} : {})} />
      ) : null}
      {listOffset < failing.length || incomplete.length === 0 ? (
        <FailingRulesTable groups={failing} width={width} selected={cursor} offset={Math.min(listOffset, failing.length)} limit={failingShown} />
      ) : null}
      {incomplete.length && incompleteShown > 0 ? (
        <IncompleteTable
          groups={incomplete}
          width={width}
          selected={cursor - failing.length}
          offset={incompleteOffset}
          limit={incompleteShown}
          advice={false}
        />
      ) : null}
      <KeyHelp>{editing ? '←/→ change · ↑/↓ field · Enter done · x clear' : `↑/↓ move · Enter open · f filter${org ? ' · a accounts' : ''} · q quit`}</KeyHelp>
    </Box>
  );
}

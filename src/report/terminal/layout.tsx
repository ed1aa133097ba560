/**
 * Table primitives shared by the report components: fixed-width columns with one flexible column, the selection
 * marker, and the "N above / N more" lines of a windowed list.
 */
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {Paint} from './style.js';
import {formatCount, wrapWords} from './text.js';

export interface Cell {
  key: string;
  content: ReactNode;
  /** Fixed width; a cell without one takes the space left. */
  width?: number;
  align?: 'left' | 'right';
  wrap?: 'truncate-end' | 'truncate-middle' | 'wrap';
}

/** Returns the width left for the flexible cell of a row. */
export function flexibleWidth(cells: Cell[], width: number, marker: boolean): number {
  const fixed = cells.reduce((n, c) => n + (c.width ?? 0), 0);
  return width - fixed - (cells.length - 1) - (marker ? 2 : 0);
}

/** Renders one table row; cells are separated by one space. */
export function Row({cells, width, selected}: {cells: Cell[]; width: number; selected?: boolean}) {
  const flexible = flexibleWidth(cells, width, selected !== undefined);
  return (
    <Box width={width} columnGap={1}>
      {selected === undefined ? null : (
        <Box width={1} flexShrink={0}>
          <Text>
            <Paint bold color="cyan">
              {selected ? '›' : ' '}
            </Paint>
          </Text>
        </Box>
      )}
      {cells.map((c) => (
        <Box
          key={c.key}
          {...(c.width === undefined ? {flexGrow: 1, flexShrink: 1, flexBasis: 0} : {width: c.width, flexShrink: 0})}
          justifyContent={c.align === 'right' ? 'flex-end' : 'flex-start'}
        >
          <Text wrap={c.wrap ?? 'truncate-end'}>
            <Paint inverse={selected === true}>
              {c.wrap === 'wrap' && typeof c.content === 'string' ? wrapWords(c.content, c.width ?? flexible) : c.content}
            </Paint>
          </Text>
        </Box>
      ))}
    </Box>
  );
}

/** Renders the column titles of a table. */
export function HeaderRow({cells, width, marker}: {cells: Cell[]; width: number; marker?: boolean}) {
  return (
    <Row
      width={width}
      {...(marker ? {selected: false} : {})}
      cells={cells.map((c) => ({...c, content: <Paint dim>{c.content}</Paint>}))}
    />
  );
}

/** Renders a section title: bold, with a count. */
export function SectionTitle({children, count}: {children: ReactNode; count?: number}) {
  return (
    <Text>
      <Paint bold>{children}</Paint>
      {count === undefined ? '' : ` (${formatCount(count)})`}
    </Text>
  );
}

/** Renders `↑ 3 above` when a windowed list does not start at its top. */
export function Above({count, indent = 2}: {count: number; indent?: number}) {
  if (count <= 0) return null;
  return (
    <Text>
      {' '.repeat(indent)}
      <Paint dim>↑ {formatCount(count)} above</Paint>
    </Text>
  );
}

/** Renders `… 12 more rules` when a list is cut. */
export function More({count, what, indent = 2}: {count: number; what: string; indent?: number}) {
  if (count <= 0) return null;
  return (
    <Text>
      {' '.repeat(indent)}
      <Paint dim>
        … {formatCount(count)} more {what}
      </Paint>
    </Text>
  );
}

/** Returns the first row to show so that `selected` stays visible in a window of `size` rows, scrolling as little as it can. */
export function scrollOffset(previous: number, selected: number, size: number, total: number): number {
  const max = Math.max(0, total - size);
  let offset = Math.min(previous, max);
  if (selected < offset) offset = selected;
  if (selected >= offset + size) offset = selected - size + 1;
  return Math.max(0, Math.min(offset, max));
}

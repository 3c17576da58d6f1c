import { Table, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Column<Row> {
  /** The column's header, and each cell's label when the table is stacked on a phone. */
  label: string;
  cell: (row: Row) => ReactNode;
  /** Makes the column sortable (with `sort` and `onSort` on the table): the value rows are ordered by. */
  sortValue?: (row: Row) => number | string | null | undefined;
}

/** The column a table is sorted by (its label) and the direction. */
export interface SortState {
  column: string;
  descending: boolean;
}

interface Props<Row> {
  /** The table's accessible name. */
  label: string;
  rows: readonly Row[];
  /** A column shown only to some users is given as `false` for the others. */
  columns: readonly (Column<Row> | false)[];
  rowKey: (row: Row) => string;
  testId?: string;
  /** Attributes of a row's `<tr>` (`data-testid`, `data-state`, …). */
  rowProps?: (row: Row) => Record<string, string | number | boolean | undefined>;
  /**
   * A click anywhere on a row (a mouse's shortcut: the row must also hold a button or link doing the same, for the
   * keyboard and screen readers).
   */
  onRowClick?: (row: Row) => void;
  /** Rows shown first whatever the order (a national total above the companies). */
  pinnedRows?: readonly Row[];
  /** Sortable tables: the current order, and what a click on a sortable header asks for. */
  sort?: SortState | null;
  onSort?: (column: string) => void;
  /** Words read after a sortable header's name (e.g. «مرتب‌سازی»). */
  sortHint?: string;
  /**
   * A wide table (a dozen figures a row): at desk width it scrolls inside its own box when the words do not fit
   * (English is longer), never the page; on a phone it is stacked as ever.
   */
  wide?: boolean;
}

/**
 * Rows in the order of a sortable column; blank values last whichever the direction, ties in their given order.
 */
export function sortRows<Row>(
  rows: readonly Row[],
  columns: readonly (Column<Row> | false)[],
  sort: SortState | null | undefined,
): Row[] {
  const column = sort ? columns.find((c): c is Column<Row> => c !== false && c.label === sort.column) : undefined;
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const blankA = a.key == null || a.key === '';
      const blankB = b.key == null || b.key === '';
      if (blankA || blankB) return blankA === blankB ? a.index - b.index : blankA ? 1 : -1;
      const order =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : String(a.key).localeCompare(String(b.key), 'fa');
      return (sort.descending ? -order : order) || a.index - b.index;
    })
    .map((entry) => entry.row);
}

/** The next order after a click on a column's header: ascending first, then descending. */
export function nextSort(current: SortState | null | undefined, column: string): SortState {
  return current?.column === column ? { column, descending: !current.descending } : { column, descending: false };
}

/**
 * A table that never scrolls sideways: at desk width a plain table, on a phone (`.stacked-table`, below 48em) each
 * row a card of label: value lines. The explicit table roles keep it a table for screen readers once the CSS has
 * changed how it is displayed. With `sort`/`onSort`, the sortable headers are buttons and carry `aria-sort`.
 */
export function DataTable<Row>({
  label,
  rows,
  columns,
  rowKey,
  testId,
  rowProps,
  onRowClick,
  pinnedRows = [],
  sort,
  onSort,
  sortHint,
  wide = false,
}: Props<Row>) {
  const shown = columns.filter((c): c is Column<Row> => c !== false);
  const ordered = onSort ? sortRows(rows, shown, sort) : rows;
  const renderRow = (row: Row, pinned: boolean) => (
    <Table.Tr
      key={rowKey(row)}
      role="row"
      data-pinned={pinned || undefined}
      onClick={onRowClick ? () => onRowClick(row) : undefined}
      style={onRowClick ? { cursor: 'pointer' } : undefined}
      {...rowProps?.(row)}
    >
      {shown.map((c) => (
        <Table.Td key={c.label} role="cell" data-label={c.label}>
          {c.cell(row)}
        </Table.Td>
      ))}
    </Table.Tr>
  );
  const table = (
    <Table striped className="stacked-table" role="table" aria-label={label} data-testid={testId}>
      <Table.Thead role="rowgroup">
        <Table.Tr role="row">
          {shown.map((c) => {
            const sortable = Boolean(onSort && c.sortValue);
            const active = sortable && sort?.column === c.label;
            return (
              <Table.Th
                key={c.label}
                scope="col"
                role="columnheader"
                aria-sort={active ? (sort?.descending ? 'descending' : 'ascending') : sortable ? 'none' : undefined}
              >
                {sortable ? (
                  <UnstyledButton
                    className="sort-button"
                    fw={700}
                    fz="sm"
                    onClick={() => onSort?.(c.label)}
                    data-testid={`sort-${c.label}`}
                    aria-description={sortHint}
                  >
                    {c.label}
                    <span aria-hidden className="sort-mark">
                      {active ? (sort?.descending ? ' ▼' : ' ▲') : ' ↕'}
                    </span>
                  </UnstyledButton>
                ) : (
                  c.label
                )}
              </Table.Th>
            );
          })}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody role="rowgroup">
        {pinnedRows.map((row) => renderRow(row, true))}
        {ordered.map((row) => renderRow(row, false))}
      </Table.Tbody>
    </Table>
  );
  return wide ? <div className="wide-table">{table}</div> : table;
}

import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Column<Row> {
  /** The column's header, and each cell's label when the table is stacked on a phone. */
  label: string;
  cell: (row: Row) => ReactNode;
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
}

/**
 * A table that never scrolls sideways: at desk width a plain table, on a phone (`.stacked-table`, below 48em) each
 * row a card of label: value lines. The explicit table roles keep it a table for screen readers once the CSS has
 * changed how it is displayed.
 */
export function DataTable<Row>({ label, rows, columns, rowKey, testId, rowProps }: Props<Row>) {
  const shown = columns.filter((c): c is Column<Row> => c !== false);
  return (
    <Table striped className="stacked-table" role="table" aria-label={label} data-testid={testId}>
      <Table.Thead role="rowgroup">
        <Table.Tr role="row">
          {shown.map((c) => (
            <Table.Th key={c.label} scope="col" role="columnheader">
              {c.label}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody role="rowgroup">
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)} role="row" {...rowProps?.(row)}>
            {shown.map((c) => (
              <Table.Td key={c.label} role="cell" data-label={c.label}>
                {c.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

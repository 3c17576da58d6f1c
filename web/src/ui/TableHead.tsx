import { Table } from '@mantine/core';

/**
 * A table's header row: one `<th scope="col">` per column, so screen readers announce each cell with its column.
 * A column shown only to some users is given as `false` for the others.
 */
export function TableHead({ columns }: { columns: readonly (string | false)[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column) =>
          column === false ? null : (
            <Table.Th key={column} scope="col">
              {column}
            </Table.Th>
          ),
        )}
      </Table.Tr>
    </Table.Thead>
  );
}

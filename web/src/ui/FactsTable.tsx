import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A record's facts as a two-column table: each row's name (a row header) and its value, long values wrapping. */
export function FactsTable({ rows, testId }: { rows: readonly [string, ReactNode][]; testId: string }) {
  return (
    <Table data-testid={testId}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w="38%">
              {label}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

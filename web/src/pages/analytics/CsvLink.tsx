import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { type ExportTable, exportUrl } from '../../api/analytics';

/** A plain download link to an analytics table as CSV, with the same filters as the figure. */
export function CsvLink({
  table,
  query,
  label,
}: {
  table: ExportTable;
  query: Record<string, string | number | undefined>;
  label?: string;
}) {
  return (
    <Button
      component="a"
      href={exportUrl(table, query)}
      download={`${table}.csv`}
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} aria-hidden />}
      aria-label={label}
    >
      CSV
    </Button>
  );
}

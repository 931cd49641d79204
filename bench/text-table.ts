// A plain, aligned text table: readable in a terminal and pasteable into notes as-is.

export interface Column<Row> {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
  cell(row: Row): string;
}

export function formatTable<Row>(columns: Column<Row>[], rows: Row[]): string {
  const cells = rows.map((row) => columns.map((c) => c.cell(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'left' ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}

/** Fixed decimals, or '-' for a figure that could not be measured. */
export function fixed(value: number, decimals: number): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : '-';
}

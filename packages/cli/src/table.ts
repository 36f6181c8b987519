/** Rows of `label = value`, the `=` signs aligned: the grad table and the check reports. */
export function alignedRows(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([label]) => [...label].length));
  return rows
    .map(([label, value]) => `${label}${' '.repeat(width - [...label].length)} = ${value}`)
    .join('\n');
}

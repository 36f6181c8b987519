/**
 * A report as text: a heading, an aligned table with the lecture's columns, and one sentence per
 * row. This is what `ddx check` prints.
 */
import { formatNumber } from './numbers.js';
import type { CheckReport, CheckRow } from './report-types.js';
import type { Method } from './tolerance.js';

const methodNames: { readonly [M in Method]: string } = {
  forward: 'forward differences',
  central: 'central differences',
  dual: 'dual numbers',
};

interface Column {
  readonly title: string;
  readonly cell: (row: CheckRow) => string;
  /** Numbers align right, words left. */
  readonly numeric: boolean;
}

const number =
  (pick: (row: CheckRow) => number, digits = 10) =>
  (row: CheckRow): string =>
    formatNumber(pick(row), digits);

function columnsFor(report: CheckReport): Column[] {
  const results = new Set(report.rows.map((row) => row.result));
  const columns: (Column | false)[] = [
    results.size > 1 && { title: 'result', cell: (row) => row.result, numeric: false },
    { title: 'parameter', cell: (row) => row.parameter, numeric: false },
    { title: 'w', cell: number((row) => row.at), numeric: true },
    { title: 'ε', cell: number((row) => row.eps, 4), numeric: true },
    { title: 'J(w)', cell: number((row) => row.value), numeric: true },
    { title: 'J(w+ε)', cell: number((row) => row.valuePlus), numeric: true },
    report.method !== 'forward' && {
      title: 'J(w-ε)',
      cell: number((row) => row.valueMinus),
      numeric: true,
    },
    { title: 'k', cell: number((row) => row.numeric), numeric: true },
    { title: 'symbolic', cell: number((row) => row.symbolic), numeric: true },
    { title: 'abs error', cell: number((row) => row.absoluteError, 3), numeric: true },
    { title: 'rel error', cell: number((row) => row.relativeError, 3), numeric: true },
    { title: 'verdict', cell: (row) => row.verdict, numeric: false },
  ];
  return columns.filter((column): column is Column => column !== false);
}

function table(report: CheckReport): string[] {
  const columns = columnsFor(report);
  const cells = report.rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (texts: readonly string[]) =>
    texts
      .map((text, i) => (columns[i]!.numeric ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.title)), ...cells.map(line)];
}

function heading(report: CheckReport): string {
  const point = [...report.at].map(([name, value]) => `${name} = ${formatNumber(value)}`);
  return `${report.function} at ${point.join(', ')} (${methodNames[report.method]})`;
}

function valueLine(report: CheckReport): string[] {
  if (report.value === undefined) return [];
  const { function: expected, gradient, agrees } = report.value;
  const verdict = agrees ? 'agrees' : 'MISMATCH';
  return [
    `value: ${report.function} = ${formatNumber(expected)}, the gradient's value = ${formatNumber(gradient)} (${verdict})`,
  ];
}

function summary(report: CheckReport): string {
  const counts = new Map<string, number>();
  for (const row of report.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
  const parts = [...counts].map(([verdict, count]) => `${count} ${verdict}`);
  return `${report.passed ? 'passed' : 'FAILED'}: ${parts.join(', ')}`;
}

/** The report as a small aligned table followed by one sentence per row. */
export function formatReport(report: CheckReport): string {
  return [
    heading(report),
    ...valueLine(report),
    '',
    ...table(report),
    '',
    ...report.rows.map((row) => row.sentence),
    '',
    summary(report),
  ].join('\n');
}

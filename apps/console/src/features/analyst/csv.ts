import type { Row, Section } from './types';

/** A cell a spreadsheet would run as a formula if it began so (OWASP): written with a leading apostrophe. */
const FORMULA = /^[=+\-@\t\r＝＋－＠]/;

function textCell(text: string): string {
  const safe = FORMULA.test(text) ? `'${text}` : text;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number as Finnish Excel reads it: no grouping, a decimal comma; never quoted, so it stays a number. */
export function excelFiNumber(value: number, decimals = 0): string {
  return value.toFixed(decimals).replace('.', ',');
}

function valueCell(row: Pick<Row, 'value' | 'decimals' | 'missing'>, words: CsvWords): string {
  if (row.missing) return textCell(words.missing);
  return row.value === null ? textCell(words.suppressed) : excelFiNumber(row.value, row.decimals ?? 0);
}

/** The words the CSV writes instead of a number: suppressed (the API's answer), missing (no answer), and the total's label. */
export interface CsvWords {
  suppressed: string;
  missing: string;
  total: string;
}

/**
 * The dashboard's numbers as a CSV that Finnish Excel opens by double-click: UTF-8 with a byte-order mark (or Excel
 * reads it as Windows-1252), semicolons (Finnish Excel's list separator, as the comma is the decimal sign), a
 * decimal comma, CRLF lines. A suppressed value is written as the word for it, never as 0 or empty; a value the
 * dashboard has not got (loading, failed) as the word for that, never as suppressed (the dashboard offers no download then).
 */
export function excelFiCsv(
  head: { columns: [string, string, string]; lines: Array<[string, string]> },
  sections: Section[],
  words: CsvWords,
): string {
  const lines: string[] = [head.columns.map(textCell).join(';')];
  for (const [name, value] of head.lines) lines.push([textCell(name), '', textCell(value)].join(';'));
  for (const section of sections) {
    for (const row of section.rows) lines.push([textCell(section.title), textCell(row.label), valueCell(row, words)].join(';'));
    if (section.total !== undefined)
      lines.push([textCell(section.title), textCell(words.total), valueCell({ value: section.total }, words)].join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Hands a text the console made to the browser as a file. */
export function saveText(text: string, filename: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

import type { QualityRow } from './quality-row.js';

function ratio(value: number, digits: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(digits);
}

/** The rows as a markdown table, in the order given. */
export function qualityTable(rows: readonly QualityRow[]): string[] {
  const lines = ['| group | detector | series | outbreaks | FPR | POD | sensitivity | mean delay |', '|---|---|--:|--:|--:|--:|--:|--:|'];
  for (const row of rows) {
    const delay = row.meanDelay === null ? '-' : row.meanDelay.toFixed(2);
    lines.push(
      `| ${row.group} | ${row.detector} | ${row.series} | ${row.outbreaks} | ${ratio(row.fpr, 4)} | ${ratio(row.pod, 3)} | ${ratio(row.sensitivity, 3)} | ${delay} |`,
    );
  }
  return lines;
}

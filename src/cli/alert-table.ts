import type { Alert } from '../domain/alert.js';

const COLUMNS = ['severity', 'window', 'region', 'series', 'obs', 'exp', 'upper', 'votes', 'terms'] as const;

/** Top terms shown per alert row; the record has up to `alerting.topTerms`. */
const TABLE_TERMS = 3;

function cell(alert: Alert, column: (typeof COLUMNS)[number]): string {
  switch (column) {
    case 'severity':
      return alert.severity;
    case 'window':
      return alert.granularity === 'hour' ? alert.window.start.slice(0, 16).replace('T', ' ') : alert.window.start.slice(0, 10);
    case 'region':
      return `${alert.region.name} ${alert.region.code}`;
    case 'series':
      return `${alert.stream}/${alert.category}/${alert.granularity}`;
    case 'obs':
      return String(alert.observed);
    case 'exp':
      return alert.expected === null ? '-' : alert.expected.toFixed(1);
    case 'upper':
      return alert.upper === null ? '-' : alert.upper.toFixed(1);
    case 'votes':
      return alert.votes.join(',');
    case 'terms':
      return alert.topTerms
        .slice(0, TABLE_TERMS)
        .map((t) => `${t.term}(${t.count})`)
        .join(' ');
  }
}

/** Display width: CJK characters take two terminal columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** A plain-text table of alerts, aligned for a terminal with Chinese region names. */
export function formatAlertTable(alerts: readonly Alert[]): string {
  const rows = alerts.map((a) => COLUMNS.map((c) => cell(a, c)));
  const widths = COLUMNS.map((c, i) => Math.max(width(c), ...rows.map((r) => width(r[i]!))));
  const line = (cells: readonly string[]) => cells.map((text, i) => text + ' '.repeat(widths[i]! - width(text))).join('  ').trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}

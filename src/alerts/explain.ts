import type { TermCount } from '../domain/alert.js';
import type { Granularity } from '../domain/granularity.js';
import { formatLocalIso } from '../domain/local-time.js';

export interface ExplanationFacts {
  readonly regionName: string;
  readonly regionCode: string;
  readonly categoryName: string;
  readonly stream: string;
  readonly granularity: Granularity;
  readonly windowStart: number;
  readonly offsetMinutes: number;
  readonly observed: number;
  readonly expected: number | null;
  readonly upper: number | null;
  readonly votes: readonly string[];
  readonly detectorCount: number;
  readonly historyWindows: number;
  /** Surprising text terms of the window, strongest first (may be empty). */
  readonly topTerms: readonly TermCount[];
}

const STREAM_NOUN: Readonly<Record<string, string>> = { hotline: 'complaints', dispute: 'disputes', cases: 'cases' };

/** Local label of a window: "2026-05-01" for days, "week of 2026-04-27", "2026-05-01 09:00". */
export function windowLabel(start: number, granularity: Granularity, offsetMinutes: number): string {
  const iso = formatLocalIso(start, offsetMinutes);
  if (granularity === 'hour') return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (granularity === 'week') return `week of ${iso.slice(0, 10)}`;
  return iso.slice(0, 10);
}

function num(value: number | null): string {
  if (value === null) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** One sentence an analyst can read without the numbers table. */
export function explainFiring(facts: ExplanationFacts): string {
  const noun = STREAM_NOUN[facts.stream] ?? 'events';
  return (
    `${facts.regionName} (${facts.regionCode}) ${facts.categoryName} ${noun}: ${facts.observed} in ${facts.granularity} ` +
    `${windowLabel(facts.windowStart, facts.granularity, facts.offsetMinutes)}, expected ${num(facts.expected)} ` +
    `(upper bound ${num(facts.upper)}); ${facts.votes.length} of ${facts.detectorCount} detectors fired ` +
    `(${facts.votes.join(', ')}) on ${facts.historyWindows} windows of history.` +
    termsClause(facts.topTerms)
  );
}

/** " Top terms: 拖欠工资 6 texts (expected 0.5), wifi 3 texts." or "" without terms. */
function termsClause(terms: readonly TermCount[]): string {
  if (terms.length === 0) return '';
  const items = terms.map((t) => `${t.term} ${t.count} text${t.count === 1 ? '' : 's'}${t.baseline === undefined ? '' : ` (expected ${num(t.baseline)})`}`);
  return ` Top terms: ${items.join(', ')}.`;
}

export function explainResolved(facts: ExplanationFacts, openedStart: number, quietWindows: number): string {
  const noun = STREAM_NOUN[facts.stream] ?? 'events';
  return (
    `${facts.regionName} (${facts.regionCode}) ${facts.categoryName} ${noun} back within bounds: ${facts.observed} in ` +
    `${windowLabel(facts.windowStart, facts.granularity, facts.offsetMinutes)}, expected ${num(facts.expected)}; ` +
    `resolved after ${quietWindows} quiet windows, open since ${windowLabel(openedStart, facts.granularity, facts.offsetMinutes)}.`
  );
}

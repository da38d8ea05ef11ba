import { type TermKey, termKey } from '../src/text/term-keys.js';

/**
 * Where each term of a term_burst state sits in its arrays: the state's term keys sorted, with
 * their positions, searched by bisection. Two small arrays (a bigram key is a Smi) hold 200 terms
 * in about 1.6 KiB, where a Map took about 4 KiB per series; a lookup is 8 comparisons.
 * Order: numbers (CJK bigrams) by value, then strings (Latin words) in code-unit order.
 */
export interface TermPositions {
  readonly sorted: TermKey[];
  /** positions[j] is the index in the state's arrays of the term sorted[j]. */
  readonly positions: number[];
}

export function termPositions(terms: readonly string[]): TermPositions {
  const keyed = terms.map((term, i) => ({ key: termKey(term), i })).sort((a, b) => compareKeys(a.key, b.key));
  return { sorted: keyed.map((k) => k.key), positions: keyed.map((k) => k.i) };
}

/** The position of `key`, or -1. */
export function positionOf(index: TermPositions, key: TermKey): number {
  const j = slotOf(index.sorted, key);
  return j >= 0 ? index.positions[j]! : -1;
}

/** Adds `key` at `position`; a key already in the index keeps its first position. */
export function addPosition(index: TermPositions, key: TermKey, position: number): void {
  const slot = slotOf(index.sorted, key);
  if (slot >= 0) return;
  const j = -slot - 1;
  index.sorted.splice(j, 0, key);
  index.positions.splice(j, 0, position);
}

/** The slot of `key` in `sorted`, or -(insertion point) - 1 when absent. */
function slotOf(sorted: readonly TermKey[], key: TermKey): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = compareKeys(sorted[mid]!, key);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

function compareKeys(a: TermKey, b: TermKey): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

import { type TermKey, termKey } from '../src/text/term-keys.js';

/**
 * Where each term of a term_burst state sits: the positions of `terms` sorted by term key, in
 * an Int32Array searched by bisection (the key of a position is read back from its term text).
 * 4 bytes per term, where a Map took about 20 and sorted keys plus positions 16 (Node keeps
 * 8-byte tagged slots); a lookup is about 8 comparisons of two-character strings.
 * Order: numbers (CJK bigrams) by value, then strings (Latin words) in code-unit order.
 */
export type TermOrder = Int32Array;

export function termOrder(terms: readonly string[]): TermOrder {
  return withTerms(new Int32Array(0), terms, 0);
}

/** The position in `terms` of the term with `key`, or -1. `order` must describe exactly `terms`. */
export function positionOf(order: TermOrder, terms: readonly string[], key: TermKey): number {
  const j = slotOf(order, terms, key);
  return j >= 0 ? order[j]! : -1;
}

/** `order` of terms[0, from) extended by the terms at positions from and after. */
export function withTerms(order: TermOrder, terms: readonly string[], from: number): TermOrder {
  const added: number[] = [];
  for (let p = from; p < terms.length; p++) added.push(p);
  if (added.length === 0) return order;
  const keyAt = (position: number): TermKey => termKey(terms[position]!);
  added.sort((a, b) => compareKeys(keyAt(a), keyAt(b)) || a - b);
  // Merge: the new terms are few, the old ones are already in order.
  const out = new Int32Array(order.length + added.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    const takeOld = j >= added.length || (i < order.length && compareKeys(keyAt(order[i]!), keyAt(added[j]!)) <= 0);
    out[k] = takeOld ? order[i++]! : added[j++]!;
  }
  return out;
}

/** The slot of `key` in `order`, or -1. */
function slotOf(order: TermOrder, terms: readonly string[], key: TermKey): number {
  let lo = 0;
  let hi = order.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(termKey(terms[order[mid]!]!), key);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function compareKeys(a: TermKey, b: TermKey): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

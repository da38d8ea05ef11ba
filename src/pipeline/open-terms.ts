import { type TermKey, termKey, termText } from '../text/term-keys.js';

/**
 * Term counts of a series' open windows: index 0 is the window starting at its clock's
 * `closedUpTo`, like `SeriesState.open`. Only series that run a term detector have one; a slot
 * stays undefined until a text lands in its window.
 */
export type OpenTerms = (Map<TermKey, number> | undefined)[];

/** The JSON form in a snapshot: [term text, count] pairs per open window (null for a window without text). */
export type OpenTermsSnapshot = ([string, number][] | null)[];

const NO_TERMS: ReadonlyMap<TermKey, number> = new Map();

/** Adds one text's distinct terms to the open window at `offset`. */
export function countTerms(open: OpenTerms, offset: number, terms: readonly TermKey[]): void {
  if (terms.length === 0) return;
  while (open.length <= offset) open.push(undefined);
  let counts = open[offset];
  if (counts === undefined) {
    counts = new Map();
    open[offset] = counts;
  }
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
}

/** Removes and returns the term counts of the oldest open window (the one closing). */
export function takeClosingTerms(open: OpenTerms | null): ReadonlyMap<TermKey, number> {
  if (open === null || open.length === 0) return NO_TERMS;
  return open.shift() ?? NO_TERMS;
}

export function snapshotOpenTerms(open: OpenTerms | null): OpenTermsSnapshot | null {
  return open === null ? null : open.map((counts) => (counts === undefined ? null : Array.from(counts, ([key, count]): [string, number] => [termText(key), count])));
}

/** Rebuilds open term counts from a snapshot; `into` is the series' (empty) array, kept by reference. */
export function restoreOpenTerms(into: OpenTerms | null, saved: OpenTermsSnapshot | null | undefined): void {
  if (into === null) return;
  into.length = 0;
  for (const counts of saved ?? []) into.push(counts === null ? undefined : new Map(counts.map(([term, count]) => [termKey(term), count])));
}

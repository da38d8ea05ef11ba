import type { TermCount } from '../domain/alert.js';
import type { Verdict } from '../pipeline/score-window.js';
import { nameTerms } from '../text/name-terms.js';
import { type TermKey, countsByText } from '../text/term-keys.js';

/**
 * The alert's `topTerms`: the surprising terms the term detectors of the window reported,
 * named as words or phrases (src/text/name-terms.ts), at most `limit`. Naming segments text, so
 * it runs here, once per alert record, and never on windows that raise nothing.
 */
export function alertTopTerms(verdicts: readonly Verdict[], windowTerms: ReadonlyMap<TermKey, number>, limit: number): TermCount[] {
  if (limit === 0) return [];
  const signals = verdicts.flatMap((v) => v.score.topTerms ?? []);
  if (signals.length === 0) return [];
  return nameTerms(signals, countsByText(windowTerms), limit).map((t) => ({ term: t.term, count: t.count, baseline: Math.round(t.baseline * 1000) / 1000 }));
}

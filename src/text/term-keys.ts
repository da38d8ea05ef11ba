/**
 * Terms as map keys that cost no allocation: a CJK bigram is one small integer (a V8 Smi), a
 * Latin word stays its lowercase string. Counting and baseline lookups hash integers instead of
 * slicing a two-character string per bigram; the text of a bigram is made only when a term is
 * stored in detector state, reported or named.
 *
 * Han characters (the three blocks of `isHan`, 28,096 code points) are numbered densely, so a
 * bigram key h1 x 28,096 + h2 stays below 2^30, inside the Smi range.
 */
export type TermKey = number | string;

const MAIN = 0x4e00; // CJK Unified Ideographs 0x4e00-0x9fff
const MAIN_SIZE = 0x9fff - 0x4e00 + 1;
const EXT_A = 0x3400; // Extension A 0x3400-0x4dbf
const EXT_A_SIZE = 0x4dbf - 0x3400 + 1;
const COMPAT = 0xf900; // Compatibility Ideographs 0xf900-0xfaff
const COMPAT_SIZE = 0xfaff - 0xf900 + 1;
export const HAN_COUNT = MAIN_SIZE + EXT_A_SIZE + COMPAT_SIZE;

/** CJK Unified Ideographs, Extension A and the compatibility block (all in the BMP). */
export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

/** Dense number of a Han code unit (isHan must hold). */
export function hanIndex(code: number): number {
  if (code >= MAIN && code < MAIN + MAIN_SIZE) return code - MAIN;
  if (code < MAIN) return MAIN_SIZE + (code - EXT_A);
  return MAIN_SIZE + EXT_A_SIZE + (code - COMPAT);
}

function hanCode(index: number): number {
  if (index < MAIN_SIZE) return MAIN + index;
  if (index < MAIN_SIZE + EXT_A_SIZE) return EXT_A + index - MAIN_SIZE;
  return COMPAT + index - MAIN_SIZE - EXT_A_SIZE;
}

/** The key of the bigram of two Han code units. */
export function bigramKey(first: number, second: number): number {
  return hanIndex(first) * HAN_COUNT + hanIndex(second);
}

/** The key of a term given as text: a two-Han-character string becomes its number, anything else stays. */
export function termKey(term: string): TermKey {
  if (term.length !== 2) return term;
  const first = term.charCodeAt(0);
  const second = term.charCodeAt(1);
  return isHan(first) && isHan(second) ? bigramKey(first, second) : term;
}

/**
 * Bigram texts made so far, so that the series keeping the same term share one string (detector
 * state holds up to maxTerms terms per series). Cleared when full: it only saves memory.
 */
const bigramTexts = new Map<number, string>();
const MAX_CACHED_TEXTS = 1 << 16;

/** The text of a term key. */
export function termText(key: TermKey): string {
  if (typeof key === 'string') return key;
  let text = bigramTexts.get(key);
  if (text === undefined) {
    const first = Math.floor(key / HAN_COUNT);
    text = String.fromCharCode(hanCode(first), hanCode(key - first * HAN_COUNT));
    if (bigramTexts.size >= MAX_CACHED_TEXTS) bigramTexts.clear();
    bigramTexts.set(key, text);
  }
  return text;
}

/** Term counts keyed by text, for code that reads terms as words (naming, snapshots, tests). */
export function countsByText(counts: ReadonlyMap<TermKey, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, count] of counts) out.set(termText(key), count);
  return out;
}

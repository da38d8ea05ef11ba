import { isChineseStopCodes, isLatinStopword } from './stopwords.js';
import { type TermKey, bigramKey, isHan, termText } from './term-keys.js';

/**
 * The terms of one text, as a term-burst detector counts them: every character bigram of each
 * run of Chinese characters, and every Latin/digit word lowercased, each term once per text
 * (so counts are "texts containing the term"). Punctuation, spaces, emoji and other symbols end a
 * run and never form terms; stopword bigrams and words are skipped. No word segmentation here:
 * Intl.Segmenter is about ten times slower than decoding the record, so segmentation only names
 * the terms of a burst (see name-terms.ts). Bigrams come out as numeric keys (term-keys.ts), so
 * splitting a text makes no string per bigram; `textTerms` gives the same terms as text.
 *
 * A Latin word is kept when it has a letter, 2 to 24 characters and at most 3 digits, so phone,
 * order and id numbers do not flood the vocabulary ("wifi", "pm2", "app" stay).
 */
export function textTermKeys(text: string): TermKey[] {
  const terms: TermKey[] = [];
  let seen: Set<TermKey> | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (isHan(code)) {
      let end = i + 1;
      while (end < n && isHan(text.charCodeAt(end))) end++;
      for (let k = i; k + 1 < end; k++) {
        const first = text.charCodeAt(k);
        const second = text.charCodeAt(k + 1);
        if (!isChineseStopCodes(first, second)) seen = add(terms, seen, bigramKey(first, second));
      }
      i = end;
    } else if (latinKind(code) !== NOT_LATIN) {
      let end = i;
      let letters = 0;
      let digits = 0;
      let fullWidth = false;
      for (; end < n; end++) {
        const kind = latinKind(text.charCodeAt(end));
        if (kind === NOT_LATIN) break;
        if (kind === DIGIT || kind === WIDE_DIGIT) digits++;
        else letters++;
        if (kind === WIDE_LETTER || kind === WIDE_DIGIT) fullWidth = true;
      }
      const length = end - i;
      if (letters > 0 && digits <= MAX_WORD_DIGITS && length >= 2 && length <= MAX_WORD_LENGTH) {
        const raw = text.slice(i, end);
        const word = (fullWidth ? narrow(raw) : raw).toLowerCase();
        if (!isLatinStopword(word)) seen = add(terms, seen, word);
      }
      i = end;
    } else {
      i++;
    }
  }
  return terms;
}

/** The terms of one text as text (see textTermKeys). */
export function textTerms(text: string): string[] {
  return textTermKeys(text).map(termText);
}

const MAX_WORD_LENGTH = 24;
const MAX_WORD_DIGITS = 3;

/**
 * Most texts are short: a linear scan for duplicates beats hashing every bigram into a set. Past
 * SCAN_LIMIT terms (a long text; records allow 10,000 characters) a set takes over, so the cost
 * stays linear in the text length.
 */
const SCAN_LIMIT = 48;

function add(terms: TermKey[], seen: Set<TermKey> | undefined, term: TermKey): Set<TermKey> | undefined {
  if (seen !== undefined) {
    if (!seen.has(term)) {
      seen.add(term);
      terms.push(term);
    }
    return seen;
  }
  if (terms.includes(term)) return undefined;
  terms.push(term);
  return terms.length > SCAN_LIMIT ? new Set(terms) : undefined;
}

const NOT_LATIN = 0;
const LETTER = 1;
const DIGIT = 2;
const WIDE_LETTER = 3;
const WIDE_DIGIT = 4;

/** ASCII letters and digits, and their full-width forms (Ａ-Ｚ, ａ-ｚ, ０-９) common in Chinese input. */
function latinKind(code: number): number {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return LETTER;
  if (code >= 0x30 && code <= 0x39) return DIGIT;
  if ((code >= 0xff41 && code <= 0xff5a) || (code >= 0xff21 && code <= 0xff3a)) return WIDE_LETTER;
  if (code >= 0xff10 && code <= 0xff19) return WIDE_DIGIT;
  return NOT_LATIN;
}

function narrow(word: string): string {
  let out = '';
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    out += String.fromCharCode(code >= 0xff10 ? code - 0xfee0 : code);
  }
  return out;
}

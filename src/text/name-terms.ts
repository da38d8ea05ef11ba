import type { TermSignal } from '../domain/score.js';
import { isChineseStopBigram } from './stopwords.js';

/** A named term of a burst: a word or phrase, with the count and baseline of its strongest n-gram. */
export interface NamedTerm {
  readonly term: string;
  readonly count: number;
  readonly baseline: number;
}

/** Characters a span may grow by on each side to complete a word cut by the bigrams. */
const CONTEXT_CHARS = 2;

/**
 * Single characters that, as a word of their own at either end of a name, are grammar or
 * position rather than topic (节前|华威烧腊店|卖 -> 华威烧腊店): trimmed. Other single characters
 * stay (二|房东 -> 二房东).
 */
const EDGE_FUNCTION_CHARS = new Set('前后在把被给和与到从对向说是有人个里上下中地得也都就还又很卖买吃要去来让等每各该这那其此及并或而但才已将会能可不没'.split(''));

let segmenter: Intl.Segmenter | undefined;

/** Word segments of a short Chinese span (Intl.Segmenter, locale zh). Created on first use. */
export function segmentWords(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * Names the bursting terms of a window for analysts. Character bigrams are cheap to count but
 * are not words, so only here, for the few terms of a burst, the text is segmented:
 * 1. bursting bigrams that overlap (板跑 + 跑路) merge into a span, longest chains first;
 * 2. the span grows by up to two characters each side through bigrams of the same window that
 *    appear at least as often as its weakest bigram (they follow it in the texts), so a word cut
 *    by the bigrams can be completed (欠工 -> 拖欠工资);
 * 3. the grown span is segmented with Intl.Segmenter('zh') and the name is the run of words that
 *    overlap the bursting part (拖欠|工资 -> 拖欠工资; 老板跑路 stays whole).
 * Latin words are names already. Each name reports the count and baseline of its least frequent
 * bursting bigram (a lower bound on texts with the whole phrase). `bursting` is strongest first;
 * names keep that order.
 */
export function nameTerms(bursting: readonly TermSignal[], windowTerms: ReadonlyMap<string, number>, limit: number): NamedTerm[] {
  const bigrams = new Map<string, TermSignal>();
  for (const signal of bursting) if (isHanBigram(signal.term)) bigrams.set(signal.term, signal);
  const used = new Set<string>();
  const named = new Map<string, NamedTerm>();
  for (const signal of bursting) {
    if (named.size >= limit) break;
    if (used.has(signal.term)) continue;
    if (!isHanBigram(signal.term)) {
      named.set(signal.term, { term: signal.term, count: signal.count, baseline: signal.baseline });
      continue;
    }
    const chain = chainThrough(signal.term, bigrams, used);
    for (const member of chain) used.add(member.term);
    const weakest = chain.reduce((a, b) => (b.count < a.count || (b.count === a.count && b.baseline > a.baseline) ? b : a));
    const core = chain.map((m) => m.term[0]).join('') + (chain[chain.length - 1]?.term[1] ?? '');
    for (const name of completeWords(core, weakest.count, windowTerms)) {
      const existing = named.get(name);
      if (existing === undefined || existing.count < weakest.count) {
        named.set(name, { term: name, count: weakest.count, baseline: weakest.baseline });
      }
    }
  }
  return [...named.values()].slice(0, limit);
}

/** The chain of bursting bigrams through `start`: back while some bigram ends where it begins, then forward. */
function chainThrough(start: string, bigrams: ReadonlyMap<string, TermSignal>, used: ReadonlySet<string>): TermSignal[] {
  const first = bigrams.get(start);
  if (first === undefined) return [];
  const chain = [first];
  const inChain = new Set([start]);
  const step = (pick: (edge: string) => TermSignal | undefined, prepend: boolean): void => {
    for (;;) {
      const edge = prepend ? chain[0]!.term[0]! : chain[chain.length - 1]!.term[1]!;
      const next = pick(edge);
      const end = prepend ? chain[0]! : chain[chain.length - 1]!;
      if (next === undefined || inChain.has(next.term) || used.has(next.term) || !sameRun(next.count, end.count)) return;
      inChain.add(next.term);
      if (prepend) chain.unshift(next);
      else chain.push(next);
    }
  };
  step((edge) => strongest([...bigrams.values()].filter((b) => b.term[1] === edge)), true);
  step((edge) => strongest([...bigrams.values()].filter((b) => b.term[0] === edge)), false);
  return chain;
}

/**
 * Overlapping bigrams belong to one phrase only if they occur about equally often (3 of 4):
 * 老板 5 + 板跑 5 + 跑路 5 chain, while 说老 3 (from 听说老板跑路 in some texts) stays out.
 */
function sameRun(a: number, b: number): boolean {
  return 4 * Math.min(a, b) >= 3 * Math.max(a, b);
}

/** Most texts first, then code-point order: deterministic. */
function strongest(candidates: readonly TermSignal[]): TermSignal | undefined {
  let best: TermSignal | undefined;
  for (const c of candidates) {
    if (best === undefined || c.count > best.count || (c.count === best.count && c.term < best.term)) best = c;
  }
  return best;
}

/** Longest name kept whole: a longer burst is a whole sentence (often a template), named by its words. */
const MAX_PHRASE = 6;

/**
 * Grows `core` by frequent neighbours, segments it and keeps the words overlapping `core`,
 * less function characters standing alone at either end. Up to MAX_PHRASE characters that is
 * one name; a longer span gives one name per word of two or more characters (runs of
 * single-character words joined: 间|群|租 -> 间群租). Empty when nothing of substance is left.
 */
function completeWords(core: string, minCount: number, windowTerms: ReadonlyMap<string, number>): string[] {
  let left = '';
  let right = '';
  for (let k = 0; k < CONTEXT_CHARS; k++) {
    const before = neighbour(windowTerms, minCount, (term) => term[1] === (left + core)[0]);
    if (before === undefined) break;
    left = before[0] + left;
  }
  for (let k = 0; k < CONTEXT_CHARS; k++) {
    const after = neighbour(windowTerms, minCount, (term) => term[0] === (core + right)[core.length + right.length - 1]);
    if (after === undefined) break;
    right += after[1];
  }
  const from = left.length;
  const to = from + core.length;
  const words: string[] = [];
  let position = 0;
  for (const word of segmentWords(left + core + right)) {
    const end = position + word.length;
    if (end > from && position < to) words.push(word);
    position = end;
  }
  while (words.length > 0 && EDGE_FUNCTION_CHARS.has(words[0]!)) words.shift();
  while (words.length > 0 && EDGE_FUNCTION_CHARS.has(words[words.length - 1]!)) words.pop();
  const phrase = words.join('');
  const names = phrase.length <= MAX_PHRASE ? [phrase] : wordsOf(words);
  return names.filter((name) => name.length >= 2 && !(name.length === 2 && isChineseStopBigram(name)));
}

/** Words of two or more characters; consecutive one-character words form one word. */
function wordsOf(words: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const word of words) {
    if (word.length === 1 && !EDGE_FUNCTION_CHARS.has(word)) {
      run += word;
      continue;
    }
    if (run !== '') out.push(run);
    run = '';
    if (word.length > 1) out.push(word);
  }
  if (run !== '') out.push(run);
  return out;
}

/** The most frequent bigram of the window matching `fits`, if it appears at least `minCount` times. */
function neighbour(windowTerms: ReadonlyMap<string, number>, minCount: number, fits: (term: string) => boolean): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [term, count] of windowTerms) {
    if (count < minCount || !isHanBigram(term) || isChineseStopBigram(term) || !fits(term)) continue;
    if (count > bestCount || (count === bestCount && best !== undefined && term < best)) {
      best = term;
      bestCount = count;
    }
  }
  return best;
}

function isHanBigram(term: string): boolean {
  return term.length === 2 && /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}$/u.test(term);
}

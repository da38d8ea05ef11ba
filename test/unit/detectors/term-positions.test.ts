import { describe, expect, it } from 'vitest';
import { positionOf, termOrder, withTerms } from '../../../detectors/term-positions.js';
import { termKey, termText } from '../../../src/text/term-keys.js';

describe('term positions', () => {
  it('finds every term of a state, bigrams and Latin words, and nothing else', () => {
    const terms = ['跑路', 'wifi', '工资', 'app', '老板', 'pm2'];
    const order = termOrder(terms);
    // Bigram keys (numbers) first by value, then words in code-unit order.
    const bigrams = ['跑路', '工资', '老板'].map(termKey).sort((a, b) => Number(a) - Number(b));
    expect(Array.from(order, (i) => terms[i])).toEqual([...bigrams.map(termText), 'app', 'pm2', 'wifi']);
    terms.forEach((term, i) => expect(positionOf(order, terms, termKey(term))).toBe(i));
    expect(positionOf(order, terms, termKey('腹泻'))).toBe(-1);
    expect(positionOf(order, terms, 'zzz')).toBe(-1);
    expect(positionOf(order, terms, 0)).toBe(-1);
    expect(positionOf(termOrder([]), [], termKey('工资'))).toBe(-1);
  });

  it('extends an order by the terms appended to a state, and shares it when none were', () => {
    const before = ['工资', 'wifi'];
    const after = [...before, '欠薪', 'app', '一丁'];
    const order = termOrder(before);
    expect(withTerms(order, before, 2)).toBe(order);
    const extended = withTerms(order, after, 2);
    expect(extended).toHaveLength(5);
    after.forEach((term, i) => expect(positionOf(extended, after, termKey(term))).toBe(i));
    expect(Array.from(extended)).toEqual(Array.from(termOrder(after)));
  });

  it('agrees with a Map on a thousand random terms added in batches', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const terms: string[] = [];
    const seen = new Set<string>();
    let order = termOrder([]);
    while (terms.length < 1000) {
      const from = terms.length;
      for (let k = next() % 20; k >= 0; k--) {
        const term = next() % 3 === 0 ? `w${next() % 5000}` : String.fromCharCode(0x4e00 + (next() % 20992), 0x4e00 + (next() % 20992));
        if (seen.has(term)) continue;
        seen.add(term);
        terms.push(term);
      }
      order = withTerms(order, terms, from);
    }
    terms.forEach((term, i) => expect(positionOf(order, terms, termKey(term))).toBe(i));
    expect(positionOf(order, terms, 'w5001')).toBe(-1);
  });
});

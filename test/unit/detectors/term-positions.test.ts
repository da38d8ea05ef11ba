import { describe, expect, it } from 'vitest';
import { addPosition, positionOf, termPositions } from '../../../detectors/term-positions.js';
import { termKey } from '../../../src/text/term-keys.js';

describe('term positions', () => {
  it('finds every term of a state, bigrams and Latin words, and nothing else', () => {
    const terms = ['跑路', 'wifi', '工资', 'app', '老板', 'pm2'];
    const index = termPositions(terms);
    // Bigram keys (numbers) first by value, then words in code-unit order.
    expect(index.sorted.slice(3)).toEqual(['app', 'pm2', 'wifi']);
    expect(index.sorted.slice(0, 3)).toEqual([termKey('工资'), termKey('老板'), termKey('跑路')].sort((a, b) => Number(a) - Number(b)));
    terms.forEach((term, i) => expect(positionOf(index, termKey(term))).toBe(i));
    expect(positionOf(index, termKey('腹泻'))).toBe(-1);
    expect(positionOf(index, 'zzz')).toBe(-1);
    expect(positionOf(index, 0)).toBe(-1);
    expect(positionOf(termPositions([]), termKey('工资'))).toBe(-1);
  });

  it('keeps the order as terms are added, and a key already there keeps its position', () => {
    const index = termPositions(['工资']);
    addPosition(index, 'wifi', 1);
    addPosition(index, termKey('欠薪'), 2);
    addPosition(index, 'app', 3);
    addPosition(index, termKey('工资'), 9);
    expect(index.sorted).toHaveLength(4);
    expect([termKey('工资'), 'wifi', termKey('欠薪'), 'app'].map((key) => positionOf(index, key))).toEqual([0, 1, 2, 3]);
  });

  it('agrees with a Map on a thousand random keys', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const keys = new Map<number | string, number>();
    const index = termPositions([]);
    for (let i = 0; keys.size < 1000; i++) {
      const key = next() % 3 === 0 ? `w${next() % 5000}` : next() % 789_000_000;
      if (keys.has(key)) continue;
      keys.set(key, keys.size);
      addPosition(index, key, keys.size - 1);
    }
    for (const [key, position] of keys) expect(positionOf(index, key)).toBe(position);
    expect(positionOf(index, 'w5001')).toBe(-1);
  });
});

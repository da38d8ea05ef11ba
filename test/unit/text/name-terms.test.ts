import { describe, expect, it } from 'vitest';
import { nameTerms, segmentWords } from '../../../src/text/name-terms.js';

const signal = (term: string, count: number, baseline = 0.5) => ({ term, count, baseline });
const window = (counts: Record<string, number>) => new Map(Object.entries(counts));

describe('segmentWords', () => {
  it('splits Chinese into words with Intl.Segmenter (zh)', () => {
    expect(segmentWords('拖欠工资')).toEqual(['拖欠', '工资']);
    expect(segmentWords('老板跑路')).toEqual(['老板', '跑路']);
    expect(segmentWords('')).toEqual([]);
  });
});

describe('nameTerms', () => {
  it('merges overlapping bursting bigrams into one phrase', () => {
    const bursting = [signal('老板', 5), signal('板跑', 5), signal('跑路', 5)];
    expect(nameTerms(bursting, window({ 老板: 5, 板跑: 5, 跑路: 5 }), 5)).toEqual([{ term: '老板跑路', count: 5, baseline: 0.5 }]);
  });

  it('completes a word the bigrams cut, through neighbours at least as frequent in the window', () => {
    // Only 欠工 bursts (拖欠 and 工资 are common); 资共 is too rare to extend through.
    const named = nameTerms([signal('欠工', 4, 0.7)], window({ 拖欠: 6, 欠工: 4, 工资: 8, 资共: 1 }), 5);
    expect(named).toEqual([{ term: '拖欠工资', count: 4, baseline: 0.7 }]);
  });

  it('keeps a one-character word inside a name (二|房东) but trims function characters at the ends', () => {
    expect(nameTerms([signal('二房', 5)], window({ 二房: 5, 房东: 9 }), 5)).toEqual([{ term: '二房东', count: 5, baseline: 0.5 }]);
    const shop = ['前华', '华威', '威烧', '烧腊', '腊店', '店卖'].map((t) => signal(t, 3));
    const counts = window({ 节前: 3, 前华: 3, 华威: 3, 威烧: 3, 烧腊: 3, 腊店: 3, 店卖: 3 });
    expect(nameTerms(shop, counts, 5)).toEqual([{ term: '华威烧腊店', count: 3, baseline: 0.5 }]);
  });

  it('does not chain bigrams of unequal counts: the frequent word and the rarer phrase are named apart', () => {
    const bursting = [signal('腹泻', 8), signal('泻呕', 4, 0.6), signal('呕吐', 4)];
    // 腹泻 8 and 泻呕 4 differ by more than a quarter: 腹泻 alone, then 泻呕+呕吐, completed to
    // the words 腹泻|呕吐 and named by its weakest bigram (count 4, the larger baseline 0.6).
    expect(nameTerms(bursting, window({ 腹泻: 8, 泻呕: 4, 呕吐: 4 }), 5)).toEqual([
      { term: '腹泻', count: 8, baseline: 0.5 },
      { term: '腹泻呕吐', count: 4, baseline: 0.6 },
    ]);
  });

  it('passes Latin words through, keeps the input order and stops at the limit', () => {
    const bursting = [signal('wifi', 4, 1.2), signal('腹泻', 6), signal('发烧', 5)];
    expect(nameTerms(bursting, window({ wifi: 4, 腹泻: 6, 发烧: 5 }), 2)).toEqual([
      { term: 'wifi', count: 4, baseline: 1.2 },
      { term: '腹泻', count: 6, baseline: 0.5 },
    ]);
  });

  it('names nothing for no bursting terms or a limit of 0', () => {
    expect(nameTerms([], window({}), 5)).toEqual([]);
    expect(nameTerms([signal('腹泻', 6)], window({ 腹泻: 6 }), 0)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { isChineseStopBigram, isLatinStopword, isStopTerm } from '../../../src/text/stopwords.js';

describe('stopwords', () => {
  it('stops function and boilerplate bigrams and any bigram with a particle', () => {
    expect(['我们', '没有', '希望', '反映', '的确', '跑了', '好吗'].map(isChineseStopBigram)).toEqual([true, true, true, true, true, true, true]);
  });

  it('keeps topic bigrams, including the episode terms', () => {
    expect(['工资', '拖欠', '腹泻', '呕吐', '发烧', '咳嗽', '群租', '隔断', '房东'].some(isChineseStopBigram)).toBe(false);
  });

  it('stops English function words only', () => {
    expect(['the', 'please', 'call'].map(isLatinStopword)).toEqual([true, true, true]);
    expect(['wifi', 'vip', 'ktv', 'app'].some(isLatinStopword)).toBe(false);
  });

  it('isStopTerm covers both scripts', () => {
    expect([isStopTerm('and'), isStopTerm('我们'), isStopTerm('wifi'), isStopTerm('工资')]).toEqual([true, true, false, false]);
  });
});

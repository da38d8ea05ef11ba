import { describe, expect, it } from 'vitest';
import { textTerms } from '../../../src/text/ngrams.js';

describe('textTerms', () => {
  it('counts every character bigram of a Chinese run, skipping bigrams with a particle', () => {
    // 老板跑路了: 老板 板跑 跑路 (路了 holds the particle 了).
    expect(textTerms('老板跑路了')).toEqual(['老板', '板跑', '跑路']);
  });

  it('splits runs at punctuation, so no bigram spans a comma', () => {
    expect(textTerms('腹泻，呕吐。')).toEqual(['腹泻', '呕吐']);
  });

  it('lowercases Latin words and drops stopwords, bare numbers and ids', () => {
    // "call" and "me" are stopwords, the phone number has no letter, "5" is one character,
    // SZ12345678 has 8 digits (an order id); pm2 keeps 1 digit.
    expect(textTerms('WiFi密码错误, call me: 13812345678 PM2.5很高 SZ12345678')).toEqual(['wifi', '密码', '码错', '错误', 'pm2', '很高']);
  });

  it('reads full-width Latin letters and digits as ASCII', () => {
    expect(textTerms('ＷｉＦｉ坏了')).toEqual(['wifi']);
  });

  it('gives no terms for an empty text, punctuation only, or a single Chinese character', () => {
    expect(textTerms('')).toEqual([]);
    expect(textTerms('，。！？……——“”《》!?.,;:()[]')).toEqual([]);
    expect(textTerms('猫')).toEqual([]);
  });

  it('treats emoji as separators: no bigram across them, none of their surrogate halves', () => {
    expect(textTerms('😀腹泻😀呕吐🤮')).toEqual(['腹泻', '呕吐']);
    expect(textTerms('😀😀😀')).toEqual([]);
  });

  it('lists each term once per text, in order of first appearance', () => {
    expect(textTerms('腹泻腹泻 wifi WIFI')).toEqual(['腹泻', '泻腹', 'wifi']);
  });

  it('drops whole stopword bigrams (我们, 没有) but keeps their neighbours', () => {
    expect(textTerms('我们没有工资')).toEqual(['们没', '有工', '工资']);
  });

  it('stays linear on a 10,000-character text (the record limit) and still lists each term once', () => {
    const chunk = '老板跑路拖欠工资腹泻呕吐发烧咳嗽二房东群租隔断';
    const text = Array.from({ length: 400 }, (_, i) => chunk + String.fromCharCode(0x4e00 + i)).join('，').slice(0, 10_000);
    const started = performance.now();
    const terms = textTerms(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms.slice(0, 3)).toEqual(['老板', '板跑', '跑路']);
    // The chunk's 22 bigrams, plus 断 + its own last character (一, 丁, ...) per chunk: 400, less
    // the two with a particle (断么 at U+4E48, 断了 at U+4E86).
    expect(terms).toHaveLength(22 + 400 - 2);
  });
});

import { describe, expect, it } from 'vitest';
import { textTermKeys, textTerms } from '../../../src/text/ngrams.js';
import { HAN_COUNT, bigramKey, countsByText, termKey, termText } from '../../../src/text/term-keys.js';

describe('term keys', () => {
  it('numbers a Han bigram densely below 2^30 (a Smi) and reads it back', () => {
    expect(HAN_COUNT).toBe(20992 + 6592 + 512);
    // 一 is the first main-block ideograph, 丁 the second: key 0 x 28096 + 1.
    expect(termKey('一丁')).toBe(1);
    expect(termKey('工资')).toBe((0x5de5 - 0x4e00) * HAN_COUNT + (0x8d44 - 0x4e00));
    // Extension A (0x3400) follows the main block; compatibility (0xf900) follows Extension A.
    expect(termKey('\u3400\uf900')).toBe(20992 * HAN_COUNT + 20992 + 6592);
    const largest = bigramKey(0xfaff, 0xfaff);
    expect(largest).toBe(HAN_COUNT * HAN_COUNT - 1);
    expect(largest).toBeLessThan(2 ** 30);
    for (const term of ['一丁', '工资', '\u3400\uf900', '龥龥', '\ufaff\ufaff']) expect(termText(termKey(term))).toBe(term);
  });

  it('leaves Latin words, single characters and mixed pairs as text', () => {
    expect(termKey('wifi')).toBe('wifi');
    expect(termKey('pm')).toBe('pm');
    expect(termKey('工')).toBe('工');
    expect(termKey('工a')).toBe('工a');
    expect(termText('wifi')).toBe('wifi');
  });

  it('splits a mixed text into the same terms as text and as keys', () => {
    const text = '小区WiFi断网，物业不管；小区wifi又断了！';
    expect(textTerms(text)).toEqual(['小区', 'wifi', '断网', '物业', '业不', '不管', '又断']);
    expect(textTermKeys(text)).toEqual(textTerms(text).map(termKey));
    expect(textTermKeys('')).toEqual([]);
    expect(countsByText(new Map([[termKey('断网'), 3], ['wifi', 2]]))).toEqual(new Map([['断网', 3], ['wifi', 2]]));
  });
});

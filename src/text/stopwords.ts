import { bigramKey, termKey } from './term-keys.js';

/**
 * Stopwords for term counting: n-grams that carry no topic, so a rise in them says nothing.
 * Chinese: bigrams that contain a modal or structural particle (的, 了, 吗 ...) and a short list
 * of function and boilerplate words ("我们", "没有", "希望", "反映" ...) that most complaints use.
 * Latin: English function words. Domain words that can burst (工资, 腹泻, 群租) are never here.
 */

/** Particles that glue words together: a bigram containing one spans a word boundary. */
const PARTICLES = new Set(Array.from('的了着吗呢吧啊呀嘛哦哈么', (c) => c.charCodeAt(0)));

/** Function words, pronouns and complaint boilerplate (two-character forms). */
const CHINESE_STOP_BIGRAMS = new Set([
  '我们', '你们', '他们', '她们', '它们', '大家', '自己', '这个', '那个', '这些', '那些', '这里', '那里', '这样', '那样',
  '什么', '怎么', '为何', '如何', '一个', '一些', '一直', '一下', '已经', '还是', '还有', '就是', '但是', '可是', '因为',
  '所以', '如果', '虽然', '而且', '或者', '以及', '然后', '并且', '可以', '不是', '没有', '不能', '不会', '现在', '目前',
  '非常', '比较', '特别', '希望', '请求', '请问', '反映', '反应', '投诉', '举报', '咨询', '相关', '部门', '要求', '处理',
  '情况', '问题', '帮助', '谢谢', '您好', '你好', '市民', '来电', '表示', '称其', '其中', '以上', '以下', '进行', '个人', '好几', '几个',
]);

/** English function words (lowercase); single letters never become terms anyway. */
const LATIN_STOPWORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'about', 'as',
  'is', 'are', 'was', 'were', 'be', 'been', 'am', 'it', 'its', 'this', 'that', 'these', 'those', 'there', 'here',
  'i', 'me', 'my', 'we', 'our', 'you', 'your', 'he', 'she', 'they', 'them', 'his', 'her', 'their',
  'do', 'does', 'did', 'not', 'no', 'so', 'very', 'can', 'will', 'would', 'could', 'should', 'please', 'help',
  'until', 'every', 'all', 'any', 'some', 'near', 'call', 'have', 'has', 'had', 'up', 'out', 'into', 'than', 'then',
]);

/** True for a CJK bigram that is a stopword or straddles a particle. */
export function isChineseStopBigram(bigram: string): boolean {
  return PARTICLES.has(bigram.charCodeAt(0)) || PARTICLES.has(bigram.charCodeAt(1)) || CHINESE_STOP_BIGRAMS.has(bigram);
}

const CHINESE_STOP_BIGRAM_KEYS = new Set(Array.from(CHINESE_STOP_BIGRAMS, (bigram) => termKey(bigram)));

/** Per BMP code unit: IS_PARTICLE, STARTS_STOP_BIGRAM (so most bigrams skip the set lookup). */
const IS_PARTICLE = 1;
const STARTS_STOP_BIGRAM = 2;
const CODE_FLAGS = new Uint8Array(0x10000);
for (const code of PARTICLES) CODE_FLAGS[code]! |= IS_PARTICLE;
for (const bigram of CHINESE_STOP_BIGRAMS) CODE_FLAGS[bigram.charCodeAt(0)]! |= STARTS_STOP_BIGRAM;

/** isChineseStopBigram for the bigram of two Han code units, without making its string. */
export function isChineseStopCodes(first: number, second: number): boolean {
  const flags = CODE_FLAGS[first]!;
  if ((flags | CODE_FLAGS[second]!) & IS_PARTICLE) return true;
  return (flags & STARTS_STOP_BIGRAM) !== 0 && CHINESE_STOP_BIGRAM_KEYS.has(bigramKey(first, second));
}

/** True for a lowercase Latin word that carries no topic. */
export function isLatinStopword(word: string): boolean {
  return LATIN_STOPWORDS.has(word);
}

/** True for any term (a CJK bigram or a lowercase Latin word) that should not be counted. */
export function isStopTerm(term: string): boolean {
  return LATIN_STOPWORDS.has(term) || (term.length === 2 && isChineseStopBigram(term));
}

/**
 * Mainland mobile numbers: 11 digits starting 13-19, optionally +86 / 86 in front and
 * - or space between the 3-4-4 groups. Not preceded by a digit or a decimal point and not
 * followed by a digit, so longer numbers (epoch ms, 12-digit region codes, decimals) are left alone.
 */
const MOBILE_NUMBER = /(?<![\d.])((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g;

/** "13812345678" -> "138****5678": keeps enough to tell numbers apart, not enough to call one. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(MOBILE_NUMBER, '$1****$2');
}

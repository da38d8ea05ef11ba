import { describe, expect, it } from 'vitest';
import { componentLogger, createLogger, resolveLogLevel } from '../../../src/log/logger.js';
import { maskPhoneNumbers } from '../../../src/log/mask-phone-numbers.js';

const TEXT = '餐馆卫生差，吃完腹泻，老板电话13812345678';

function capture(level = 'debug'): { lines: () => Record<string, unknown>[]; raw: () => string; logger: ReturnType<typeof createLogger> } {
  const out: string[] = [];
  const logger = createLogger({ level, env: {}, destination: { write: (line) => void out.push(line) } });
  return { logger, raw: () => out.join(''), lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('maskPhoneNumbers', () => {
  it('masks mainland mobile numbers, with or without country code and separators', () => {
    expect(maskPhoneNumbers('call 13812345678 now')).toBe('call 138****5678 now');
    expect(maskPhoneNumbers('电话:19912345678。')).toBe('电话:199****5678。');
    expect(maskPhoneNumbers('+86 138-1234-5678')).toBe('+86 138****5678');
    expect(maskPhoneNumbers('+8613812345678 and 8615912345678')).toBe('+86138****5678 and 86159****5678');
    expect(maskPhoneNumbers('138 1234 5678')).toBe('138****5678');
  });

  it('leaves other numbers alone: epoch ms, region codes, landlines, decimals, 12-digit runs', () => {
    for (const text of ['"time":1774000000000', '440307006001', '0755-12345678', 'score 0.13812345678', '12345678901', '138123456789', 'id c-2']) {
      expect(maskPhoneNumbers(text)).toBe(text);
    }
  });
});

describe('createLogger', () => {
  it('never writes complaint text, raw records, addresses or phone fields', () => {
    const { logger, raw, lines } = capture();
    logger.info({ text: TEXT, address: '布吉街道某路1号', phone: '0755-12345678' }, 'complaint received');
    logger.warn({ deadLetter: { stream: 'hotline', reason: 'late', record: JSON.stringify({ text: TEXT }) } }, 'record dead-lettered');
    logger.debug({ event: { id: 'c-1', text: TEXT } }, 'event');
    expect(raw()).not.toContain('餐馆');
    expect(raw()).not.toContain('布吉街道某路');
    expect(raw()).not.toContain('12345678');
    expect(lines()[0]).toMatchObject({ text: '[redacted]', address: '[redacted]', phone: '[redacted]', msg: 'complaint received', service: 'weak-signal' });
    expect(lines()[1]).toMatchObject({ deadLetter: { stream: 'hotline', reason: 'late', record: '[redacted]' } });
  });

  it('masks mobile numbers in messages, fields at any depth, child bindings and errors', () => {
    const { logger, raw, lines } = capture();
    const child = componentLogger(logger, 'alert-manager').child({ caller: '13912345678' });
    child.info({ a: { b: { c: ['note 15012345678'] } } }, 'caller %s asked', '18612345678');
    child.error({ err: new Error('lookup failed for 13712345678') }, 'failed');
    expect(raw()).not.toMatch(/1[3-9]\d{9}/);
    const [first, second] = lines();
    expect(first).toMatchObject({ component: 'alert-manager', caller: '139****5678', msg: 'caller 186****5678 asked', a: { b: { c: ['note 150****5678'] } } });
    expect(second).toMatchObject({ err: { message: 'lookup failed for 137****5678' } });
  });

  it('logs at the configured level, EWS_LOG_LEVEL overriding the config', () => {
    const out: string[] = [];
    const logger = createLogger({ level: 'debug', env: { EWS_LOG_LEVEL: 'warn' }, destination: { write: (line) => void out.push(line) } });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
    expect(resolveLogLevel(undefined, {})).toBe('info');
    expect(resolveLogLevel('debug', { EWS_LOG_LEVEL: '' })).toBe('debug');
  });

  it('refuses an unknown level with a config error naming where it came from', () => {
    expect(() => resolveLogLevel('verbose', {})).toThrow(expect.objectContaining({ code: 'EWS_ERR_CONFIG_INVALID', issues: ['log level: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"'] }));
    expect(() => resolveLogLevel('info', { EWS_LOG_LEVEL: 'loud' })).toThrow(expect.objectContaining({ issues: ['EWS_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"'] }));
  });

  it('gives each component a child logger that names it', () => {
    const { logger, lines } = capture();
    componentLogger(logger, 'http').info('listening');
    expect(lines()[0]).toMatchObject({ component: 'http', msg: 'listening', level: 30 });
    expect(typeof lines()[0]!['time']).toBe('string');
  });
});

import { AppConfig } from '../../../src/config/app-config.js';

/**
 * A small, complete config: 龙岗区 > 2 streets > 1 community each, one holiday, day windows
 * for every stream, hour windows for hotline at street level. Detectors default to EARS C1
 * alone with one vote needed, so tests can reason about a single, hand-computable detector.
 */
export function testConfig(overrides: Record<string, unknown> = {}): AppConfig {
  return AppConfig.parse({
    utcOffset: '+08:00',
    regions: {
      root: {
        code: '440307',
        name: '龙岗区',
        level: 'district',
        children: [
          {
            code: '440307006',
            name: '布吉街道',
            level: 'street',
            neighbours: ['440307009'],
            children: [{ code: '440307006001', name: '布吉社区', level: 'community' }],
          },
          {
            code: '440307009',
            name: '吉华街道',
            level: 'street',
            neighbours: ['440307006'],
            children: [{ code: '440307009002', name: '水径社区', level: 'community' }],
          },
        ],
      },
    },
    holidays: { days: [{ date: '2026-05-01', type: 'holiday', name: '劳动节' }] },
    categories: {
      hotline: [
        { code: 'food_safety', name: '食品安全' },
        { code: 'noise', name: '噪声扰民' },
      ],
      dispute: [{ code: 'wage_arrears', name: '欠薪纠纷' }],
      cases: [{ code: 'influenza_like', name: '流感样病例' }],
    },
    series: {
      hotline: [
        { granularity: 'hour', levels: ['street'] },
        { granularity: 'day', levels: ['district', 'street', 'community'] },
      ],
      dispute: [{ granularity: 'day', levels: ['district', 'street', 'community'] }],
      cases: [{ granularity: 'day', levels: ['district', 'street', 'community'] }],
    },
    detectors: { enabled: { hour: [], day: ['ears_c1'], week: [] } },
    alerting: {
      minVotes: 1,
      minObserved: 3,
      resolveAfterQuietWindows: 2,
      severity: [
        { severity: 'blue', minScore: 0.9, minVotes: 1 },
        { severity: 'red', minScore: 0.999999, minVotes: 1 },
      ],
    },
    ...overrides,
  });
}

/** 09:00 local on `date` plus `minutes`, as the ISO string a producer would send. */
export function at(date: string, hhmm = '09:00'): string {
  return `${date}T${hhmm}:00+08:00`;
}

let sequence = 0;

export function complaint(fields: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    stream: 'hotline',
    id: `c-${sequence}`,
    receivedAt: at('2026-03-02'),
    regionCode: '440307006001',
    category: 'food_safety',
    channel: 'phone',
    text: '餐馆卫生差，吃完腹泻',
    ...fields,
  };
}

export function caseCount(date: string, count: number, fields: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  sequence += 1;
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    stream: 'cases',
    id: `k-${sequence}`,
    periodStart: `${date}T00:00:00+08:00`,
    periodEnd: `${next}T00:00:00+08:00`,
    regionCode: '440307006001',
    category: 'influenza_like',
    count,
    ...fields,
  };
}

/** Local dates from `start`, `days` of them. */
export function dates(start: string, days: number): string[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
}

/** A wall clock far after any test data, so nothing is "in the future". */
export const LATE_CLOCK = () => Date.parse('2030-01-01T00:00:00Z');

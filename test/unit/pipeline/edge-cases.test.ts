import { describe, expect, it } from 'vitest';
import { detectorNames } from '../../../detectors/index.js';
import { Engine } from '../../../src/pipeline/engine.js';
import type { ScoredWindow } from '../../../src/pipeline/scored-window.js';
import { LATE_CLOCK, at, caseCount, complaint, dates, testConfig } from '../support/test-config.js';

const DISTRICT = '440307';
const COMMUNITY = '440307006001';

/** A district with no streets, communities or neighbours, every stream at every granularity, every detector on. */
function oneRegionConfig() {
  const everywhere = [
    { granularity: 'hour', levels: ['district'] },
    { granularity: 'day', levels: ['district'] },
    { granularity: 'week', levels: ['district'] },
  ];
  const all = [...detectorNames];
  return testConfig({
    regions: { root: { code: DISTRICT, name: '龙岗区', level: 'district' } },
    series: { hotline: everywhere, dispute: everywhere, cases: [{ granularity: 'week', levels: ['district'] }] },
    detectors: { enabled: { hour: all, day: all, week: all } },
  });
}

function history(engine: Engine, key: string): number[] {
  const series = [...engine.allSeries()].find((s) => s.key === key);
  if (series === undefined) throw new Error(`no series ${key}`);
  return series.history;
}

describe('engine edge cases', () => {
  it('runs every registered detector on a single region with no children or neighbours', () => {
    const scored: ScoredWindow[] = [];
    const engine = new Engine({ config: oneRegionConfig(), now: LATE_CLOCK, onWindowScored: (window) => scored.push(window) });
    // 60 days of complaints and disputes (3..7 a day, 40 on the last day) and 280 weeks of case
    // counts, so Farrington (52 b + w weeks of history) scores too.
    const days = dates('2026-03-02', 60);
    days.forEach((date, day) => {
      const count = day === 59 ? 40 : 3 + ((day * 3) % 5);
      for (let i = 0; i < count; i++) {
        expect(engine.ingest(complaint({ regionCode: DISTRICT, receivedAt: at(date, `09:${String(i).padStart(2, '0')}`) })).status).toBe('accepted');
      }
      engine.ingest({ stream: 'dispute', id: `d-${day}`, reportedAt: at(date), regionCode: DISTRICT, type: 'wage_arrears', parties: 2, status: 'new' });
    });
    const weeks = Array.from({ length: 280 }, (_, week) => new Date(Date.parse('2021-01-04T00:00:00Z') + week * 7 * 86_400_000).toISOString().slice(0, 10));
    weeks.forEach((monday, week) => {
      const next = new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      const count = week === 279 ? 90 : 20 + ((week * 7) % 9);
      const outcome = engine.ingest(caseCount(monday, count, { regionCode: DISTRICT, periodEnd: `${next}T00:00:00+08:00` }));
      expect(outcome, monday).toMatchObject({ status: 'accepted' });
    });
    engine.finish();

    expect([...engine.allSeries()].every((series) => series.key.split('|')[1] === DISTRICT)).toBe(true);
    expect(history(engine, `hotline|${DISTRICT}|food_safety|day`).slice(-3)).toEqual([4, 7, 40]);
    expect(history(engine, `cases|${DISTRICT}|influenza_like|week`).at(-1)).toBe(90);
    expect(scored.length).toBeGreaterThan(0);
    for (const window of scored) {
      expect(window.verdicts.map((v) => v.detector)).toEqual(detectorNames);
      for (const { score } of window.verdicts) {
        expect(score.score).toBeGreaterThanOrEqual(0);
        expect(score.score).toBeLessThanOrEqual(1);
      }
    }
    // Every detector left warm-up somewhere: Farrington on the weekly case counts.
    for (const name of detectorNames) {
      const warm = scored.some((window) => window.verdicts.some((v) => v.detector === name && !v.score.warmingUp));
      expect(warm, `${name} scored a window`).toBe(true);
    }
    const lastCases = scored.filter((w) => w.parts.stream === 'cases').at(-1)!;
    expect(lastCases.verdicts.find((v) => v.detector === 'farrington')!.score.alarm).toBe(true);
    const opened = engine.takeAlertChanges().filter((change) => change.kind === 'opened');
    expect(opened.some((change) => change.alert.seriesKey === `hotline|${DISTRICT}|food_safety|day`)).toBe(true);
    expect(opened.every((change) => change.alert.region.code === DISTRICT)).toBe(true);
  });

  it('accepts and counts complaints with empty, whitespace-only and mixed Chinese/English texts', () => {
    const engine = new Engine({ config: testConfig(), now: LATE_CLOCK });
    const texts = ['', '   \n\t　', 'WiFi 信号差 no signal 三天了', '😡 外卖 delivery 迟到 2h!!', '噪音'.repeat(5000)];
    for (const text of texts) expect(engine.ingest(complaint({ text, receivedAt: at('2026-03-02') })).status).toBe('accepted');
    expect(engine.ingest({ stream: 'dispute', id: 'd-empty', reportedAt: at('2026-03-02'), regionCode: COMMUNITY, type: 'wage_arrears', parties: 2, status: 'new', text: '' }).status).toBe('accepted');
    // Over the 10,000-character limit: rejected with the field named, the stream keeps going.
    const tooLong = engine.ingest(complaint({ text: '长'.repeat(10_001), receivedAt: at('2026-03-02') }));
    expect(tooLong).toMatchObject({ status: 'rejected', reason: 'schema_violation' });
    if (tooLong.status === 'rejected') expect(tooLong.details.join('\n')).toMatch(/^text: /m);
    engine.finish();
    expect(history(engine, `hotline|${COMMUNITY}|food_safety|day`)).toEqual([texts.length]);
    expect(history(engine, `dispute|${COMMUNITY}|wage_arrears|day`)).toEqual([1]);
  });
});

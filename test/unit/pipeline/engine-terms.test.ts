import { describe, expect, it } from 'vitest';
import type { AlertChange } from '../../../src/domain/alert.js';
import { Engine } from '../../../src/pipeline/engine.js';
import { MemoryStore } from '../../../src/state/memory-store.js';
import { loadEngine, saveEngine } from '../../../src/state/engine-persistence.js';
import { termKey } from '../../../src/text/term-keys.js';
import { LATE_CLOCK, at, complaint, dates, testConfig } from '../support/test-config.js';

const COMMUNITY = '440307006001';
const OTHER_COMMUNITY = '440307009002';

/** term_burst alone on community day series (one vote opens an alert); everything else off. */
function termConfig() {
  return testConfig({
    detectors: {
      enabled: { hour: [], day: [], week: [] },
      overrides: [{ match: { stream: 'hotline', granularity: 'day', level: 'community' }, add: ['term_burst'] }],
    },
  });
}

const ROUTINE = ['餐馆卫生差，后厨有老鼠', '外卖里吃出异物，要求查处', '菜市场冻肉没有检疫证明'];
const BURST = ['鑫辉印刷厂老板跑路了，拖欠工资三个月', '老板跑路，拖欠工资，工人讨薪', '听说老板跑路了，拖欠工资和社保'];

/** Three routine complaints a day in both communities, then `burstTexts` more in COMMUNITY on the last day. */
function feed(e: Engine, days: readonly string[], burstTexts: number, lastIsBurst: boolean): void {
  days.forEach((date, d) => {
    for (const region of [COMMUNITY, OTHER_COMMUNITY]) {
      ROUTINE.forEach((text, i) => e.ingest(complaint({ regionCode: region, receivedAt: at(date, `0${i + 1}:00`), text })));
    }
    if (lastIsBurst && d === days.length - 1) {
      for (let i = 0; i < burstTexts; i++) e.ingest(complaint({ receivedAt: at(date, `1${i % 10}:00`), text: BURST[i % BURST.length] }));
    }
  });
}

function opened(changes: readonly AlertChange[]) {
  return changes.filter((c) => c.kind === 'opened').map((c) => c.alert);
}

describe('engine with term_burst', () => {
  it('alerts on a text burst in one community and names its terms', () => {
    const e = new Engine({ config: termConfig(), now: LATE_CLOCK });
    feed(e, dates('2026-03-02', 12), 6, true);
    e.finish();
    const alerts = opened(e.takeAlertChanges());
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.seriesKey).toBe(`hotline|${COMMUNITY}|food_safety|day`);
    expect(alert?.window.start).toBe('2026-03-13T00:00:00+08:00');
    expect(alert?.observed).toBe(9);
    // Every burst text holds 老板跑路 and 拖欠工资: 6 texts each, none before (floor 0.5).
    expect(alert?.topTerms.slice(0, 2).map((t) => t.term).sort()).toEqual(['拖欠工资', '老板跑路']);
    expect(alert?.topTerms[0]).toMatchObject({ count: 6, baseline: 0.5 });
    expect(alert?.explanation).toMatch(/Top terms: (老板跑路|拖欠工资) 6 texts \(expected 0\.5\)/);
  });

  it('counts terms only for series that run a term detector', () => {
    const e = new Engine({ config: termConfig(), now: LATE_CLOCK });
    feed(e, dates('2026-03-02', 1), 0, false);
    const counting = [...e.allSeries()].filter((s) => s.openTerms !== null).map((s) => s.key).sort();
    expect(counting).toEqual([
      `hotline|${COMMUNITY}|food_safety|day`,
      `hotline|${COMMUNITY}|noise|day`,
      `hotline|${OTHER_COMMUNITY}|food_safety|day`,
      `hotline|${OTHER_COMMUNITY}|noise|day`,
    ]);
    const series = [...e.allSeries()].find((s) => s.key === `hotline|${COMMUNITY}|food_safety|day`);
    expect(series?.openTerms?.[0]?.get(termKey('老鼠'))).toBe(1);
    expect(series?.openTerms?.[0]?.get(termKey('检疫'))).toBe(1);
  });

  it('has no alert when the same texts are routine', () => {
    const e = new Engine({ config: termConfig(), now: LATE_CLOCK });
    feed(e, dates('2026-03-02', 12), 0, false);
    e.finish();
    expect(opened(e.takeAlertChanges())).toEqual([]);
  });

  it('keeps term baselines and the open windows term counts across a snapshot and restore', async () => {
    const days = dates('2026-03-02', 12);
    const whole = new Engine({ config: termConfig(), now: LATE_CLOCK });
    feed(whole, days, 6, true);
    whole.finish();
    const expected = whole.takeAlertChanges();

    // Stop in the middle of the burst day: half its burst texts are in an open window.
    const first = new Engine({ config: termConfig(), now: LATE_CLOCK });
    feed(first, days, 3, true);
    const store = new MemoryStore();
    await saveEngine(first, store);
    const copy = MemoryStore.restore(JSON.parse(JSON.stringify(store.snapshot())) as Record<string, string>);
    const second = await loadEngine({ config: termConfig(), now: LATE_CLOCK }, copy);
    const last = days[days.length - 1]!;
    for (let i = 3; i < 6; i++) second.ingest(complaint({ receivedAt: at(last, `1${i}:00`), text: BURST[i % BURST.length] }));
    second.finish();
    expect([...first.takeAlertChanges(), ...second.takeAlertChanges()].map((c) => c.alert)).toEqual(expected.map((c) => c.alert));
    expect(opened(expected)).toHaveLength(1);
  });
});

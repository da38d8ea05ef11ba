import { describe, expect, it } from 'vitest';
import type { RegionNode } from '../../../src/config/region-config.js';
import { CaseCount } from '../../../src/domain/case-count.js';
import { DisputeReport } from '../../../src/domain/dispute-report.js';
import { HotlineComplaint } from '../../../src/domain/hotline-complaint.js';
import { Episode } from '../../../src/simulate/episodes.js';
import { simulate } from '../../../src/simulate/simulate.js';
import type { SimulateOptions, SimulationResult } from '../../../src/simulate/simulate.js';
import type { SimulatedRecord } from '../../../src/simulate/simulated-record.js';
import { bundledConfig } from './bundled-config.js';

const config = bundledConfig();
// 20 days around the May-Day holiday (2026-05-01..05, 05-09 a swapped workday) at a fifth of Longgang.
const options: SimulateOptions = { seed: 7, start: '2026-04-20', days: 20, scale: 0.2 };
const run = simulate(options, config);
const baseline = simulate({ ...options, episodes: 0 }, config);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const startMs = Date.parse('2026-04-20T00:00:00+08:00');

function eventTime(r: SimulatedRecord): number {
  return Date.parse(r.stream === 'hotline' ? r.receivedAt : r.stream === 'dispute' ? r.reportedAt : r.periodStart);
}

function dayIndex(r: SimulatedRecord): number {
  return Math.floor((eventTime(r) - startMs) / DAY);
}

function category(r: SimulatedRecord): string {
  return r.stream === 'dispute' ? r.type : r.category;
}

/** Count of a record: 1 per event, the reported count for case counts (first publication only). */
function weight(r: SimulatedRecord): number {
  if (r.stream !== 'cases') return 1;
  return r.revision === 0 ? r.count : 0;
}

function nodes(node: RegionNode): RegionNode[] {
  return [node, ...(node.children ?? []).flatMap(nodes)];
}
const regionNodes = nodes(config.regions.root);
const communityCodes = new Set(regionNodes.filter((n) => n.level === 'community').map((n) => n.code));
const streetCodes = new Set(regionNodes.filter((n) => n.level === 'street').map((n) => n.code));

function dailyTotals(result: SimulationResult, stream: SimulatedRecord['stream']): number[] {
  const totals = new Array<number>(options.days).fill(0);
  for (const r of result.records) if (r.stream === stream) totals[dayIndex(r)] = (totals[dayIndex(r)] ?? 0) + 1;
  return totals;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

function mean(xs: readonly number[]): number {
  return sum(xs) / xs.length;
}

/** Day indices of the run by local day type, from the bundled holiday calendar. */
function daysOfType(type: 'workday' | 'weekend' | 'holiday'): number[] {
  const listed = new Map(config.holidays.days.map((d) => [d.date, d.type]));
  const out: number[] = [];
  for (let i = 0; i < options.days; i++) {
    const date = new Date(Date.UTC(2026, 3, 20 + i));
    const iso = date.toISOString().slice(0, 10);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const t = listed.get(iso) ?? (weekend ? 'weekend' : 'workday');
    if (t === type) out.push(i);
  }
  return out;
}

describe('simulate', () => {
  it('gives the same output for the same seed and a different one for another seed', () => {
    expect(simulate(options, config)).toEqual(run);
    const other = simulate({ ...options, days: 12, seed: 8 }, config);
    expect(other.records.slice(0, 200).map((r) => JSON.stringify(r))).not.toEqual(run.records.slice(0, 200).map((r) => JSON.stringify(r)));
    expect(other.episodes).not.toEqual(run.episodes);
  });

  it('emits only records that validate against their input schema, with +08:00 timestamps and unique ids', () => {
    const schemas = { hotline: HotlineComplaint, dispute: DisputeReport, cases: CaseCount } as const;
    const failures: string[] = [];
    for (const { stream, ...record } of run.records) {
      const parsed = schemas[stream].safeParse(record);
      if (!parsed.success) failures.push(`${record.id}: ${parsed.error.message}`);
    }
    expect(failures.slice(0, 3)).toEqual([]);
    const stamps = run.records.flatMap((r) => (r.stream === 'cases' ? [r.periodStart, r.periodEnd] : r.stream === 'hotline' ? [r.receivedAt] : [r.reportedAt]));
    expect(stamps.every((s) => s.endsWith('+08:00'))).toBe(true);
    expect(new Set(run.records.map((r) => r.id)).size).toBe(run.records.length);
  });

  it('produces Longgang-sized volumes scaled by `scale`', () => {
    const hotline = mean(dailyTotals(run, 'hotline'));
    const disputes = mean(dailyTotals(run, 'dispute'));
    expect(hotline).toBeGreaterThan(3000 * 0.2 * 0.8);
    expect(hotline).toBeLessThan(3000 * 0.2 * 1.2);
    expect(disputes).toBeGreaterThan(150 * 0.2 * 0.7);
    expect(disputes).toBeLessThan(150 * 0.2 * 1.3);
    // One case count per community, category and day, plus ~2% revisions.
    const cases = run.records.filter((r) => r.stream === 'cases');
    const firsts = cases.filter((r) => r.revision === 0);
    expect(firsts).toHaveLength(communityCodes.size * config.categories.cases.length * options.days);
    expect((cases.length - firsts.length) / firsts.length).toBeGreaterThan(0.01);
    expect((cases.length - firsts.length) / firsts.length).toBeLessThan(0.03);
  });

  it('places events in communities, except about 5% of hotline complaints that name only a street', () => {
    const hotline = run.records.filter((r) => r.stream === 'hotline');
    const streetOnly = hotline.filter((r) => streetCodes.has(r.regionCode));
    expect(streetOnly.length / hotline.length).toBeGreaterThan(0.03);
    expect(streetOnly.length / hotline.length).toBeLessThan(0.07);
    const elsewhere = run.records.filter((r) => !communityCodes.has(r.regionCode) && !(r.stream === 'hotline' && streetCodes.has(r.regionCode)));
    expect(elsewhere).toEqual([]);
  });

  it('has fewer complaints on weekends and holidays than on workdays, and few at night', () => {
    const hotline = dailyTotals(run, 'hotline');
    const disputes = dailyTotals(run, 'dispute');
    const at = (totals: number[], days: number[]): number => mean(days.map((d) => totals[d] ?? 0));
    const [workdays, weekends, holidays] = [daysOfType('workday'), daysOfType('weekend'), daysOfType('holiday')];
    expect(holidays).toHaveLength(5);
    expect(at(hotline, weekends)).toBeLessThan(0.85 * at(hotline, workdays));
    expect(at(hotline, holidays)).toBeLessThan(0.8 * at(hotline, workdays));
    expect(at(disputes, weekends)).toBeLessThan(0.7 * at(disputes, workdays));
    const hours = run.records.filter((r) => r.stream === 'hotline').map((r) => Number(r.receivedAt.slice(11, 13)));
    const night = hours.filter((h) => h >= 1 && h < 6).length;
    const morningPeak = hours.filter((h) => h >= 9 && h < 11).length;
    expect(night).toBeLessThan(morningPeak / 5);
  });

  it('sorts by event time with small disorder, never more than 90 minutes behind', () => {
    let maxSeen = -Infinity;
    let outOfOrder = 0;
    let worst = 0;
    for (const r of run.records) {
      if (r.stream === 'cases' && r.revision > 0) continue; // revisions are late by design
      const t = eventTime(r);
      if (t < maxSeen) {
        outOfOrder++;
        worst = Math.max(worst, maxSeen - t);
      }
      maxSeen = Math.max(maxSeen, t);
    }
    expect(worst).toBeLessThanOrEqual(90 * MINUTE);
    expect(outOfOrder).toBeGreaterThan(0);
    expect(outOfOrder / run.records.length).toBeLessThan(0.06);
  });

  it('revises ~2% of case counts 1-3 days later with a higher revision, the same period and a corrected count', () => {
    const firsts = new Map<string, { index: number; record: SimulatedRecord & { stream: 'cases' } }>();
    let maxSeen = -Infinity;
    const revisions = run.records.flatMap((r, index) => {
      maxSeen = Math.max(maxSeen, eventTime(r));
      if (r.stream !== 'cases') return [];
      const key = `${r.regionCode}|${r.category}|${r.periodStart}|${r.periodEnd}`;
      if (r.revision === 0) firsts.set(key, { index, record: r });
      return r.revision > 0 ? [{ index, key, record: r, seenBy: maxSeen }] : [];
    });
    expect(revisions.length).toBeGreaterThan(0);
    for (const revision of revisions) {
      const first = firsts.get(revision.key);
      expect(first, revision.key).toBeDefined();
      if (!first) continue;
      expect(revision.index).toBeGreaterThan(first.index);
      expect(revision.record.revision).toBeGreaterThan(first.record.revision);
      expect(revision.record.id).not.toBe(first.record.id);
      expect(revision.record.count).not.toBe(first.record.count);
      // Published after the period ended, within about three days.
      const periodStart = Date.parse(revision.record.periodStart);
      expect(revision.seenBy).toBeGreaterThanOrEqual(Date.parse(revision.record.periodEnd));
      expect(revision.seenBy).toBeLessThan(periodStart + 4 * DAY);
    }
  });

  it('plans the four default episodes inside the run, after a warm-up', () => {
    expect(run.episodes.map((e) => e.kind).sort()).toEqual(['influenza_cluster', 'pre_holiday_food_safety', 'rental_slow_rise', 'wage_arrears_surge']);
    for (const episode of run.episodes) {
      expect(Episode.safeParse(episode).success).toBe(true);
      const start = Date.parse(episode.start);
      const end = Date.parse(episode.end);
      expect(start).toBeGreaterThanOrEqual(startMs + 7 * DAY);
      expect(end).toBeLessThanOrEqual(startMs + options.days * DAY);
      expect((end - start) / DAY).toBeGreaterThanOrEqual(2);
      expect((end - start) / DAY).toBeLessThanOrEqual(10);
      expect(episode.extraRatio).toBeGreaterThanOrEqual(0.4);
      expect(episode.extraRatio).toBeLessThanOrEqual(1.5);
    }
    const byKind = new Map(run.episodes.map((e) => [e.kind, e]));
    expect(byKind.get('wage_arrears_surge')?.streams).toEqual(['hotline', 'dispute']);
    expect(['平湖街道', '坪地街道']).toContain(regionNodes.find((n) => n.children?.some((c) => c.code === byKind.get('wage_arrears_surge')?.regionCodes[0]))?.name);
    expect(streetCodes.has(byKind.get('pre_holiday_food_safety')?.regionCodes[0] ?? '')).toBe(true);
    // May Day starts on day 11: the food episode ends right before it.
    expect(byKind.get('pre_holiday_food_safety')?.end).toBe('2026-05-01T00:00:00+08:00');
    const flu = byKind.get('influenza_cluster')?.regionCodes ?? [];
    expect(flu.length).toBeGreaterThanOrEqual(2);
    expect(flu.length).toBeLessThanOrEqual(3);
    const fluNeighbours = (code: string): string[] => regionNodes.find((n) => n.code === code)?.neighbours ?? [];
    for (const code of flu.slice(1)) expect(fluNeighbours(flu[0] ?? '')).toContain(code);
    expect(byKind.get('rental_slow_rise')?.shape).toBe('ramp');
  });

  it('adds episode events only in their region, categories and window, on top of an unchanged baseline', () => {
    const cells = (result: SimulationResult): Map<string, number> => {
      const out = new Map<string, number>();
      for (const r of result.records) {
        const key = `${r.stream}|${r.regionCode}|${category(r)}|${dayIndex(r)}`;
        out.set(key, (out.get(key) ?? 0) + weight(r));
      }
      return out;
    };
    const withEpisodes = cells(run);
    const without = cells(baseline);
    const streetOf = (code: string): string => code.slice(0, 9);
    for (const [key, count] of withEpisodes) {
      const extra = count - (without.get(key) ?? 0);
      expect(extra, key).toBeGreaterThanOrEqual(0);
      if (extra === 0) continue;
      const [stream = '', region = '', cat = '', day = ''] = key.split('|');
      const dayStart = startMs + Number(day) * DAY;
      const explained = run.episodes.some(
        (e) =>
          e.streams.includes(stream as SimulatedRecord['stream']) &&
          e.categories.includes(cat) &&
          (e.regionCodes.includes(region) || e.regionCodes.includes(streetOf(region)) || e.regionCodes.some((c) => streetOf(c) === region)) &&
          dayStart >= Date.parse(e.start) &&
          dayStart < Date.parse(e.end),
      );
      expect(explained, `unexplained extra events in ${key}`).toBe(true);
    }
  });

  it('raises each episode region above its own other days, by a weak signal rather than a spike', () => {
    // Full scale: at a fifth, a community sees about one wage complaint a day and the ratio is noise.
    const full = simulate({ ...options, scale: 1 }, config);
    for (const episode of full.episodes) {
      // The region's share of the district's count for the episode's categories, per day: dividing
      // by the district cancels weekday and holiday effects, which hit every region alike.
      const inRegion = (code: string): boolean => episode.regionCodes.some((c) => code === c || code.startsWith(c));
      const region = new Array<number>(options.days).fill(0);
      const district = new Array<number>(options.days).fill(0);
      for (const r of full.records) {
        if (!episode.streams.includes(r.stream) || !episode.categories.includes(category(r))) continue;
        const d = dayIndex(r);
        district[d] = (district[d] ?? 0) + weight(r);
        if (inRegion(r.regionCode)) region[d] = (region[d] ?? 0) + weight(r);
      }
      const first = Math.round((Date.parse(episode.start) - startMs) / DAY);
      const last = Math.round((Date.parse(episode.end) - startMs) / DAY);
      const share = (from: number, to: number): number => sum(region.slice(from, to)) / sum(district.slice(from, to));
      const inside = share(first, last);
      const outside = (sum(region) - sum(region.slice(first, last))) / (sum(district) - sum(district.slice(first, last)));
      expect(inside, episode.id).toBeGreaterThan(1.15 * outside);
      expect(inside, episode.id).toBeLessThan(4 * outside);
    }
  });

  it('writes episode texts with distinctive terms that baseline texts never use', () => {
    const texts = (result: SimulationResult): string[] => result.records.flatMap((r) => (r.stream === 'cases' ? [] : [r.text ?? '']));
    const baselineText = texts(baseline).join('\n');
    const runText = texts(run).join('\n');
    for (const term of ['老板跑路', '腹泻', '发烧', '群租']) {
      expect(baselineText.includes(term), term).toBe(false);
      expect(runText.includes(term), term).toBe(true);
    }
    expect(runText).toMatch(/1[3-9]\d[- ]?\d{4}[- ]?\d{4}/); // phone numbers for redaction
    expect(runText).toMatch(/[A-Za-z]{3,}/); // some English mixed in
  });

  it('honours the episode count and works on the tiny example tree', () => {
    expect(simulate({ ...options, days: 10, scale: 0.05, episodes: 0 }, config).episodes).toEqual([]);
    const six = simulate({ ...options, days: 10, scale: 0.05, episodes: 6 }, config).episodes;
    expect(six.map((e) => e.kind)).toEqual([
      'wage_arrears_surge',
      'pre_holiday_food_safety',
      'influenza_cluster',
      'rental_slow_rise',
      'wage_arrears_surge',
      'pre_holiday_food_safety',
    ]);
    const tiny = simulate({ ...options, days: 10, scale: 0.05 }, bundledConfig('regions.example.yaml'));
    expect(new Set(tiny.records.map((r) => r.regionCode))).toEqual(new Set(['440307006001', '440307009002', '440307006', '440307009']));
    expect(tiny.episodes.length).toBeGreaterThan(0);
  });

  it('plans only the requested kinds, with extra ratios scaled by the episode strength', () => {
    const kinds = ['wage_arrears_surge', 'influenza_cluster'] as const;
    const full = simulate({ ...options, days: 10, scale: 0.05, episodes: 4, episodeKinds: kinds }, config).episodes;
    const half = simulate({ ...options, days: 10, scale: 0.05, episodes: 4, episodeKinds: kinds, episodeStrength: 0.5 }, config).episodes;
    expect(full.map((e) => e.kind)).toEqual(['wage_arrears_surge', 'influenza_cluster', 'wage_arrears_surge', 'influenza_cluster']);
    // Same places and days (the strength draws no random numbers), half the extra ratio (to 2 decimals).
    expect(half.map((e) => [e.regionCodes, e.start, e.end])).toEqual(full.map((e) => [e.regionCodes, e.start, e.end]));
    half.forEach((e, i) => expect(Math.abs(e.extraRatio - full[i]!.extraRatio / 2)).toBeLessThanOrEqual(0.0051));
    expect(() => simulate({ ...options, episodeStrength: 0 }, config)).toThrow(/episodeStrength/);
  });

  it('rejects bad options with a usage error', () => {
    expect(() => simulate({ ...options, start: '2026-02-30' }, config)).toThrow(expect.objectContaining({ code: 'EWS_ERR_CLI_USAGE' }));
    expect(() => simulate({ ...options, days: 0 }, config)).toThrow(/days/);
    expect(() => simulate({ ...options, scale: -1 }, config)).toThrow(/scale/);
    expect(() => simulate({ ...options, episodes: 1.5 }, config)).toThrow(/episodes/);
  });
});

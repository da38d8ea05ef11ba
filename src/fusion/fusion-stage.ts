import type { AlertChange, ContributingSignal } from '../domain/alert.js';
import { DAY_MS, windowStart } from '../domain/granularity.js';
import { seriesKey, type SeriesKey } from '../domain/series-key.js';
import type { StreamName } from '../domain/stream.js';
import { alertId } from '../alerts/alert-id.js';
import { windowLabel } from '../alerts/explain.js';
import { formatP, groupAlertRecord } from '../alerts/group-alert-record.js';
import { GroupAlerts, severityForP } from '../alerts/group-alerts.js';
import { seriesEvidence, seriesSignal } from '../alerts/series-evidence.js';
import type { RegionIndex, RegionInfo } from '../config/region-index.js';
import type { ClosedWindowSet } from '../pipeline/closed-window-set.js';
import type { ClusterFinding } from '../spatial/spatial-scan-stage.js';
import { fisherBrown, sidak, stoufferCorrelated } from './combine-p-values.js';
import type { FusionConfig, FusionTheme } from './fusion-config.js';
import { resolveThemes } from './fusion-themes.js';
import { PValueCalibrator, type CalibrationState } from './p-calibration.js';

/** One signal waiting for its day to be fused; `tests` > 1 for the best of several hourly windows. */
interface PendingSignal {
  readonly signal: ContributingSignal;
  readonly tests: number;
  /** Uncorrected smallest detector p-value of series and hours (see SeriesEvidence.sharpPValue): calibrated at fusion. */
  readonly sharp?: number;
  /** Calibration group, when not the signal's own "stream|category|level|source" (the hottest child of a place). */
  readonly group?: string;
}

/**
 * Keeps the signal with the smallest uncorrected p-value under `key`; with `counted`, also how
 * many it was chosen from (Sidak's correction when not calibrated).
 */
function keepStrongest(signals: Map<string, PendingSignal>, key: string, candidate: PendingSignal, counted: boolean): void {
  const previous = signals.get(key);
  const sharpOf = (p: PendingSignal) => p.sharp ?? p.signal.pValue;
  const best = previous === undefined || sharpOf(candidate) < sharpOf(previous) ? candidate : previous;
  signals.set(key, { ...best, tests: counted ? (previous?.tests ?? 0) + 1 : 1 });
}

/** Plain-JSON state of the fusion stage: part of the engine snapshot. */
export interface FusionState {
  /** Per stream, start of the newest day window closed (fusion waits for every started stream). */
  readonly lastClosedDay: Partial<Record<StreamName, number>>;
  /** Newest day already fused: later signals for it (a stream starting late) are dropped, not fused twice. */
  readonly fusedThrough: number | null;
  /** Signals collected per day start, by "place|stream|category|source[|cluster parent]". */
  readonly pending: { day: number; signals: Record<string, PendingSignal> }[];
  /** Past p-values per calibration group (absent in snapshots from before calibration). */
  readonly calibration?: CalibrationState;
}

export interface FusionSettings {
  readonly config: FusionConfig;
  readonly regions: RegionIndex;
  readonly offsetMinutes: number;
  readonly categories: Readonly<Record<StreamName, readonly { code: string }[]>>;
  readonly resolveAfterQuietWindows: number;
}

export const FUSION_DETECTOR = 'fusion';

/**
 * Collects, per place and day, the evidence of every series, hourly window and spatial cluster
 * that belongs to a theme, and once every stream has closed the day combines each theme's
 * p-values into one: one fused alert per (place, theme) whose explanation lists every signal.
 */
export class FusionStage {
  readonly alerts: GroupAlerts;
  private lastClosedDay: Partial<Record<StreamName, number>> = {};
  private fusedThrough = Number.NEGATIVE_INFINITY;
  private pending = new Map<number, Map<string, PendingSignal>>();
  private readonly themes: readonly FusionTheme[];
  /** Themed categories per stream: looked up for every window of every closing clock. */
  private readonly themed: Readonly<Record<StreamName, ReadonlySet<string>>>;
  private readonly themedStreams: readonly StreamName[];
  private readonly places: readonly RegionInfo[];
  private readonly calibrator: PValueCalibrator;

  constructor(private readonly settings: FusionSettings) {
    this.alerts = new GroupAlerts(settings.resolveAfterQuietWindows);
    this.themes = resolveThemes(settings.config, settings.categories);
    const categoriesOf = (stream: StreamName) => new Set(this.themes.flatMap((t) => t.members.filter((m) => m.stream === stream).map((m) => m.category)));
    this.themed = { hotline: categoriesOf('hotline'), dispute: categoriesOf('dispute'), cases: categoriesOf('cases') };
    this.themedStreams = (['hotline', 'dispute', 'cases'] as const).filter((s) => this.themed[s].size > 0);
    this.places = [...settings.regions.all()].filter((r) => settings.config.levels.includes(r.level as never));
    this.calibrator = new PValueCalibrator(settings.config.calibration);
  }

  /** Records the day and hour windows of a closed clock and the clusters found on it; fuses the days now complete. */
  onWindows(closed: ClosedWindowSet, findings: readonly ClusterFinding[]): AlertChange[] {
    if (!this.settings.config.enabled) return [];
    if (closed.granularity === 'day' || closed.granularity === 'hour') {
      const day = closed.granularity === 'day' ? closed.start : windowStart(closed.start, 'day', this.settings.offsetMinutes);
      if (day > this.fusedThrough) {
        this.collectSeries(closed, day);
        if (closed.granularity === 'day') for (const finding of findings) this.collectCluster(finding, day);
      }
      if (closed.granularity === 'day') this.lastClosedDay[closed.stream] = closed.start;
    }
    return closed.granularity === 'day' ? this.fuseReadyDays() : [];
  }

  snapshot(): FusionState {
    const state = structuredClone({
      lastClosedDay: this.lastClosedDay,
      fusedThrough: Number.isFinite(this.fusedThrough) ? this.fusedThrough : null,
      pending: [...this.pending].map(([day, signals]) => ({ day, signals: Object.fromEntries(signals) })),
    });
    // toJSON copies the histograms already: cloning them twice cost a copy on every save.
    return { ...state, calibration: this.calibrator.toJSON() };
  }

  restore(state: FusionState): void {
    this.lastClosedDay = structuredClone(state.lastClosedDay);
    this.fusedThrough = state.fusedThrough ?? Number.NEGATIVE_INFINITY;
    this.pending = new Map(state.pending.map((p) => [p.day, new Map(Object.entries(structuredClone(p.signals)))]));
    this.calibrator.restore(state.calibration ?? {});
  }

  private dayMap(day: number): Map<string, PendingSignal> {
    let signals = this.pending.get(day);
    if (signals === undefined) this.pending.set(day, (signals = new Map()));
    return signals;
  }

  private collectSeries(closed: ClosedWindowSet, day: number): void {
    const { levels } = this.settings.config;
    const source = closed.granularity === 'day' ? 'series' : 'hours';
    let signals: Map<string, PendingSignal> | null = null;
    for (const scored of closed.windows) {
      const { parts } = scored;
      if (!this.themed[parts.stream].has(parts.category)) continue;
      const region = this.settings.regions.get(parts.region);
      if (region === undefined) continue;
      const fused = levels.includes(region.level as never);
      const parent = source === 'series' && this.settings.config.childSignals && region.parent !== null ? this.settings.regions.get(region.parent) : undefined;
      const parentFused = parent !== undefined && levels.includes(parent.level as never);
      if (!fused && !parentFused) continue;
      const evidence = seriesEvidence(scored, this.settings.config.minExpected);
      if (evidence.detector === 'none') continue; // no history yet: no signal
      const signal = seriesSignal(source, scored.window.key, parts, scored.window.count, evidence);
      signals ??= this.dayMap(day);
      const sharp = evidence.sharpPValue;
      // Hours of a day: keep the strongest and count the hours it was chosen from.
      if (fused) keepStrongest(signals, `${parts.region}|${parts.stream}|${parts.category}|${source}`, { signal, sharp, tests: 1 }, source === 'hours');
      // The hottest child of a place (a community of a street) is a signal of the place: one hot
      // community is diluted in its street's own count. Calibrated as its own group.
      if (parentFused) {
        const group = `${parts.stream}|${parts.category}|${parent.level}|children`;
        keepStrongest(signals, `${parent.code}|${parts.stream}|${parts.category}|children`, { signal, sharp, tests: 1, group }, true);
      }
    }
  }

  /**
   * A cluster of two or more regions is a neighbour signal for each member and for the parent it
   * was found in (a single-region cluster would count that region's series twice).
   */
  private collectCluster(finding: ClusterFinding, day: number): void {
    if (finding.members.length < 2 || !this.themed[finding.stream].has(finding.category)) return;
    const signal: ContributingSignal = {
      source: 'cluster',
      seriesKey: seriesKey(finding.stream, finding.parent, finding.category, finding.granularity),
      stream: finding.stream,
      regionCode: finding.parent,
      regions: [...finding.members],
      category: finding.category,
      granularity: finding.granularity,
      detector: 'spatial_scan',
      observed: finding.observed,
      expected: finding.expected,
      pValue: finding.pValue,
    };
    const signals = this.dayMap(day);
    for (const place of [...finding.members, finding.parent]) {
      signals.set(`${place}|${finding.stream}|${finding.category}|cluster|${finding.parent}`, { signal, tests: 1 });
    }
  }

  /**
   * Days every started stream has closed, and days older than `maxWaitDays` behind the newest.
   * Until the first day is fused, "started" means every stream a theme names: the other streams'
   * first day closes a little after the first one's, and would otherwise be dropped.
   */
  private fuseReadyDays(): AlertChange[] {
    const closedDays = Object.values(this.lastClosedDay);
    if (closedDays.length === 0) return [];
    const waitingFor = Number.isFinite(this.fusedThrough) ? closedDays : this.themedStreams.map((s) => this.lastClosedDay[s] ?? Number.NEGATIVE_INFINITY);
    const allClosed = Math.min(...waitingFor);
    const forced = Math.max(...closedDays) - this.settings.config.maxWaitDays * DAY_MS;
    const ready = [...this.pending.keys()].filter((day) => day <= allClosed || day <= forced).sort((a, b) => a - b);
    const changes: AlertChange[] = [];
    for (const day of ready) {
      const signals = this.pending.get(day) ?? new Map<string, PendingSignal>();
      this.pending.delete(day);
      this.fusedThrough = Math.max(this.fusedThrough, day);
      changes.push(...this.fuseDay(day, signals));
    }
    return changes;
  }

  private fuseDay(day: number, pending: ReadonlyMap<string, PendingSignal>): AlertChange[] {
    const byPlace = new Map<string, ContributingSignal[]>();
    const seen: [string, number][] = [];
    for (const [key, pendingSignal] of pending) {
      const place = key.slice(0, key.indexOf('|'));
      const list = byPlace.get(place) ?? [];
      list.push(this.evidence(pendingSignal, seen));
      byPlace.set(place, list);
    }
    // Today's p-values join the past only after all of today's are calibrated.
    for (const [group, p] of seen) this.calibrator.add(group, p);
    const changes: AlertChange[] = [];
    for (const place of this.places) {
      const placeSignals = byPlace.get(place.code) ?? [];
      for (const theme of this.themes) {
        const inTheme = placeSignals
          .filter((s) => theme.members.some((m) => m.stream === s.stream && m.category === s.category))
          .sort((a, b) => a.pValue - b.pValue || a.seriesKey.localeCompare(b.seriesKey) || a.source.localeCompare(b.source));
        const change = this.step(place, theme, day, inTheme);
        if (change !== null) changes.push(change);
      }
    }
    return changes;
  }

  /**
   * The p-value a signal enters fusion with: calibrated against its group's past when calibration
   * is on and its group ("stream|category|level|source") has `minCount` past p-values, and else
   * Sidak-corrected over the hours or children it was chosen from.
   */
  private evidence({ signal, tests, sharp, group: ownGroup }: PendingSignal, seen: [string, number][]): ContributingSignal {
    const conservative = tests > 1 ? { ...signal, pValue: sidak(signal.pValue, tests) } : signal;
    if (!this.settings.config.calibration.enabled || sharp === undefined) return conservative;
    const level = this.settings.regions.get(signal.regionCode)?.level ?? '';
    const group = ownGroup ?? `${signal.stream}|${signal.category}|${level}|${signal.source}`;
    seen.push([group, sharp]);
    const calibrated = this.calibrator.calibrate(group, sharp);
    return calibrated === null ? conservative : { ...signal, pValue: calibrated };
  }

  private step(place: RegionInfo, theme: FusionTheme, day: number, signals: readonly ContributingSignal[]): AlertChange | null {
    const { config, offsetMinutes } = this.settings;
    const key = `fused|${place.code}|${theme.name}|day`;
    const pValues = signals.map((s) => s.pValue);
    const correlation = (i: number, j: number) =>
      signals[i]?.stream === signals[j]?.stream && signals[i]?.category === signals[j]?.category ? config.sameSeriesCorrelation : config.correlation;
    const fused = config.method === 'stouffer' ? stoufferCorrelated(pValues, correlation) : fisherBrown(pValues, correlation);
    const raised = signals.filter((s) => s.pValue <= config.signalAlpha);
    const corroborating = raised.length;
    const streams = new Set(raised.map((s) => s.stream)).size;
    const severity = corroborating >= config.minSignals && streams >= config.minStreams ? severityForP(fused, config.alpha) : null;
    if (severity === null && !this.alerts.isOpen(key)) return null;
    const strongest = signals[0];
    const daySeries = signals.filter((s) => s.source === 'series');
    const observed = daySeries.reduce((sum, s) => sum + s.observed, 0);
    const expectedParts = daySeries.map((s) => s.expected).filter((e): e is number => e !== null);
    const expected = expectedParts.length > 0 ? expectedParts.reduce((a, b) => a + b, 0) : null;
    const fusedKey = key as SeriesKey;
    const label = windowLabel(day, 'day', offsetMinutes);
    const method = config.method === 'stouffer' ? "Stouffer's method" : "Fisher's method with Brown's correction";
    const listed = signals.map((s) => describeSignal(s, this.settings.regions)).join('; ');
    return this.alerts.step({
      key,
      start: day,
      severity,
      id: (openedStart) => alertId(fusedKey, [FUSION_DETECTOR], openedStart, 'fused'),
      render: (state, status) =>
        groupAlertRecord(state, status, {
          kind: 'fused',
          seriesKey: key,
          stream: strongest?.stream ?? theme.members[0]?.stream ?? 'hotline',
          region: { code: place.code, name: place.name, level: place.level },
          category: theme.name,
          granularity: 'day',
          windowStart: day,
          offsetMinutes,
          observed,
          expected,
          pValue: fused,
          detector: FUSION_DETECTOR,
          firing: severity !== null,
          historyWindows: 0,
          signals,
          explanation:
            status === 'resolved' || severity === null
              ? `${place.name} (${place.code}) ${theme.name} signals back to normal on ${label}: fused p = ${formatP(fused)} from ${signals.length} signals.`
              : `${place.name} (${place.code}) ${theme.name}: ${corroborating} of ${signals.length} signals raised on ${label}, fused p = ${formatP(fused)} ` +
                `(${method}, correlation ${config.sameSeriesCorrelation} within a series, ${config.correlation} across). Signals: ${listed}.`,
        }),
    });
  }
}

function describeSignal(signal: ContributingSignal, regions: RegionIndex): string {
  const where =
    signal.source === 'cluster'
      ? `cluster of ${signal.regions.map((c) => regions.get(c)?.name ?? c).join('+')}`
      : `${regions.get(signal.regionCode)?.name ?? signal.regionCode}${signal.source === 'hours' ? ' busiest hour' : ''}`;
  const expected = signal.expected === null ? 'n/a' : signal.expected.toFixed(1);
  return `${signal.stream}/${signal.category} ${where} ${signal.observed} vs ${expected} (${signal.detector}, p ${formatP(signal.pValue)})`;
}

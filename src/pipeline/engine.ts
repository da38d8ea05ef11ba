import type { AlertChange } from '../domain/alert.js';
import type { Event } from '../domain/event.js';
import { windowStart } from '../domain/granularity.js';
import { formatLocalIso, localHour, localWeekday } from '../domain/local-time.js';
import { seriesKey } from '../domain/series-key.js';
import type { StreamName } from '../domain/stream.js';
import type { Window } from '../domain/window.js';
import { AlertManager, type OpenAlert } from '../alerts/alert-manager.js';
import type { OpenGroupAlert } from '../alerts/group-alerts.js';
import { decodeRecord } from '../sources/decode-record.js';
import type { RejectReason, Rejection } from '../sources/reject.js';
import { emptyEngineStats, type EngineStats, type StatsStream } from './engine-stats.js';
import { buildEngineSettings, type EngineSettings, STREAMS } from './engine-settings.js';
import { countTerms, restoreOpenTerms, takeClosingTerms } from './open-terms.js';
import { RecordDedup } from './record-dedup.js';
import { type BucketRevisions, RevisionRegistry } from './revision-registry.js';
import type { BucketDelta } from './bucket-changes.js';
import { type DetectorTimer, scoreWindow } from './score-window.js';
import type { ScoredWindow } from './scored-window.js';
import type { SeriesSnapshot, SeriesState } from './series-state.js';
import { snapshotSeries } from './series-state.js';
import { StreamClock } from './stream-clock.js';
import { CrossSeriesStage, type CrossSeriesSnapshot } from './cross-series-stage.js';
import { textTermKeys } from '../text/ngrams.js';
import type { TermKey } from '../text/term-keys.js';
import type { AppConfig } from '../config/app-config.js';

export type IngestOutcome =
  | { readonly status: 'accepted'; readonly stream: StreamName }
  | { readonly status: 'revised'; readonly stream: StreamName }
  | ({ readonly status: 'rejected'; readonly stream: StatsStream; readonly cause?: unknown } & Rejection);

export interface EngineOptions {
  readonly config: AppConfig;
  /** Wall clock, only to reject far-future timestamps; tests pass a fixed one. */
  readonly now?: () => number;
  /** Called for every scored window (and re-scored one), e.g. for metrics and the series API. */
  readonly onWindowScored?: (scored: ScoredWindow) => void;
  /** Called with each detector update's duration, e.g. for a histogram. Off when absent. */
  readonly detectorTimer?: DetectorTimer;
}

/** The small part of the engine state, rewritten on every save: clocks, open alerts, tallies. */
export interface EngineMeta {
  readonly version: 1;
  readonly clocks: { stream: StreamName; granularity: string; closedUpTo: number | null }[];
  readonly maxEventTime: Record<StreamName, number | null>;
  readonly openAlerts: OpenAlert[];
  readonly stats: EngineStats;
  /** Open cluster and fused alerts and fusion's pending days; absent in snapshots from before 0.2. */
  readonly crossSeries?: CrossSeriesSnapshot;
}

/** Plain-JSON state of a whole engine: what a state store saves and restores. */
export interface EngineSnapshot extends EngineMeta {
  readonly series: SeriesSnapshot[];
  readonly dedup: Record<StreamName, [number, string[]][]>;
  readonly revisions: BucketRevisions;
}

/** What changed since the last save: the meta, the series touched, and the buckets touched or dropped. */
export interface EngineChanges {
  readonly meta: EngineMeta;
  readonly series: SeriesSnapshot[];
  readonly dedup: Record<StreamName, BucketDelta<string[]>>;
  readonly revisions: BucketDelta<BucketRevisions>;
}

const NO_TERMS: ReadonlyMap<TermKey, number> = new Map();
const TIME_FIELD: Readonly<Record<StreamName, string>> = { hotline: 'receivedAt', dispute: 'reportedAt', cases: 'periodStart' };

/**
 * The core: decoded events -> event-time windows per series (rolled up the region tree)
 * -> detectors on every closed window -> alert changes. Synchronous and transport-free:
 * callers feed records, then drain `takeAlertChanges()` to their sinks before committing.
 */
export class Engine {
  readonly settings: EngineSettings;
  readonly stats: EngineStats = emptyEngineStats();
  private readonly now: () => number;
  private readonly onWindowScored: ((scored: ScoredWindow) => void) | undefined;
  private readonly detectorTimer: DetectorTimer | undefined;
  private readonly clocks: Record<StreamName, StreamClock[]>;
  private readonly maxEventTime: Record<StreamName, number> = { hotline: -Infinity, dispute: -Infinity, cases: -Infinity };
  private readonly dedup: Record<StreamName, RecordDedup> = { hotline: new RecordDedup(), dispute: new RecordDedup(), cases: new RecordDedup() };
  private revisions = new RevisionRegistry();
  private readonly alerts: AlertManager;
  /** Spatial clusters and fusion: called once per closed window start of each clock. */
  private readonly crossSeries: CrossSeriesStage;
  private outbox: AlertChange[] = [];
  /** Series changed since the last `snapshotChanges()`: what a state store must rewrite. */
  private dirty = new Set<SeriesState>();

  constructor(options: EngineOptions) {
    this.settings = buildEngineSettings(options.config);
    this.now = options.now ?? Date.now;
    this.onWindowScored = options.onWindowScored;
    this.detectorTimer = options.detectorTimer;
    const { specs } = this.settings;
    const clocksOf = (stream: StreamName) =>
      specs[stream].map((s) => new StreamClock(stream, s.granularity, s.width, s.levels as ReadonlySet<never>, options.config.categories[stream].length));
    this.clocks = { hotline: clocksOf('hotline'), dispute: clocksOf('dispute'), cases: clocksOf('cases') };
    this.alerts = new AlertManager({
      alerting: options.config.alerting,
      offsetMinutes: this.settings.offsetMinutes,
      regions: this.settings.regions,
      categoryNames: this.settings.categoryNames,
    });
    this.crossSeries = new CrossSeriesStage(this.settings);
  }

  /** One JSONL line or Kafka message value. */
  ingestText(text: string, stream?: StreamName): IngestOutcome {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const name = stream ?? 'unknown';
      this.stats[name].received += 1;
      return this.reject(name, 'invalid_json', [`(record): ${(error as Error).message}`]);
    }
    return this.ingest(value, stream);
  }

  /** One parsed record. `stream` comes from the topic; without it the record's `stream` field decides. */
  ingest(value: unknown, stream?: StreamName): IngestOutcome {
    let name: StatsStream = stream ?? streamField(value);
    let counted = false;
    try {
      const decoded = decodeRecord(value, this.settings.catalog, stream);
      if (stream === undefined && decoded.ok) name = decoded.event.stream;
      this.stats[name].received += 1;
      counted = true;
      if (!decoded.ok) return this.reject(name, decoded.reason, decoded.details);
      return this.accept(decoded.event);
    } catch (error) {
      // A bug (here or in a detector) must not stop the stream: the record is rejected and
      // counted. The state it touched may be partly updated; the caller logs `cause`.
      if (!counted) this.stats[name].received += 1;
      this.stats[name].rejected.internal_error += 1;
      return { status: 'rejected', stream: name, reason: 'internal_error', details: [`(engine): ${(error as Error).message}`], cause: error };
    }
  }

  /** A transport message without a value (Kafka tombstone): counted and rejected, never decoded. */
  ingestEmpty(stream: StreamName): IngestOutcome {
    this.stats[stream].received += 1;
    return this.reject(stream, 'empty_value', ['(record): the message has no value (null)']);
  }

  /** Alert changes produced since the last call, in order. */
  takeAlertChanges(): AlertChange[] {
    const changes = this.outbox;
    this.outbox = [];
    return changes;
  }

  /**
   * End of input (replay, backtest): close every window that holds an event, at every
   * granularity. The newest windows may be partial (a week cut short by the end of the file).
   */
  finish(): void {
    for (const stream of STREAMS) {
      const newest = this.maxEventTime[stream];
      if (!Number.isFinite(newest)) continue;
      for (const clock of this.clocks[stream]) {
        this.closeUntil(clock, windowStart(newest, clock.granularity, this.settings.offsetMinutes) + clock.width);
      }
    }
  }

  /** Series the engine tracks (all series of streams that have started). */
  get seriesCount(): number {
    let count = 0;
    for (const stream of STREAMS) for (const clock of this.clocks[stream]) count += clock.series.length;
    return count;
  }

  /** Newest event time seen on `stream` (epoch ms), or null before its first event. */
  newestEventTime(stream: StreamName): number | null {
    const time = this.maxEventTime[stream];
    return Number.isFinite(time) ? time : null;
  }

  /** Open alerts of every kind: series alerts, then cluster and fused alerts. */
  openAlerts(): readonly (OpenAlert | OpenGroupAlert)[] {
    const group = this.crossSeries.openAlerts();
    const series = this.alerts.openAlerts();
    return group.length === 0 ? series : [...series, ...group];
  }

  allSeries(): IterableIterator<SeriesState> {
    const clocks = STREAMS.flatMap((s) => this.clocks[s]);
    return (function* () {
      for (const clock of clocks) yield* clock.series;
    })();
  }

  private accept(event: Event): IngestOutcome {
    const { stream } = event;
    const { offsetMinutes } = this.settings;
    if (event.time > this.now() + this.settings.maxFutureSkewMs) {
      return this.reject(stream, 'future_timestamp', [
        `${TIME_FIELD[stream]}: ${formatLocalIso(event.time, offsetMinutes)} is ahead of the clock by more than ${this.settings.config.windowing.maxFutureSkewMinutes} min`,
      ]);
    }
    const clocks = this.targetClocks(event);
    const finest = clocks[0];
    if (finest === undefined) {
      return this.reject(stream, 'schema_violation', ['periodEnd: the period is longer than every configured granularity for cases']);
    }
    if (!finest.started) this.startStream(stream, event.time);
    const bucket = windowStart(event.time, finest.granularity, offsetMinutes);
    const editable = stream === 'cases' ? finest.closedUpTo - this.settings.config.windowing.revisionHorizonWindows * finest.width : finest.closedUpTo;
    if (bucket < editable) {
      return this.reject(stream, 'late', [
        `${TIME_FIELD[stream]}: ${formatLocalIso(event.time, offsetMinutes)} falls in a ${finest.granularity} window closed at watermark ` +
          `${formatLocalIso(finest.closedUpTo, offsetMinutes)} (allowed lateness ${this.settings.latenessMs[stream] / 60_000} min)`,
      ]);
    }
    if (!this.dedup[stream].remember(event.id, bucket)) {
      return this.reject(stream, 'duplicate', [`id: "${event.id}" was already counted`]);
    }
    let delta = event.count;
    let revised = bucket < finest.closedUpTo;
    if (stream === 'cases') {
      const key = RevisionRegistry.periodKey(event.region, event.category, event.time, event.periodEnd ?? event.time);
      const previous = this.revisions.get(key);
      const revision = event.revision ?? 0;
      if (previous !== undefined) {
        if (revision <= previous.revision) {
          return this.reject(stream, 'stale_revision', [`revision: ${revision} does not supersede revision ${previous.revision} of this period`]);
        }
        delta = event.count - previous.count;
        revised = true;
      }
      this.revisions.set(key, { revision, count: event.count, bucket });
    }
    this.apply(event, clocks, delta);
    this.advance(stream, event.time);
    if (revised) {
      this.stats[stream].revised += 1;
      return { status: 'revised', stream };
    }
    this.stats[stream].accepted += 1;
    return { status: 'accepted', stream };
  }

  /** Case counts go only to granularities at least as long as their period. */
  private targetClocks(event: Event): readonly StreamClock[] {
    const clocks = this.clocks[event.stream];
    if (event.periodEnd === undefined) return clocks;
    const period = event.periodEnd - event.time;
    return clocks.filter((c) => c.width >= period);
  }

  private apply(event: Event, clocks: readonly StreamClock[], delta: number): void {
    const chain = this.settings.regions.get(event.region)?.chainIndexes ?? [];
    const category = this.settings.categoryIndexes[event.stream].get(event.category) ?? -1;
    // Split into terms once, and only when some series of the event runs a term detector.
    let terms: readonly TermKey[] | undefined;
    for (const clock of clocks) {
      const start = windowStart(event.time, clock.granularity, this.settings.offsetMinutes);
      // Open windows are counted in an array indexed from the oldest open window.
      const offset = Math.round((start - clock.closedUpTo) / clock.width);
      for (const region of chain) {
        const series = clock.find(region, category);
        if (series === undefined) continue;
        if (offset < 0) {
          this.reviseClosed(clock, series, start, delta);
          continue;
        }
        const open = series.open;
        while (open.length <= offset) open.push(0);
        open[offset] = (open[offset] ?? 0) + delta;
        if (series.openTerms !== null && event.text !== undefined) countTerms(series.openTerms, offset, (terms ??= textTermKeys(event.text)));
        this.dirty.add(series);
      }
    }
  }

  private advance(stream: StreamName, time: number): void {
    if (time <= this.maxEventTime[stream]) return;
    this.maxEventTime[stream] = time;
    const watermark = time - this.settings.latenessMs[stream];
    const clocks = this.clocks[stream];
    const finest = clocks[0];
    if (finest === undefined || finest.closedUpTo + finest.width > watermark) return; // nothing closes
    for (const clock of clocks) this.closeUntil(clock, watermark);
    const keepFrom = stream === 'cases' ? finest.closedUpTo - this.settings.config.windowing.revisionHorizonWindows * finest.width : finest.closedUpTo;
    this.dedup[stream].forgetBefore(keepFrom);
    if (stream === 'cases') this.revisions.forgetBefore(keepFrom);
  }

  /** Creates every series of the stream and starts its clocks just before its first event. */
  private startStream(stream: StreamName, firstTime: number): void {
    const { regions, plan, offsetMinutes, config } = this.settings;
    const categories = config.categories[stream];
    for (const clock of this.clocks[stream]) {
      clock.closedUpTo = windowStart(firstTime - this.settings.latenessMs[stream], clock.granularity, offsetMinutes);
      for (const region of regions.all()) {
        if (!clock.levels.has(region.level)) continue;
        for (const [categoryIndex, category] of categories.entries()) {
          const parts = { stream, region: region.code, category: category.code, granularity: clock.granularity };
          const planned = plan.forSeries(parts);
          const initial = planned.map((p) => p.detector.create(p.config));
          const series: SeriesState = {
            key: seriesKey(stream, region.code, category.code, clock.granularity),
            parts,
            plan: planned,
            open: [],
            openTerms: planned.some((p) => p.detector.usesTerms === true) ? [] : null,
            detectorStates: initial,
            history: [],
            lastClosedStart: Number.NaN,
            closedCount: 0,
            checkpoint: stream === 'cases' && config.windowing.revisionHorizonWindows > 0 ? initial : null,
          };
          clock.add(series, region.index, categoryIndex);
        }
      }
    }
  }

  private closeUntil(clock: StreamClock, watermark: number): void {
    while (clock.closedUpTo + clock.width <= watermark) {
      this.closeWindow(clock, clock.closedUpTo);
      clock.closedUpTo += clock.width;
    }
  }

  private closeWindow(clock: StreamClock, start: number): void {
    const historyCap = this.settings.config.windowing.historyWindows;
    const horizon = this.settings.config.windowing.revisionHorizonWindows;
    const { offsetMinutes, calendar } = this.settings;
    const weekday = localWeekday(start, offsetMinutes);
    const hour = clock.granularity === 'hour' ? localHour(start, offsetMinutes) : 0;
    const dayType = calendar.dayType(start);
    const end = start + clock.width;
    const closed: ScoredWindow[] = [];
    for (const series of clock.series) {
      // The oldest open window is the one closing: its count leaves the front of the array.
      const count = series.open.length === 0 ? 0 : (series.open.shift() ?? 0);
      const terms = takeClosingTerms(series.openTerms);
      if (series.checkpoint !== null && series.closedCount >= horizon) {
        // The oldest revisable window leaves the horizon: move the checkpoint past it.
        const leaving = start - horizon * clock.width;
        series.checkpoint = scoreWindow(series.plan, series.checkpoint, this.windowAt(clock, series, leaving, series.history[series.history.length - horizon] ?? 0)).states;
      }
      const window: Window = { key: series.key, granularity: clock.granularity, start, end, count, weekday, hour, dayType, terms };
      const scored = scoreWindow(series.plan, series.detectorStates, window, this.detectorTimer);
      series.detectorStates = scored.states;
      series.history.push(count);
      if (series.history.length > historyCap) series.history.shift();
      series.lastClosedStart = start;
      this.dirty.add(series);
      const result: ScoredWindow = { parts: series.parts, window, verdicts: scored.verdicts, historyWindows: series.closedCount, revised: false };
      this.onWindowScored?.(result);
      const change = this.alerts.onWindow(result);
      series.closedCount += 1;
      if (change !== null) this.outbox.push(change);
      closed.push(result);
    }
    // Cross-series stage hook: spatial clusters and fusion see every series of this window at once.
    for (const change of this.crossSeries.onClockClosed({ stream: clock.stream, granularity: clock.granularity, start, end, windows: closed })) {
      this.outbox.push(change);
    }
  }

  /**
   * A case count changed a closed window: fix its count, replay the detectors from the
   * checkpoint through the newest window, and report the re-scored window.
   */
  private reviseClosed(clock: StreamClock, series: SeriesState, start: number, delta: number): void {
    const revisable = Math.min(this.settings.config.windowing.revisionHorizonWindows, series.closedCount);
    const back = (series.lastClosedStart - start) / clock.width + 1;
    if (series.checkpoint === null || back > revisable) {
      throw new Error(`internal: revision of ${series.key} at ${start} is outside the revision horizon`);
    }
    const revisedIndex = series.history.length - back;
    series.history[revisedIndex] = (series.history[revisedIndex] ?? 0) + delta;
    let states = series.checkpoint;
    for (let i = revisable; i >= 1; i--) {
      const windowStartTime = series.lastClosedStart - (i - 1) * clock.width;
      const window = this.windowAt(clock, series, windowStartTime, series.history[series.history.length - i] ?? 0);
      const scored = scoreWindow(series.plan, states, window);
      states = scored.states;
      if (i === back) {
        const result: ScoredWindow = { parts: series.parts, window, verdicts: scored.verdicts, historyWindows: series.closedCount - back, revised: true };
        this.onWindowScored?.(result);
        const change = this.alerts.onRevisedWindow(result);
        if (change !== null) this.outbox.push(change);
      }
    }
    series.detectorStates = states;
    this.dirty.add(series);
  }

  /** The closed window of `series` starting at `start`, with `count`. */
  private windowAt(clock: StreamClock, series: SeriesState, start: number, count: number): Window {
    const { offsetMinutes, calendar } = this.settings;
    return {
      key: series.key,
      granularity: clock.granularity,
      start,
      end: start + clock.width,
      count,
      weekday: localWeekday(start, offsetMinutes),
      hour: clock.granularity === 'hour' ? localHour(start, offsetMinutes) : 0,
      dayType: calendar.dayType(start),
      terms: NO_TERMS,
    };
  }

  private reject(stream: StatsStream, reason: RejectReason, details: readonly string[]): IngestOutcome {
    this.stats[stream].rejected[reason] += 1;
    return { status: 'rejected', stream, reason, details };
  }

  // --- snapshot and restore -------------------------------------------------------------

  /** The whole state as plain JSON. Resets what changed (a full save writes it all). */
  snapshot(): EngineSnapshot {
    this.dirty.clear();
    for (const stream of STREAMS) this.dedup[stream].clearChanges();
    this.revisions.clearChanges();
    return structuredClone({
      ...this.meta(),
      series: [...this.allSeries()].map(snapshotSeries),
      dedup: { hotline: this.dedup.hotline.toJSON(), dispute: this.dedup.dispute.toJSON(), cases: this.dedup.cases.toJSON() },
      revisions: this.revisions.toJSON(),
    });
  }

  /**
   * What changed since the last `snapshot` or `snapshotChanges`: the meta (small, always),
   * the series touched, and the dedup and revision buckets touched or dropped. What a store
   * writes after a batch; everything else in it is unchanged. Resets what changed.
   *
   * Not a copy: series and tallies are live views (copying them cost more than the engine
   * work of a batch). Serialize the result before the engine ingests again; the state stores
   * do, synchronously inside `setMany`.
   */
  snapshotChanges(): EngineChanges {
    const changed = [...this.dirty];
    this.dirty = new Set();
    return {
      meta: this.meta(),
      series: changed.map(snapshotSeries),
      dedup: { hotline: this.dedup.hotline.takeChanges(), dispute: this.dedup.dispute.takeChanges(), cases: this.dedup.cases.takeChanges() },
      revisions: this.revisions.takeChanges(),
    };
  }

  private meta(): EngineMeta {
    const clocks = STREAMS.flatMap((stream) =>
      this.clocks[stream].map((c) => ({ stream, granularity: c.granularity, closedUpTo: c.started ? c.closedUpTo : null })),
    );
    const finite = (t: number) => (Number.isFinite(t) ? t : null);
    return {
      version: 1,
      clocks,
      maxEventTime: { hotline: finite(this.maxEventTime.hotline), dispute: finite(this.maxEventTime.dispute), cases: finite(this.maxEventTime.cases) },
      openAlerts: this.alerts.snapshot(),
      stats: this.stats,
      crossSeries: this.crossSeries.snapshot(),
    };
  }

  /**
   * Rebuilds an engine from a snapshot under `options.config`. Detector state is kept where
   * the series still runs the same detector and the state validates; otherwise it starts fresh.
   */
  static restore(options: EngineOptions, snapshot: EngineSnapshot): Engine {
    const engine = new Engine(options);
    const saved = new Map(snapshot.series.map((s) => [s.key, s]));
    for (const stream of STREAMS) {
      const first = snapshot.maxEventTime[stream];
      if (first === null) continue;
      engine.startStream(stream, first);
      engine.maxEventTime[stream] = first;
      for (const clock of engine.clocks[stream]) {
        const savedClock = snapshot.clocks.find((c) => c.stream === stream && c.granularity === clock.granularity);
        if (savedClock?.closedUpTo != null) clock.closedUpTo = savedClock.closedUpTo;
        for (const series of clock.series) {
          const state = saved.get(series.key);
          if (state !== undefined) restoreSeries(series, state);
        }
      }
      engine.dedup[stream] = RecordDedup.fromJSON(snapshot.dedup[stream]);
    }
    engine.revisions = RevisionRegistry.fromJSON(snapshot.revisions);
    engine.alerts.restore(snapshot.openAlerts);
    if (snapshot.crossSeries !== undefined) engine.crossSeries.restore(snapshot.crossSeries);
    for (const name of Object.keys(engine.stats) as StatsStream[]) {
      // Reasons added since the snapshot was taken keep their zero.
      const { rejected, ...tallies } = structuredClone(snapshot.stats[name]);
      Object.assign(engine.stats[name], tallies);
      Object.assign(engine.stats[name].rejected, rejected);
    }
    return engine;
  }
}

function restoreSeries(series: SeriesState, saved: SeriesSnapshot): void {
  series.open.splice(0, series.open.length, ...saved.open);
  restoreOpenTerms(series.openTerms, saved.openTerms);
  series.history = [...saved.history];
  series.lastClosedStart = saved.lastClosedStart ?? Number.NaN;
  series.closedCount = saved.closedCount;
  const sameDetectors = saved.detectorNames.length === series.plan.length && saved.detectorNames.every((n, i) => n === series.plan[i]?.name);
  series.detectorStates = series.plan.map((planned) => {
    const index = saved.detectorNames.indexOf(planned.name);
    const parsed = index < 0 ? undefined : planned.detector.stateSchema.safeParse(saved.detectorStates[index]);
    return parsed?.success === true ? parsed.data : planned.detector.create(planned.config);
  });
  // A checkpoint only makes sense for the same detectors; otherwise revisions replay from fresh state.
  if (series.checkpoint !== null) series.checkpoint = sameDetectors && saved.checkpoint !== null ? saved.checkpoint : series.detectorStates;
}

function streamField(value: unknown): StatsStream {
  const stream = value !== null && typeof value === 'object' ? (value as { stream?: unknown }).stream : undefined;
  return stream === 'hotline' || stream === 'dispute' || stream === 'cases' ? stream : 'unknown';
}

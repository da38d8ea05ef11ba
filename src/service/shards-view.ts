import type { StreamName } from '../domain/stream.js';
import { emptyEngineStats, type EngineStats } from '../pipeline/engine-stats.js';
import type { Engine } from '../pipeline/engine.js';
import type { SeriesState } from '../pipeline/series-state.js';

/** What metrics and the HTTP views read from the engine. */
export type EngineView = Pick<Engine, 'stats' | 'seriesCount' | 'openAlerts' | 'allSeries' | 'settings' | 'newestEventTime'>;

/**
 * The shards an instance holds, read as one engine by metrics and the HTTP API. Shards never
 * share a record, so tallies add up and open alerts are disjoint. Every shard tracks a series
 * for every region of the config, but only the owner of a street receives its records: the
 * copies elsewhere count zeros, so a series is read from the copy with the most events. With
 * no shard held, `idle` (an empty engine) answers.
 */
export function shardsView(engines: () => readonly Engine[], idle: Engine): EngineView {
  const held = () => {
    const list = engines();
    return list.length === 0 ? [idle] : list;
  };
  return {
    get stats(): EngineStats {
      const list = held();
      if (list.length === 1) return list[0]!.stats;
      const sum = emptyEngineStats();
      for (const engine of list) {
        for (const [stream, s] of Object.entries(engine.stats) as [keyof EngineStats, EngineStats[keyof EngineStats]][]) {
          const into = sum[stream];
          into.received += s.received;
          into.accepted += s.accepted;
          into.revised += s.revised;
          for (const [reason, n] of Object.entries(s.rejected) as [keyof typeof s.rejected, number][]) into.rejected[reason] += n;
        }
      }
      return sum;
    },
    get seriesCount(): number {
      return Math.max(...held().map((engine) => engine.seriesCount)); // the same series in every shard
    },
    get settings() {
      return held()[0]!.settings;
    },
    openAlerts() {
      return held().flatMap((engine) => engine.openAlerts());
    },
    newestEventTime(stream: StreamName): number | null {
      const times = held().map((engine) => engine.newestEventTime(stream)).filter((time): time is number => time !== null);
      return times.length === 0 ? null : Math.max(...times);
    },
    allSeries(): IterableIterator<SeriesState> {
      const list = held();
      if (list.length === 1) return list[0]!.allSeries();
      const best = new Map<string, { series: SeriesState; events: number }>();
      for (const engine of list) {
        for (const series of engine.allSeries()) {
          const events = series.history.reduce((a, b) => a + b, 0) + series.open.reduce((a, b) => a + b, 0);
          const seen = best.get(series.key);
          if (seen === undefined || events > seen.events) best.set(series.key, { series, events });
        }
      }
      return [...best.values()].map((entry) => entry.series)[Symbol.iterator]();
    },
  };
}

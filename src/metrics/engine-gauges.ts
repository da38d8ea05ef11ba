import { Gauge, type Registry } from 'prom-client';
import { Severity } from '../domain/severity.js';
import type { Engine } from '../pipeline/engine.js';
import { ALERTS_OPEN, SERIES_ACTIVE } from './metric-names.js';

export type EngineGaugeSource = Pick<Engine, 'openAlerts' | 'seriesCount'>;

/**
 * `ews_alerts_open{severity}` and `ews_series_active`, read from the engine at scrape time.
 * Every severity is exposed, 0 included, so a panel shows 0 rather than "no data".
 */
export function registerEngineGauges(registry: Registry, engine: () => EngineGaugeSource): void {
  new Gauge({
    name: ALERTS_OPEN.name,
    help: ALERTS_OPEN.help,
    labelNames: ALERTS_OPEN.labelNames,
    registers: [registry],
    collect(this: Gauge<'severity'>) {
      const open = Object.fromEntries(Severity.options.map((s) => [s, 0])) as Record<Severity, number>;
      for (const alert of engine().openAlerts()) open[alert.severity] += 1;
      for (const severity of Severity.options) this.set({ severity }, open[severity]);
    },
  });
  new Gauge({
    name: SERIES_ACTIVE.name,
    help: SERIES_ACTIVE.help,
    registers: [registry],
    collect(this: Gauge) {
      this.set(engine().seriesCount);
    },
  });
}

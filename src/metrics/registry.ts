import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRIC_PREFIX } from './metric-names.js';

export interface MetricsRegistryOptions {
  /** Process and Node.js metrics (CPU, memory, event loop, GC), prefixed `ews_`. Default true. */
  readonly defaultMetrics?: boolean;
}

/**
 * A fresh registry for one service (or one test): never prom-client's global one, so two
 * instances in a process, or two tests, never share or collide on metrics.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

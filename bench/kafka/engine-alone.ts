import type { AppConfig } from '../../src/config/app-config.js';
import { Engine } from '../../src/pipeline/engine.js';
import type { BenchInput } from './bench-topics.js';

export interface EngineAloneRun {
  readonly ms: number;
  /** Time inside detector updates (the service times them too, for its histogram). */
  readonly detectorMs: number;
}

/**
 * The same message values through an engine in process, with no Kafka and no Redis: what the
 * service could reach if transport and state cost nothing.
 */
export function engineAlone(config: AppConfig, input: BenchInput): EngineAloneRun {
  let detectorSeconds = 0;
  const engine = new Engine({ config, detectorTimer: (_detector, seconds) => (detectorSeconds += seconds) });
  const started = performance.now();
  for (const { stream, value } of input.ordered) engine.ingestText(value, stream);
  engine.takeAlertChanges();
  return { ms: performance.now() - started, detectorMs: detectorSeconds * 1000 };
}

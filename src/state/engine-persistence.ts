import type { EngineOptions, EngineSnapshot } from '../pipeline/engine.js';
import { Engine } from '../pipeline/engine.js';
import type { StateStore } from './state-store.js';

const META_KEY = 'engine:meta';
const SERIES_PREFIX = 'engine:series:';

/** Saves the whole engine: one key per series plus one for the rest. */
export async function saveEngine(engine: Engine, store: StateStore): Promise<void> {
  await write(engine.snapshot(), store);
}

/**
 * Saves what changed since the last save (the series touched, and the rest, which is small):
 * after each batch, so a restart resumes from the last acknowledged batch.
 */
export async function saveEngineChanges(engine: Engine, store: StateStore): Promise<void> {
  await write(engine.snapshotChanges(), store);
}

async function write(snapshot: EngineSnapshot, store: StateStore): Promise<void> {
  const { series, ...meta } = snapshot;
  const entries: [string, unknown][] = [[META_KEY, meta]];
  for (const s of series) entries.push([`${SERIES_PREFIX}${s.key}`, s]);
  await store.setMany(entries);
}

/** Restores the engine saved in `store`, or returns a fresh one when the store is empty. */
export async function loadEngine(options: EngineOptions, store: StateStore): Promise<Engine> {
  const meta = (await store.get(META_KEY)) as Omit<EngineSnapshot, 'series'> | undefined;
  if (meta === undefined) return new Engine(options);
  const keys = await store.keys(SERIES_PREFIX);
  const series = (await Promise.all(keys.map((key) => store.get(key)))) as EngineSnapshot['series'];
  return Engine.restore(options, { ...meta, series });
}

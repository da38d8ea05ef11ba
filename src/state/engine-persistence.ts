import type { EngineChanges, EngineMeta, EngineOptions, EngineSnapshot } from '../pipeline/engine.js';
import { Engine } from '../pipeline/engine.js';
import type { BucketRevisions } from '../pipeline/revision-registry.js';
import { STREAMS } from '../pipeline/engine-settings.js';
import type { StreamName } from '../domain/stream.js';
import { StateStoreError } from '../errors.js';
import type { StateStore } from './state-store.js';

/*
 * Key layout: one key per series, one per event-time bucket of record ids (per stream) and of
 * case-count revisions, and one for the small rest (clocks, open alerts, tallies). A batch
 * rewrites the meta, the series and the buckets it touched, and deletes the buckets the
 * engine forgot, in one `setMany`: its size follows the batch, not the retained history.
 */
const META_KEY = 'engine:meta';
const SERIES_PREFIX = 'engine:series:';
const DEDUP_PREFIX = 'engine:dedup:';
const REVISIONS_PREFIX = 'engine:revisions:';

const dedupKey = (stream: StreamName, bucket: number) => `${DEDUP_PREFIX}${stream}:${bucket}`;
const revisionsKey = (bucket: number) => `${REVISIONS_PREFIX}${bucket}`;

/**
 * Saves the whole engine, and deletes bucket keys the engine no longer holds (the store may
 * hold older data, e.g. Redis restarted from an old dump).
 */
export async function saveEngine(engine: Engine, store: StateStore): Promise<void> {
  const { series, dedup, revisions, ...meta } = engine.snapshot();
  const entries: [string, unknown][] = [[META_KEY, meta]];
  for (const s of series) entries.push([`${SERIES_PREFIX}${s.key}`, s]);
  for (const stream of STREAMS) for (const [bucket, ids] of dedup[stream]) entries.push([dedupKey(stream, bucket), ids]);
  for (const [bucket, periods] of groupByBucket(revisions)) entries.push([revisionsKey(bucket), periods]);
  const written = new Set(entries.map(([key]) => key));
  const stale = [...(await store.keys(DEDUP_PREFIX)), ...(await store.keys(REVISIONS_PREFIX))].filter((key) => !written.has(key));
  await store.setMany(entries, stale);
}

/**
 * Saves what changed since the last save (see the key layout above): after each batch, so a
 * restart resumes from the last acknowledged batch.
 */
export async function saveEngineChanges(engine: Engine, store: StateStore): Promise<void> {
  const { entries, deletes } = changeEntries(engine.snapshotChanges());
  await store.setMany(entries, deletes);
}

/** The keys to write and to delete for one batch's changes. */
export function changeEntries(changes: EngineChanges): { entries: [string, unknown][]; deletes: string[] } {
  const entries: [string, unknown][] = [[META_KEY, changes.meta]];
  const deletes: string[] = [];
  for (const s of changes.series) entries.push([`${SERIES_PREFIX}${s.key}`, s]);
  for (const stream of STREAMS) {
    const { changed, dropped } = changes.dedup[stream];
    for (const [bucket, ids] of changed) entries.push([dedupKey(stream, bucket), ids]);
    for (const bucket of dropped) deletes.push(dedupKey(stream, bucket));
  }
  for (const [bucket, periods] of changes.revisions.changed) entries.push([revisionsKey(bucket), periods]);
  for (const bucket of changes.revisions.dropped) deletes.push(revisionsKey(bucket));
  return { entries, deletes };
}

/** Meta as saved before the buckets had keys of their own: dedup and revisions inside it. */
type SavedMeta = EngineMeta & Partial<Pick<EngineSnapshot, 'dedup' | 'revisions'>>;

/**
 * Restores the engine saved in `store`, or returns a fresh one when the store is empty. The
 * restored buckets all count as changed, so the first save after a restore writes them once
 * (which also moves state saved in the older one-meta layout to the bucket keys).
 */
export async function loadEngine(options: EngineOptions, store: StateStore): Promise<Engine> {
  const meta = (await store.get(META_KEY)) as SavedMeta | undefined;
  if (meta === undefined) return new Engine(options);
  const { dedup: legacyDedup, revisions: legacyRevisions, ...rest } = meta;
  const series = (await getAll(store, await store.keys(SERIES_PREFIX))) as EngineSnapshot['series'];
  const dedup: EngineSnapshot['dedup'] = { hotline: [], dispute: [], cases: [] };
  for (const [key, ids] of await getAllByKey(store, DEDUP_PREFIX)) {
    const [stream, bucket] = key.slice(DEDUP_PREFIX.length).split(':') as [StreamName, string];
    if (!STREAMS.includes(stream)) throw new StateStoreError(`unexpected state key ${key}: not a stream's record ids`, { retriable: false });
    dedup[stream].push([Number(bucket), ids as string[]]);
  }
  const revisions: BucketRevisions = [];
  const byBucket = (await getAllByKey(store, REVISIONS_PREFIX)).sort(([a], [b]) => bucketOfKey(a) - bucketOfKey(b));
  for (const [, periods] of byBucket) revisions.push(...(periods as BucketRevisions));
  for (const stream of STREAMS) dedup[stream].sort(([a], [b]) => a - b);
  return Engine.restore(options, {
    ...rest,
    series,
    dedup: legacyDedup ?? dedup,
    revisions: legacyRevisions ?? revisions,
  });
}

function groupByBucket(revisions: BucketRevisions): Map<number, BucketRevisions> {
  const groups = new Map<number, BucketRevisions>();
  for (const entry of revisions) {
    let group = groups.get(entry[1].bucket);
    if (group === undefined) groups.set(entry[1].bucket, (group = []));
    group.push(entry);
  }
  return groups;
}

function bucketOfKey(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1));
}

function getAll(store: StateStore, keys: readonly string[]): Promise<unknown[]> {
  return Promise.all(keys.map((key) => store.get(key)));
}

async function getAllByKey(store: StateStore, prefix: string): Promise<[string, unknown][]> {
  const keys = await store.keys(prefix);
  const values = await getAll(store, keys);
  return keys.map((key, i) => [key, values[i]]);
}

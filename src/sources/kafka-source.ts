import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { StreamName } from '../domain/stream.js';
import { WeakSignalError } from '../errors.js';
import type { Engine, IngestOutcome } from '../pipeline/engine.js';
import type { AlertSink } from '../sinks/alert-sink.js';
import { saveEngine, saveEngineChanges } from '../state/engine-persistence.js';
import type { StateStore } from '../state/state-store.js';
import type { DeadLetterSink } from './dead-letter.js';
import { kafkaSourceLabel } from './kafka-dead-letter.js';
import { type LoadedShard, SourceShard } from './source-shard.js';

/** State-store key of the Kafka positions saved with the engine state (same transaction). */
export const KAFKA_POSITIONS_KEY = 'kafka:positions';

const PositionsJson = z.record(z.string(), z.record(z.string().regex(/^\d+$/), z.string().regex(/^\d+$/)));

/**
 * Per topic-partition, the offset of the next record the engine has not ingested. Saved with
 * the engine state after every batch, so the state says exactly which records it contains:
 * after a crash between the state save and the offset commit, the redelivered records are
 * skipped instead of counted twice (as duplicates) or lost.
 */
export class KafkaPositions {
  private readonly next = new Map<string, Map<number, bigint>>();

  get(topic: string, partition: number): bigint | undefined {
    return this.next.get(topic)?.get(partition);
  }

  set(topic: string, partition: number, offset: bigint): void {
    let partitions = this.next.get(topic);
    if (partitions === undefined) this.next.set(topic, (partitions = new Map()));
    partitions.set(partition, offset);
  }

  *entries(): IterableIterator<{ topic: string; partition: number; offset: bigint }> {
    for (const [topic, partitions] of this.next) for (const [partition, offset] of partitions) yield { topic, partition, offset };
  }

  toJSON(): Record<string, Record<string, string>> {
    const json: Record<string, Record<string, string>> = {};
    for (const { topic, partition, offset } of this.entries()) (json[topic] ??= {})[String(partition)] = offset.toString();
    return json;
  }

  static fromJSON(value: unknown): KafkaPositions {
    const positions = new KafkaPositions();
    const parsed = PositionsJson.safeParse(value ?? {});
    if (!parsed.success) throw new KafkaSourceError(`saved Kafka positions (${KAFKA_POSITIONS_KEY}) are malformed: ${parsed.error.message}`);
    for (const [topic, partitions] of Object.entries(parsed.data)) {
      for (const [partition, offset] of Object.entries(partitions)) positions.set(topic, Number(partition), BigInt(offset));
    }
    return positions;
  }
}

/** The positions saved beside the engine state in `store` (empty when none were). */
export async function loadKafkaPositions(store: StateStore): Promise<KafkaPositions> {
  return KafkaPositions.fromJSON(await store.get(KAFKA_POSITIONS_KEY));
}

/** The source cannot go on: a bug in the engine or bad saved state. Not retriable. */
export class KafkaSourceError extends WeakSignalError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('EWS_ERR_KAFKA_SOURCE', message, { ...options, retriable: false });
  }
}

/** What a flush did, for metrics and logs. */
export interface FlushReport {
  /** The shard (partition number) flushed. */
  readonly shard: number;
  readonly records: number;
  readonly skipped: number;
  readonly alerts: number;
  readonly deadLetters: number;
  readonly fullSave: boolean;
  /** Whole flush, and its three steps: sinks acknowledged, state saved, offsets committed. */
  readonly durationMs: number;
  readonly sendMs: number;
  readonly saveMs: number;
  readonly commitMs: number;
}

/** Optional observers (metrics, health); they must not throw. */
export interface KafkaSourceHooks {
  /** Every record ingested, with where it came from. */
  onRecord?(outcome: IngestOutcome, topic: string, partition: number): void;
  /** Each batch as fetched: partition, offsets and the high watermark (consumer lag). */
  onBatch?(batch: { topic: string; partition: number; highWatermark: string; firstOffset: string; lastOffset: string }): void;
  onFlush?(report: FlushReport): void;
  /** A flush, or the loading of a shard, failed (the batch is retried). */
  onFlushError?(error: unknown): void;
  /** A shard was loaded (claimed and restored), before its first record. */
  onShardLoaded?(shard: number, engine: Engine): void;
  /** A shard was dropped (revoked, or fenced by another owner). */
  onShardDropped?(shard: number): void;
}

export interface KafkaSourceOptions {
  /** Created (group, session, retry, co-partition assigner) and connected by the composition root. */
  readonly consumer: Consumer;
  /** Input topic of each stream. */
  readonly topics: Readonly<Record<StreamName, string>>;
  /**
   * Claims shard p (partition p of every input topic) and restores its engine and positions:
   * called before the first batch of p, again after p was dropped (revoked, or fenced by
   * another owner) and assigned anew.
   */
  readonly loadShard: (shard: number) => Promise<LoadedShard>;
  readonly sinks: readonly AlertSink[];
  readonly deadLetters: DeadLetterSink;
  readonly logger: Logger;
  /** Records ingested between two flushes. */
  readonly maxRecords?: number;
  readonly fromBeginning?: boolean;
  readonly hooks?: KafkaSourceHooks;
}

type BatchControls = Pick<EachBatchPayload, 'resolveOffset' | 'commitOffsetsIfNecessary' | 'heartbeat'>;
type EngineBuild = (current: Engine) => Engine | Promise<Engine>;

const HEARTBEAT_EVERY = 100;

/**
 * The consumer loop: one group over the three input topics, `eachBatch`, no auto-commit.
 *
 * Shards: the input topics are co-partitioned (keyed by street code, same partition count,
 * see co-partition-assigner.ts), so partition p of every topic holds the same streets. Each
 * partition number is a shard with its own engine, positions and fenced store (`loadShard`),
 * loaded when its first batch arrives and dropped when a group join no longer assigns it.
 * Batches of all shards run one at a time.
 *
 * Each batch is ingested in chunks of `maxRecords`. After each chunk (the flush), in order:
 *   1. the shard's alert changes to every alert sink, and dead letters to the dead-letter
 *      sink, awaited together until all are acknowledged;
 *   2. the shard's engine changes and positions saved to its store;
 *   3. the chunk's last offset resolved and the shard's positions committed;
 *   4. a heartbeat.
 * A failure in 1 or 2 leaves the chunk uncommitted (earlier chunks are already committed) and
 * is rethrown, so kafkajs retries with backoff from the first uncommitted record. The engine
 * keeps what it ingested, and the unacknowledged changes stay pending: the next attempt first
 * re-sends them and saves (a full save if a save failed), then skips the records it already
 * ingested. A failed commit (3) is rethrown as well; the positions are saved, so the next
 * flush commits them. After a crash or a takeover the saved positions do the same: records
 * between the committed offsets and the positions are skipped, since the restored state
 * holds them. A save fenced by another owner drops the shard (nothing of it was written or
 * committed; the new owner redoes it) and is rethrown. Nothing is counted twice and nothing
 * is lost; a sink may see a change twice.
 */
export class KafkaSource {
  private readonly streamOfTopic: ReadonlyMap<string, StreamName>;
  private readonly shards = new Map<number, SourceShard>();
  private readonly maxRecords: number;
  private readonly logger: Logger;
  private readonly hooks: KafkaSourceHooks;
  /** Partition numbers of the last group join; undefined before the first. */
  private assigned: ReadonlySet<number> | undefined;
  /** The last `replaceEngine` build: applied to shards loaded later too (a reloaded config). */
  private rebuild: EngineBuild | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;
  /** Batches, loads, drops and out-of-band saves run one at a time, in order. */
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: KafkaSourceOptions) {
    const topics = Object.entries(options.topics) as [StreamName, string][];
    this.streamOfTopic = new Map(topics.map(([stream, topic]) => [topic, stream]));
    if (this.streamOfTopic.size !== topics.length) throw new KafkaSourceError(`each stream needs its own topic, got ${JSON.stringify(options.topics)}`);
    this.maxRecords = options.maxRecords ?? 20_000;
    this.logger = options.logger;
    this.hooks = options.hooks ?? {};
  }

  /** Subscribes to the input topics and starts consuming (returns once the loop runs). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { consumer } = this.options;
    consumer.on(consumer.events.GROUP_JOIN, (event) => void this.onAssignment(event.payload.memberAssignment));
    await consumer.subscribe({ topics: [...this.streamOfTopic.keys()], fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1, // batches run one at a time (shards share the sinks and the loop)
      eachBatch: (payload) => this.serialized(() => this.onBatch(payload)),
    });
  }

  /**
   * Stops consuming: the batch in progress ends after its current record, is flushed and
   * committed; anything still pending from a failed flush gets one more try (sent and saved,
   * so a restart skips it). Idempotent. Does not disconnect the consumer or close sinks.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.options.consumer.stop();
      await this.serialized(async () => {
        for (const shard of this.shards.values()) {
          if (!shard.hasPending()) continue;
          this.logger.info({ shard: shard.id, pendingAlerts: shard.pendingAlerts.length, pendingDeadLetters: shard.pendingLetters.length, unsaved: shard.unsaved }, 'flushing what is pending before stopping');
          await this.flush(shard, undefined, 0, 0);
        }
      });
    })();
    return this.stopping;
  }

  /**
   * Writes the whole state of every shard (after pending alerts are acknowledged), now if no
   * batch runs, else at the end of the current one; e.g. when Redis is back after an outage and
   * may have lost data. Offsets are committed with the next batch. A failure is logged, and the
   * next batch of that shard saves in full.
   */
  saveInFull(): Promise<void> {
    for (const shard of this.shards.values()) shard.fullSaveNeeded = true;
    return this.serialized(async () => {
      if (this.stopping !== undefined) return;
      for (const shard of [...this.shards.values()]) {
        if (shard.fullSaveNeeded) await this.flush(shard, undefined, 0, 0).catch(() => undefined); // flush logged it; fullSaveNeeded stays set
      }
    });
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(run);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  /** The engine of the lowest-numbered shard this instance holds (all of them: `engines`). */
  get engine(): Engine | undefined {
    const lowest = Math.min(...this.shards.keys());
    return this.shards.get(lowest)?.engine;
  }

  /** The engine of every shard held, by partition number. */
  get engines(): ReadonlyMap<number, Engine> {
    return new Map([...this.shards].map(([id, shard]) => [id, shard.engine]));
  }

  /**
   * Swaps the engine of every shard between two batches, e.g. for a config reload
   * (`Engine.restore` of the current engine's snapshot under the new config); shards loaded
   * later get the same treatment. Everything pending is acknowledged and saved first; if that
   * fails, or `build` throws, the current engines stay. The next save writes them in full.
   */
  replaceEngine(build: EngineBuild): Promise<void> {
    return this.serialized(async () => {
      for (const shard of this.shards.values()) if (shard.hasPending()) await this.flush(shard, undefined, 0, 0);
      const built = new Map<SourceShard, Engine>();
      for (const shard of this.shards.values()) built.set(shard, await build(shard.engine));
      for (const [shard, engine] of built) {
        shard.engine = engine;
        shard.fullSaveNeeded = true;
      }
      this.rebuild = build;
    });
  }

  /** Alert changes, dead letters or ingested records of any shard not yet acknowledged and saved. */
  hasPending(): boolean {
    return [...this.shards.values()].some((shard) => shard.hasPending());
  }

  /** A group join: drops the shards whose partition number is no longer assigned. */
  private onAssignment(assignment: Readonly<Record<string, readonly number[]>>): Promise<void> {
    const numbers = new Set<number>();
    for (const [topic, partitions] of Object.entries(assignment)) if (this.streamOfTopic.has(topic)) for (const p of partitions) numbers.add(p);
    this.assigned = numbers;
    this.logger.info({ shards: [...numbers].sort((a, b) => a - b) }, 'shards assigned');
    return this.serialized(async () => {
      for (const id of [...this.shards.keys()]) if (!numbers.has(id)) this.dropShard(id, 'revoked by a rebalance');
    });
  }

  /**
   * Forgets a shard: its state and positions were saved with its last commit, and whatever
   * came after is redone by the next owner (the records it rewinds to are skipped by position).
   */
  private dropShard(id: number, reason: string): void {
    const shard = this.shards.get(id);
    if (shard === undefined) return;
    this.shards.delete(id);
    this.logger.info({ shard: id, reason, pendingAlerts: shard.pendingAlerts.length, unsaved: shard.unsaved }, 'shard dropped');
    this.hooks.onShardDropped?.(id);
  }

  private async shardFor(id: number): Promise<SourceShard> {
    const held = this.shards.get(id);
    if (held !== undefined) return held;
    let loaded: LoadedShard;
    try {
      loaded = await this.options.loadShard(id);
      if (this.rebuild !== undefined) loaded = { ...loaded, engine: await this.rebuild(loaded.engine) };
    } catch (error) {
      this.hooks.onFlushError?.(error);
      this.logger.warn({ err: error, shard: id }, 'shard not loaded: the batch is retried after backoff');
      throw error;
    }
    const shard = new SourceShard(id, loaded);
    this.shards.set(id, shard);
    this.hooks.onShardLoaded?.(id, shard.engine);
    return shard;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale, heartbeat } = payload;
    const { topic, partition } = batch;
    const stream = this.streamOfTopic.get(topic);
    if (stream === undefined) throw new KafkaSourceError(`received a batch from ${topic}, which is not an input topic`);
    if (this.assigned !== undefined && !this.assigned.has(partition)) {
      this.logger.debug({ topic, partition }, 'batch of a partition no longer assigned: left alone');
      return;
    }
    this.hooks.onBatch?.({ topic, partition, highWatermark: batch.highWatermark, firstOffset: batch.firstOffset() ?? '', lastOffset: batch.lastOffset() });
    const shard = await this.shardFor(partition);

    // What a failed attempt left: acknowledge and save it before anything new.
    if (shard.hasPending()) await this.flush(shard, undefined, 0, 0, payload);

    let records = 0;
    let skipped = 0;
    let lastOffset: string | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const next = BigInt(message.offset) + 1n;
      const position = shard.positions.get(topic, partition);
      if (position !== undefined && next <= position) {
        skipped += 1; // already in the engine (saved state or a failed attempt's pending work)
      } else {
        this.ingest(shard, stream, topic, partition, message);
        shard.positions.set(topic, partition, next);
        shard.unsaved += 1;
        records += 1;
      }
      lastOffset = message.offset;
      if (records + skipped >= this.maxRecords) {
        await this.flush(shard, lastOffset, records, skipped, payload);
        records = 0;
        skipped = 0;
        lastOffset = undefined;
      } else if ((records + skipped) % HEARTBEAT_EVERY === 0) {
        await heartbeat();
      }
    }
    if (lastOffset !== undefined) await this.flush(shard, lastOffset, records, skipped, payload);
  }

  private ingest(shard: SourceShard, stream: StreamName, topic: string, partition: number, message: KafkaMessage): void {
    const { engine } = shard;
    const source = kafkaSourceLabel(topic, partition, message.offset);
    // The engine turns its own failures into `internal_error` rejections, so one bad record never stops the loop.
    const outcome = message.value === null ? engine.ingestEmpty(stream) : engine.ingestText(message.value.toString('utf8'), stream);
    this.hooks.onRecord?.(outcome, topic, partition);
    if (outcome.status !== 'rejected') return;
    if (outcome.reason === 'internal_error') {
      this.logger.error({ err: outcome.cause, source, details: outcome.details }, 'the engine failed on a record: dead-lettered, going on');
    }
    shard.pendingLetters.push({
      stream: outcome.stream,
      reason: outcome.reason,
      details: outcome.details,
      source,
      record: message.value?.toString('utf8') ?? '',
      origin: { topic, partition, offset: message.offset, key: message.key ?? null, value: message.value, headers: message.headers ?? {} },
    });
  }

  /**
   * Acknowledges everything the shard ingested so far: sinks, then state, then offsets (see the
   * class comment). `lastOffset` is the current batch's last handled record; `controls` is
   * absent when called after the consumer stopped (no commit then: the saved positions cover it).
   */
  private async flush(shard: SourceShard, lastOffset: string | undefined, records: number, skipped: number, controls?: BatchControls): Promise<void> {
    const started = performance.now();
    const { sinks, deadLetters } = this.options;
    shard.pendingAlerts.push(...shard.engine.takeAlertChanges());
    const alerts = shard.pendingAlerts;
    const letters = shard.pendingLetters;
    const fullSave = shard.fullSaveNeeded;
    let sent = started;
    let saved = started;
    try {
      // 1. Alerts to every sink and dead letters, all acknowledged (allSettled: no send still in flight on retry).
      if (alerts.length > 0 || letters.length > 0) {
        const results = await Promise.allSettled([...sinks.map((sink) => sink.send(alerts)), deadLetters.send(letters)]);
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
        if (failures.length > 0) {
          for (const failure of failures.slice(1)) this.logger.warn({ err: failure }, 'another sink failed in the same flush');
          throw failures[0];
        }
        shard.pendingAlerts = [];
        shard.pendingLetters = [];
      }
      sent = performance.now();
      // 2. Engine state and positions, in one write.
      if (shard.unsaved > 0 || fullSave) {
        await this.save(shard, fullSave);
        shard.unsaved = 0;
      }
      saved = performance.now();
      // 3. Offsets: only now is the chunk done.
      if (controls !== undefined) {
        if (lastOffset !== undefined) controls.resolveOffset(lastOffset);
        await this.commit(shard, controls);
        await controls.heartbeat();
      }
    } catch (error) {
      this.hooks.onFlushError?.(error);
      if (error instanceof WeakSignalError && error.code === 'EWS_ERR_STATE_FENCED') {
        this.dropShard(shard.id, 'another instance claimed it (fenced save)');
      } else {
        this.logger.warn(
          { err: error, shard: shard.id, pendingAlerts: shard.pendingAlerts.length, pendingDeadLetters: shard.pendingLetters.length, unsaved: shard.unsaved },
          'batch not acknowledged: offsets stay uncommitted, kafkajs retries after backoff',
        );
      }
      throw error;
    }
    const ended = performance.now();
    const report: FlushReport = {
      shard: shard.id,
      records,
      skipped,
      alerts: alerts.length,
      deadLetters: letters.length,
      fullSave,
      durationMs: ended - started,
      sendMs: sent - started,
      saveMs: saved - sent,
      commitMs: ended - saved,
    };
    this.hooks.onFlush?.(report);
    if (skipped > 0) this.logger.info(report, 'skipped records already in the saved state (redelivered after a restart, a takeover or a failed commit)');
    else this.logger.debug(report, 'batch flushed');
  }

  private async save(shard: SourceShard, full: boolean): Promise<void> {
    const withPositions = appendEntries(shard.store, [[KAFKA_POSITIONS_KEY, shard.positions.toJSON()]]);
    try {
      if (full) await saveEngine(shard.engine, withPositions);
      else await saveEngineChanges(shard.engine, withPositions);
      shard.fullSaveNeeded = false;
    } catch (error) {
      // The engine forgot which series changed; the next save must write them all.
      shard.fullSaveNeeded = true;
      throw error;
    }
  }

  private async commit(shard: SourceShard, controls: BatchControls): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of shard.positions.entries()) {
      const key = `${topic}/${partition}`;
      const done = shard.committed.get(key);
      if (done !== undefined && done >= offset) continue;
      let partitions = byTopic.get(topic);
      if (partitions === undefined) byTopic.set(topic, (partitions = []));
      partitions.push({ partition, offset: offset.toString() });
    }
    if (byTopic.size === 0) return;
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    await controls.commitOffsetsIfNecessary({ topics });
    for (const { topic, partitions } of topics) for (const p of partitions) shard.committed.set(`${topic}/${p.partition}`, BigInt(p.offset));
  }
}

/** The store with `extra` entries appended to every `setMany` (so they are written in the same call). */
function appendEntries(store: StateStore, extra: readonly (readonly [string, unknown])[]): StateStore {
  return {
    name: store.name,
    get: (key) => store.get(key),
    keys: (prefix) => store.keys(prefix),
    deleteMany: (keys) => store.deleteMany(keys),
    close: () => store.close(),
    setMany: (entries, deletes) => store.setMany([...entries, ...extra], deletes),
  };
}

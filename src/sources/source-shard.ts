import type { AlertChange } from '../domain/alert.js';
import type { Engine } from '../pipeline/engine.js';
import type { StateStore } from '../state/state-store.js';
import type { KafkaDeadLetter } from './kafka-dead-letter.js';
import type { KafkaPositions } from './kafka-source.js';

/** What `KafkaSourceOptions.loadShard` returns: a shard's state, restored and claimed. */
export interface LoadedShard {
  readonly engine: Engine;
  /** Positions saved with the engine (empty for a fresh one). */
  readonly positions: KafkaPositions;
  /** Where the shard saves (fenced: saves fail once another instance claims the shard). */
  readonly store: StateStore;
}

/**
 * One shard of the Kafka source: partition number `id` of every input topic, with its own
 * engine (own watermarks, series, alerts), saved positions, store, and what is not yet
 * acknowledged. Shards never share records, so each runs exactly as one engine did before.
 */
export class SourceShard {
  pendingAlerts: AlertChange[] = [];
  pendingLetters: KafkaDeadLetter[] = [];
  /** Records ingested since the last successful save. */
  unsaved = 0;
  fullSaveNeeded = false;
  /** Per `topic/partition`, the offset last committed. */
  readonly committed = new Map<string, bigint>();
  engine: Engine;
  readonly positions: KafkaPositions;
  readonly store: StateStore;

  constructor(
    readonly id: number,
    loaded: LoadedShard,
  ) {
    this.engine = loaded.engine;
    this.positions = loaded.positions;
    this.store = loaded.store;
  }

  /** Alert changes, dead letters or ingested records not yet acknowledged and saved. */
  hasPending(): boolean {
    return this.pendingAlerts.length > 0 || this.pendingLetters.length > 0 || this.unsaved > 0 || this.fullSaveNeeded;
  }
}

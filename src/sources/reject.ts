/** Why a record was not counted. Bounded: used as a metric label. */
export type RejectReason =
  | 'invalid_json'
  | 'schema_violation'
  | 'unknown_stream'
  | 'unknown_region'
  | 'unknown_category'
  | 'future_timestamp'
  | 'late'
  | 'duplicate'
  | 'stale_revision'
  /** A Kafka message without a value (tombstone): nothing to decode. */
  | 'empty_value'
  /** The engine threw on the record (a bug): dead-lettered so the stream goes on. */
  | 'internal_error';

export const REJECT_REASONS: readonly RejectReason[] = [
  'invalid_json',
  'schema_violation',
  'unknown_stream',
  'unknown_region',
  'unknown_category',
  'future_timestamp',
  'late',
  'duplicate',
  'stale_revision',
  'empty_value',
  'internal_error',
];

/** A record that was not counted, with a reason a person can act on. */
export interface Rejection {
  readonly reason: RejectReason;
  /** One line per problem, naming the field: `receivedAt: Invalid ISO datetime`. */
  readonly details: readonly string[];
}

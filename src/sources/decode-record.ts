import type { StreamName } from '../domain/stream.js';
import type { RegionIndex } from '../config/region-index.js';
import { decodeCaseCount } from './decoders/case-count.js';
import type { DecodeResult } from './decoders/decode-result.js';
import { decodeDisputeReport } from './decoders/dispute-report.js';
import { decodeHotlineComplaint } from './decoders/hotline-complaint.js';

const DECODERS: Readonly<Record<StreamName, (input: unknown) => DecodeResult>> = {
  hotline: decodeHotlineComplaint,
  dispute: decodeDisputeReport,
  cases: decodeCaseCount,
};

/** What a decoder checks beyond the schema: region codes and categories from config. */
export interface RecordCatalog {
  readonly regions: RegionIndex;
  readonly categories: Readonly<Record<StreamName, ReadonlySet<string>>>;
}

/**
 * Decodes one parsed JSON value into an Event. The stream comes from the topic (`stream`)
 * or, in JSONL replay, from the record's own `stream` field.
 */
export function decodeRecord(input: unknown, catalog: RecordCatalog, stream?: StreamName): DecodeResult {
  const name = stream ?? streamOf(input);
  if (name === undefined) {
    return { ok: false, reason: 'unknown_stream', details: ['stream: expected "hotline", "dispute" or "cases" (or a known topic)'] };
  }
  const decoded = DECODERS[name](input);
  if (!decoded.ok) return decoded;
  const { event } = decoded;
  if (catalog.regions.get(event.region) === undefined) {
    return { ok: false, reason: 'unknown_region', details: [`regionCode: "${event.region}" is not in the region tree`] };
  }
  if (!catalog.categories[name].has(event.category)) {
    const field = name === 'dispute' ? 'type' : 'category';
    return { ok: false, reason: 'unknown_category', details: [`${field}: "${event.category}" is not a ${name} category in config`] };
  }
  return decoded;
}

function streamOf(input: unknown): StreamName | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const value = (input as { stream?: unknown }).stream;
  return value === 'hotline' || value === 'dispute' || value === 'cases' ? value : undefined;
}

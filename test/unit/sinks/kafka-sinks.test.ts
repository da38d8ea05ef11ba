import { describe, expect, it } from 'vitest';
import { ALERT_SCHEMA_VERSION } from '../../../src/domain/alert.js';
import { KafkaAlertSink } from '../../../src/sinks/kafka-alert-sink.js';
import { KafkaDeadLetterSink } from '../../../src/sinks/kafka-dead-letter-sink.js';
import type { DeadLetter } from '../../../src/sources/dead-letter.js';
import type { KafkaDeadLetter } from '../../../src/sources/kafka-dead-letter.js';
import { BASELINE, feedDays, wiredEngine } from '../metrics/wired-engine.js';
import { fakeProducer } from './fake-producer.js';

const FROM_FILE: DeadLetter = { stream: 'hotline', reason: 'invalid_json', details: ['Unexpected end of JSON input'], source: 'events.jsonl:17', record: '{"id": ' };

/** Read from Kafka, where it had been dead-lettered once already (fixed wrongly and produced again). */
const FROM_KAFKA: KafkaDeadLetter = {
  stream: 'dispute',
  reason: 'unknown_region',
  details: ['regionCode 999999 is not in the region table', '区划代码未知'],
  source: 'disputes.reports/2@41',
  record: '{"regionCode":"999999"}',
  origin: {
    topic: 'disputes.reports',
    partition: 2,
    offset: '41',
    key: Buffer.from('999999'),
    value: Buffer.from('{"regionCode":"999999"}'),
    headers: { producer: 'gateway', 'ews-reason': 'schema_violation', 'ews-source-offset': '7' },
  },
};

describe('KafkaDeadLetterSink', () => {
  it('sends nothing for an empty batch', async () => {
    const { producer, sends } = fakeProducer();
    await new KafkaDeadLetterSink({ producer, topic: 'dlq' }).send([]);
    expect(sends).toEqual([]);
  });

  it('keeps a Kafka record byte for byte with its own headers, replacing the ews-* headers of an earlier dead-lettering', async () => {
    const { producer, sends } = fakeProducer();
    await new KafkaDeadLetterSink({ producer, topic: 'dlq' }).send([FROM_KAFKA]);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.topic).toBe('dlq');
    expect(sends[0]!.messages).toEqual([
      {
        key: FROM_KAFKA.origin.key,
        value: FROM_KAFKA.origin.value,
        headers: {
          producer: 'gateway',
          'ews-stream': 'dispute',
          'ews-reason': 'unknown_region',
          'ews-details': '["regionCode 999999 is not in the region table","区划代码未知"]',
          'ews-source-topic': 'disputes.reports',
          'ews-source-partition': '2',
          'ews-source-offset': '41',
        },
      },
    ]);
  });

  it('names the source of a record that did not come from Kafka, without a key', async () => {
    const { producer, sends } = fakeProducer();
    await new KafkaDeadLetterSink({ producer, topic: 'dlq' }).send([FROM_FILE]);
    expect(sends[0]!.messages).toEqual([
      {
        key: null,
        value: '{"id": ',
        headers: { 'ews-stream': 'hotline', 'ews-reason': 'invalid_json', 'ews-details': '["Unexpected end of JSON input"]', 'ews-source': 'events.jsonl:17' },
      },
    ]);
  });
});

describe('KafkaAlertSink', () => {
  it('sends one record per change, keyed by series, the alert JSON as value, with the schema version header', async () => {
    const wired = wiredEngine();
    feedDays(wired.engine, [...BASELINE, 12]);
    wired.engine.finish();
    const changes = wired.engine.takeAlertChanges();
    expect(changes.length).toBeGreaterThan(0);
    const { producer, sends } = fakeProducer();
    await new KafkaAlertSink({ producer, topic: 'alerts' }).send(changes);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.messages).toEqual(
      changes.map(({ alert }) => ({
        key: alert.seriesKey,
        value: JSON.stringify(alert),
        headers: { 'schema-version': String(ALERT_SCHEMA_VERSION), 'content-type': 'application/json' },
      })),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Message } from 'kafkajs';
import { SinkError } from '../../../src/errors.js';
import { produceAll } from '../../../src/sinks/kafka-producer.js';
import { fakeProducer } from './fake-producer.js';

const KIB = 1024;
const valueOf = (m: Message) => m.value as string;

describe('produceAll', () => {
  it('sends nothing for no messages', async () => {
    const { producer, sends } = fakeProducer();
    await produceAll(producer, 'test-sink', 'alerts', []);
    expect(sends).toEqual([]);
  });

  it('sends small messages in one call, in order, with acks from all in-sync replicas', async () => {
    const { producer, sends } = fakeProducer();
    const messages = ['a', 'b', 'c'].map((value) => ({ key: 'k', value }));
    await produceAll(producer, 'test-sink', 'alerts', messages);
    expect(sends).toEqual([{ topic: 'alerts', acks: -1, messages }]);
  });

  it('splits at 512 KiB per call: two 200 KiB records fit, the third goes in a second call', async () => {
    const { producer, sends } = fakeProducer();
    const messages = ['1', '2', '3'].map((n) => ({ key: n, value: n.repeat(200 * KIB) }));
    await produceAll(producer, 'test-sink', 'alerts', messages);
    expect(sends.map((s) => s.messages.map(valueOf).map((v) => v[0]))).toEqual([['1', '2'], ['3']]);
  });

  it('counts UTF-8 bytes, not characters: two records of 90,000 Chinese characters (270,000 bytes each) go in two calls', async () => {
    const { producer, sends } = fakeProducer();
    const messages = [{ value: '噪'.repeat(90_000) }, { value: '音'.repeat(90_000) }];
    await produceAll(producer, 'test-sink', 'alerts', messages);
    expect(sends.map((s) => s.messages.length)).toEqual([1, 1]);
  });

  it('counts header bytes too', async () => {
    const { producer, sends } = fakeProducer();
    // 200 KiB of value and 100 KiB of header each: the values alone (400 KiB) would fit one call, with headers (600 KiB) they do not.
    const messages = [1, 2].map((n) => ({ value: String(n).repeat(200 * KIB), headers: { note: 'h'.repeat(100 * KIB) } }));
    await produceAll(producer, 'test-sink', 'alerts', messages);
    expect(sends.map((s) => s.messages.length)).toEqual([1, 1]);
  });

  it('sends a record larger than the limit alone, between the calls of its neighbours', async () => {
    const { producer, sends } = fakeProducer();
    const messages = [{ value: 'small-1' }, { value: 'x'.repeat(600 * KIB) }, { value: 'small-2' }];
    await produceAll(producer, 'test-sink', 'alerts', messages);
    expect(sends.map((s) => s.messages.map((m) => valueOf(m).slice(0, 7)))).toEqual([['small-1'], ['xxxxxxx'], ['small-2']]);
  });

  it('turns a producer failure into a retriable SinkError naming the sink, the topic and the record count', async () => {
    const cause = new Error('broker went away');
    const { producer, sends } = fakeProducer(cause);
    const error = await produceAll(producer, 'kafka-alerts', 'weak-signal.alerts', [{ value: 'a' }, { value: 'b' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({
      code: 'EWS_ERR_SINK_FAILED',
      retriable: true,
      message: 'kafka-alerts: producing 2 record(s) to weak-signal.alerts failed: broker went away',
      cause,
    });
    expect(sends).toHaveLength(1);
  });
});

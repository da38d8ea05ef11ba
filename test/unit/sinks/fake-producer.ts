import type { Producer, ProducerRecord } from 'kafkajs';

/** A producer that records each `send` (or fails every one with `failure`); nothing else works. */
export function fakeProducer(failure?: Error): { producer: Producer; sends: ProducerRecord[] } {
  const sends: ProducerRecord[] = [];
  const send = (record: ProducerRecord) => {
    sends.push(record);
    return failure === undefined ? Promise.resolve([]) : Promise.reject(failure);
  };
  return { producer: { send } as unknown as Producer, sends };
}

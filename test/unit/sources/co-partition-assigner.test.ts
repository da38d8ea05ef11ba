import { AssignerProtocol, type Cluster, type Logger } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CO_PARTITION_ASSIGNER_NAME, coPartitionAssigner, coPartitionAssignment } from '../../../src/sources/co-partition-assigner.js';

const TOPICS = ['hotline.complaints', 'disputes.reports', 'cases.counts'];
// Member ids as kafkajs builds them: `${clientId}-${uuid}`.
const A = 'weak-signal-0b3f6c1e-6a63-4f59-9a0e-2d7f5b0c1a11';
const B = 'weak-signal-7c9d2e44-1f0b-4c2a-8e6d-95a1b3c4d5e6';
const C = 'weak-signal-f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';

const counts = (n: number, topics = TOPICS) => new Map(topics.map((t) => [t, n]));
const plain = (plan: ReturnType<typeof coPartitionAssignment>) => Object.fromEntries(plan.assignments);

describe('coPartitionAssignment', () => {
  it('gives partition p of every topic to one member, round-robin over members sorted by id', () => {
    const plan = coPartitionAssignment([C, A, B], counts(4));
    expect(plain(plan)).toEqual({
      [A]: { 'cases.counts': [0, 3], 'disputes.reports': [0, 3], 'hotline.complaints': [0, 3] },
      [B]: { 'cases.counts': [1], 'disputes.reports': [1], 'hotline.complaints': [1] },
      [C]: { 'cases.counts': [2], 'disputes.reports': [2], 'hotline.complaints': [2] },
    });
    expect(plan.mismatch).toBeUndefined();
  });

  it('is the same plan whatever order the members come in', () => {
    expect(plain(coPartitionAssignment([B, C, A], counts(2)))).toEqual(plain(coPartitionAssignment([A, B, C], counts(2))));
  });

  it('with one partition per topic, one member gets everything and the others stand by with an empty assignment', () => {
    expect(plain(coPartitionAssignment([B, A], counts(1)))).toEqual({
      [A]: { 'cases.counts': [0], 'disputes.reports': [0], 'hotline.complaints': [0] },
      [B]: {},
    });
  });

  it('when the first member leaves, the standby gets its partitions', () => {
    expect(plain(coPartitionAssignment([B], counts(1)))).toEqual({ [B]: { 'cases.counts': [0], 'disputes.reports': [0], 'hotline.complaints': [0] } });
  });

  it('reports topics with different partition counts, and still assigns every partition', () => {
    const plan = coPartitionAssignment([A, B], new Map([['hotline.complaints', 2], ['disputes.reports', 3], ['cases.counts', 2]]));
    expect(plan.mismatch).toBe('input topics are not co-partitioned: hotline.complaints has 2, disputes.reports has 3, cases.counts has 2');
    expect(plain(plan)).toEqual({
      [A]: { 'cases.counts': [0], 'disputes.reports': [0, 2], 'hotline.complaints': [0] },
      [B]: { 'cases.counts': [1], 'disputes.reports': [1], 'hotline.complaints': [1] },
    });
  });

  it('assigns nothing without members', () => {
    expect(plain(coPartitionAssignment([], counts(3)))).toEqual({});
  });
});

describe('coPartitionAssigner (kafkajs)', () => {
  const logged: string[] = [];
  const logger = { error: (message: string) => logged.push(message) } as unknown as Logger;
  const cluster = (n: Record<string, number>) =>
    ({ findTopicPartitionMetadata: (topic: string) => Array.from({ length: n[topic] ?? 0 }, (_, partitionId) => ({ partitionId })) }) as unknown as Cluster;

  it('encodes the co-partitioned plan in the kafkajs member-assignment format', async () => {
    const assigner = coPartitionAssigner({ cluster: cluster({ a: 2, b: 2 }), groupId: 'g', logger });
    expect(assigner.name).toBe(CO_PARTITION_ASSIGNER_NAME);
    const result = await assigner.assign({ members: [B, A].map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })), topics: ['a', 'b'] });
    const decoded = Object.fromEntries(result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment]));
    expect(decoded).toEqual({ [A]: { a: [0], b: [0] }, [B]: { a: [1], b: [1] } });
    expect(logged).toEqual([]);
  });

  it('logs an error when the partition counts differ', async () => {
    const assigner = coPartitionAssigner({ cluster: cluster({ a: 1, b: 2 }), groupId: 'g', logger });
    await assigner.assign({ members: [{ memberId: A, memberMetadata: Buffer.alloc(0) }], topics: ['a', 'b'] });
    expect(logged).toEqual(['input topics are not co-partitioned: a has 1, b has 2: each partition number must hold the same streets in every topic']);
  });

  it('announces its protocol with the subscribed topics', () => {
    const state = coPartitionAssigner({ cluster: cluster({}), groupId: 'g', logger }).protocol({ topics: ['a', 'b'] });
    expect(state.name).toBe(CO_PARTITION_ASSIGNER_NAME);
    expect(AssignerProtocol.MemberMetadata.decode(state.metadata)?.topics).toEqual(['a', 'b']);
  });
});

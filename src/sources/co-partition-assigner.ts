import { AssignerProtocol, type Assignment, type PartitionAssigner } from 'kafkajs';

/** Name the group coordinator sees; every member of a group must offer it. */
export const CO_PARTITION_ASSIGNER_NAME = 'WeakSignalCoPartitionAssigner';
const VERSION = 0;

/** What `coPartitionAssignment` decided: partitions per topic for each member, and any warning. */
export interface CoPartitionPlan {
  readonly assignments: ReadonlyMap<string, Assignment>;
  /** Set when the topics' partition counts differ (the input is then not co-partitioned). */
  readonly mismatch?: string;
}

/**
 * Co-partitioned assignment: partition number p of every topic goes to the same member, so
 * one member sees every stream of the streets keyed to p. Partition numbers go round-robin
 * over the members sorted by id (deterministic: every member would compute the same plan).
 * Members left without a partition get an empty assignment and stand by; they take over when
 * a rebalance hands them one. Topics with fewer partitions simply lack the higher numbers.
 */
export function coPartitionAssignment(memberIds: readonly string[], partitionCounts: ReadonlyMap<string, number>): CoPartitionPlan {
  const members = [...memberIds].sort();
  const assignments = new Map<string, Assignment>(members.map((id) => [id, {}]));
  const counts = [...partitionCounts.values()];
  const mismatch = new Set(counts).size > 1 ? `input topics are not co-partitioned: ${[...partitionCounts].map(([t, n]) => `${t} has ${n}`).join(', ')}` : undefined;
  if (members.length === 0) return { assignments, ...(mismatch === undefined ? {} : { mismatch }) };
  const topics = [...partitionCounts.keys()].sort();
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < count; partition++) {
      const assignment = assignments.get(members[partition % members.length]!)!;
      (assignment[topic] ??= []).push(partition);
    }
  }
  return { assignments, ...(mismatch === undefined ? {} : { mismatch }) };
}

/**
 * The kafkajs assigner over `coPartitionAssignment`, for `consumer({ partitionAssigners })`.
 * The group leader runs it; a partition-count mismatch is logged as an error (the assignment
 * still goes ahead, so the group consumes, but the streets of a partition number may then be
 * split between members).
 */
export const coPartitionAssigner: PartitionAssigner = ({ cluster, logger }) => ({
  name: CO_PARTITION_ASSIGNER_NAME,
  version: VERSION,
  async assign({ members, topics }) {
    const counts = new Map(topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).length]));
    const plan = coPartitionAssignment(
      members.map((m) => m.memberId),
      counts,
    );
    if (plan.mismatch !== undefined) logger.error(`${plan.mismatch}: each partition number must hold the same streets in every topic`, { topics });
    return [...plan.assignments].map(([memberId, assignment]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: VERSION, assignment, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: CO_PARTITION_ASSIGNER_NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: VERSION, topics, userData: Buffer.alloc(0) }) };
  },
});

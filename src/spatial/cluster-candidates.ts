/**
 * Candidate clusters of a scan: every connected set of up to `maxSize` regions of one sibling
 * group, grown over their neighbour graph (edges to regions outside the group are ignored).
 * Each set appears once, as ascending member indexes; singletons come first, then by size.
 */
export function connectedClusters(neighbourIndexes: readonly (readonly number[])[], maxSize: number): number[][] {
  if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`maxSize must be a positive integer, got ${maxSize}`);
  const seen = new Set<string>();
  let frontier: number[][] = neighbourIndexes.map((_, i) => [i]);
  const out: number[][] = [...frontier];
  for (const single of frontier) seen.add(String(single));
  for (let size = 2; size <= maxSize && frontier.length > 0; size++) {
    const next: number[][] = [];
    for (const cluster of frontier) {
      for (const member of cluster) {
        for (const neighbour of neighbourIndexes[member] ?? []) {
          if (cluster.includes(neighbour)) continue;
          const grown = [...cluster, neighbour].sort((a, b) => a - b);
          const key = String(grown);
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(grown);
        }
      }
    }
    out.push(...next);
    frontier = next;
  }
  return out;
}

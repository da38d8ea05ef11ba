import type { RegionLevel, RegionNode, RegionTree } from './region-config.js';

export interface RegionInfo {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parent: string | null;
  readonly neighbours: readonly string[];
  /** This region then every ancestor up to the root: where an event here is counted. */
  readonly chain: readonly string[];
  /** Position in tree order (0 = root), for array-indexed lookups on the hot path. */
  readonly index: number;
  /** `chain` as indexes. */
  readonly chainIndexes: readonly number[];
}

/** Flat, validated view of the region tree for O(1) lookups on the hot path. */
export class RegionIndex {
  private readonly byCode = new Map<string, RegionInfo>();
  readonly root: RegionInfo;

  /** Throws an Error naming the first inconsistency (duplicate code, unknown neighbour). */
  constructor(tree: RegionTree) {
    this.add(tree.root, null, [], []);
    const root = this.byCode.get(tree.root.code);
    if (root === undefined) throw new Error('empty region tree');
    this.root = root;
    for (const region of this.byCode.values()) {
      for (const neighbour of region.neighbours) {
        if (!this.byCode.has(neighbour)) throw new Error(`region ${region.code} names unknown neighbour ${neighbour}`);
      }
    }
  }

  get(code: string): RegionInfo | undefined {
    return this.byCode.get(code);
  }

  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    return this.byCode.get(code)?.chain.includes(ancestor) ?? false;
  }

  all(): IterableIterator<RegionInfo> {
    return this.byCode.values();
  }

  get size(): number {
    return this.byCode.size;
  }

  private add(node: RegionNode, parent: string | null, ancestors: readonly string[], ancestorIndexes: readonly number[]): void {
    if (this.byCode.has(node.code)) throw new Error(`region code ${node.code} appears twice`);
    const index = this.byCode.size;
    const chain = Object.freeze([node.code, ...ancestors]);
    const chainIndexes = Object.freeze([index, ...ancestorIndexes]);
    this.byCode.set(node.code, { code: node.code, name: node.name, level: node.level, parent, neighbours: node.neighbours ?? [], chain, index, chainIndexes });
    for (const child of node.children ?? []) this.add(child, node.code, chain, chainIndexes);
  }
}

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

/** An inconsistency in a region tree, with the path of the offending node inside the tree file. */
export class RegionTreeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Flat, validated view of the region tree for O(1) lookups on the hot path. */
export class RegionIndex {
  private readonly byCode = new Map<string, RegionInfo>();
  private readonly pathOf = new Map<string, string>();
  readonly root: RegionInfo;

  /** Throws a RegionTreeError naming the first inconsistency (duplicate code, unknown neighbour). */
  constructor(tree: RegionTree) {
    this.add(tree.root, null, [], [], 'root');
    const root = this.byCode.get(tree.root.code);
    if (root === undefined) throw new Error('empty region tree');
    this.root = root;
    for (const region of this.byCode.values()) {
      region.neighbours.forEach((neighbour, i) => {
        if (!this.byCode.has(neighbour)) {
          throw new RegionTreeError(`${this.pathOf.get(region.code)}.neighbours.${i}`, `region ${region.code} names unknown neighbour ${neighbour}`);
        }
      });
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

  private add(node: RegionNode, parent: string | null, ancestors: readonly string[], ancestorIndexes: readonly number[], path: string): void {
    if (this.byCode.has(node.code)) {
      throw new RegionTreeError(`${path}.code`, `region code ${node.code} appears twice (first at ${this.pathOf.get(node.code)})`);
    }
    this.pathOf.set(node.code, path);
    const index = this.byCode.size;
    const chain = Object.freeze([node.code, ...ancestors]);
    const chainIndexes = Object.freeze([index, ...ancestorIndexes]);
    this.byCode.set(node.code, { code: node.code, name: node.name, level: node.level, parent, neighbours: node.neighbours ?? [], chain, index, chainIndexes });
    node.children?.forEach((child, i) => this.add(child, node.code, chain, chainIndexes, `${path}.children.${i}`));
  }
}

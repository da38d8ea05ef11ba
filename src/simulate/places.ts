import type { RegionNode, RegionTree } from '../config/region-config.js';
import { hashUniform } from './prng.js';

/** A region where simulated events happen: a community, or a street that has no communities. */
export interface Place {
  readonly code: string;
  readonly name: string;
  /** Name without the 社区/街道 suffix, for landmarks in texts ("山厦花园"). */
  readonly shortName: string;
  readonly streetCode: string;
  readonly streetName: string;
  /** Relative population, mean 1 over all places: scales every volume. */
  readonly weight: number;
  /** Factories and workshops: more wage-arrears and labour trouble. */
  readonly industrial: boolean;
  /** Neighbouring places (from config), restricted to codes that are places. */
  readonly neighbours: readonly string[];
}

export interface Street {
  readonly code: string;
  readonly name: string;
  readonly places: readonly Place[];
}

export interface PlaceIndex {
  readonly districtCode: string;
  readonly districtName: string;
  readonly streets: readonly Street[];
  readonly places: readonly Place[];
  readonly byCode: ReadonlyMap<string, Place>;
}

/** Manufacturing-heavy streets of Longgang; elsewhere a community is industrial less often. */
const INDUSTRIAL_STREETS = new Set(['平湖街道', '坪地街道', '横岗街道', '宝龙街道']);

/**
 * Places are the communities of the tree (events are simulated at community level); a street
 * without communities is a place itself, and so is a root without streets. Weights and the
 * industrial flag come from a hash of the code, so they are the same for every seed.
 */
export function indexPlaces(tree: RegionTree): PlaceIndex {
  const root = tree.root;
  const streetNodes = root.children && root.children.length > 0 ? root.children : [root];
  const draft: Omit<Place, 'neighbours'>[] = [];
  const neighboursOf = new Map<string, readonly string[]>();
  const streetDraft: { code: string; name: string; codes: string[] }[] = [];
  for (const street of streetNodes) {
    const leaves: RegionNode[] = street.children && street.children.length > 0 ? street.children : [street];
    const codes: string[] = [];
    for (const leaf of leaves) {
      // Log-normal spread of population: the biggest communities have a few times the smallest.
      const u1 = Math.max(hashUniform(`pop1:${leaf.code}`), 1e-9);
      const u2 = hashUniform(`pop2:${leaf.code}`);
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const industrialOdds = INDUSTRIAL_STREETS.has(street.name) ? 0.75 : 0.2;
      draft.push({
        code: leaf.code,
        name: leaf.name,
        shortName: leaf.name.replace(/(社区|街道|区)$/u, '') || leaf.name,
        streetCode: street.code,
        streetName: street.name,
        weight: Math.exp(0.45 * z),
        industrial: hashUniform(`ind:${leaf.code}`) < industrialOdds,
      });
      neighboursOf.set(leaf.code, leaf.neighbours ?? []);
      codes.push(leaf.code);
    }
    streetDraft.push({ code: street.code, name: street.name, codes });
  }
  const meanWeight = draft.reduce((s, p) => s + p.weight, 0) / draft.length;
  const codes = new Set(draft.map((p) => p.code));
  const places: Place[] = draft.map((p) => ({
    ...p,
    weight: p.weight / meanWeight,
    neighbours: (neighboursOf.get(p.code) ?? []).filter((c) => codes.has(c)),
  }));
  const byCode = new Map(places.map((p) => [p.code, p]));
  const streets = streetDraft.map((s) => ({
    code: s.code,
    name: s.name,
    places: s.codes.map((c) => byCode.get(c)).filter((p): p is Place => p !== undefined),
  }));
  return { districtCode: root.code, districtName: root.name, streets, places, byCode };
}

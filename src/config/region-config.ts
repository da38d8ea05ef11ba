import { z } from 'zod';

export const RegionLevel = z.enum(['district', 'street', 'community', 'grid']);
export type RegionLevel = z.infer<typeof RegionLevel>;

const LEVEL_BELOW: Readonly<Record<RegionLevel, RegionLevel | null>> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
};

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  neighbours?: string[] | undefined;
  children?: RegionNode[] | undefined;
}

/** One node of the region tree: district > street > community > grid. */
export const RegionNode: z.ZodType<RegionNode> = z.lazy(() =>
  z
    .object({
      code: z.string().regex(/^[0-9A-Za-z_-]{1,32}$/, 'a region code: 1-32 letters, digits, _ or -'),
      name: z.string().min(1),
      level: RegionLevel,
      /** Codes of adjacent regions at the same level (used by spatial detectors and explanations). */
      neighbours: z.array(z.string()).optional(),
      children: z.array(RegionNode).optional(),
    })
    .strict()
    .superRefine((node, ctx) => {
      const below = LEVEL_BELOW[node.level];
      node.children?.forEach((child, i) => {
        if (child.level !== below) {
          ctx.addIssue({
            code: 'custom',
            path: ['children', i, 'level'],
            message: `a ${node.level} can only contain ${below === null ? 'no children' : `${below} regions`}`,
          });
        }
      });
    }),
);

/** The region tree file: one root (the district) with its streets and communities. */
export const RegionTree = z.object({ root: RegionNode }).strict();
export type RegionTree = z.infer<typeof RegionTree>;

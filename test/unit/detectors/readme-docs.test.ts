import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyDetector } from '../../../detectors/index.js';
import { WARMING_UP } from '../../../src/domain/score.js';
import { packageRoot } from '../../../src/cli/package-root.js';
import { parameterTable, renderDetectorDocs } from '../../../scripts/detector-docs.js';

/** A two-parameter detector, to check the rendering by hand. */
const toy: AnyDetector = {
  name: 'toy',
  description: 'test only',
  configSchema: z
    .object({
      alpha: z.number().gt(0).lt(0.5).default(0.01).describe('One-sided level | tail'),
      window: z.number().int().min(5).max(60).default(10).describe('Windows in the test'),
      mode: z.enum(['a', 'b']).default('b'),
      limit: z.object({ cases: z.number().int().nonnegative().default(5).describe('Cases needed') }).strict().prefault({}),
    })
    .strict(),
  stateSchema: z.null(),
  create: () => null,
  update: (state) => ({ state, score: WARMING_UP }),
};

describe('detector parameter tables', () => {
  it('renders type, bounds, default and description of every parameter, nested ones dotted', () => {
    expect(parameterTable(toy)).toBe(
      [
        '| parameter | type | default | meaning |',
        '|---|---|---|---|',
        '| `alpha` | number, > 0 and < 0.5 | `0.01` | One-sided level \\| tail |',
        '| `window` | integer, 5 to 60 | `10` | Windows in the test |',
        '| `mode` | `a` \\| `b` | `b` |  |',
        '| `limit.cases` | integer, ≥ 0 | `5` | Cases needed |',
      ].join('\n'),
    );
  });

  it('fills the marked sections, and names missing sections, unknown markers and missing descriptions', () => {
    const registry = new Map([['toy', toy]]);
    const readme = 'intro\n<!-- detector-params:toy -->\nstale\n<!-- /detector-params -->\n<!-- detector-params:gone -->\n<!-- /detector-params -->\n';
    const { text, problems } = renderDetectorDocs(readme, registry);
    expect(text).toBe(`intro\n<!-- detector-params:toy -->\n${parameterTable(toy)}\n<!-- /detector-params -->\n<!-- detector-params:gone -->\n<!-- /detector-params -->\n`);
    expect(problems).toEqual([
      'README.md: <!-- detector-params:gone --> names no registered detector',
      'detectors: toy.mode has no .describe() text',
    ]);
    expect(renderDetectorDocs('no sections', registry).problems[0]).toMatch(/^README.md: no section for detector toy: /);
  });

  it('README.md documents every registered detector with an up-to-date table (npm run docs:detectors)', () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
    const { text, problems } = renderDetectorDocs(readme);
    expect(problems).toEqual([]);
    expect(text === readme, 'README.md detector tables are stale: run npm run docs:detectors').toBe(true);
  });
});

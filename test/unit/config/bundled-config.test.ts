import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppConfig } from '../../../src/config/app-config.js';
import { HolidayCalendar } from '../../../src/config/holiday-calendar.js';
import { RegionTree } from '../../../src/config/region-config.js';
import { FusionConfig } from '../../../src/fusion/fusion-config.js';
import { SpatialConfig } from '../../../src/spatial/spatial-config.js';
import type { RegionNode } from '../../../src/config/region-config.js';

const configDir = fileURLToPath(new URL('../../../config/', import.meta.url));

function readYaml(file: string): unknown {
  return parse(readFileSync(configDir + file, 'utf8'));
}

function allNodes(node: RegionNode): RegionNode[] {
  return [node, ...(node.children ?? []).flatMap(allNodes)];
}

/** Checks every tree file the same way: unique codes, symmetric neighbours of the same level, child codes extend the parent's. */
function expectConsistentTree(tree: RegionTree): void {
  const nodes = allNodes(tree.root);
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  expect(byCode.size, 'codes are unique').toBe(nodes.length);
  for (const node of nodes) {
    for (const code of node.neighbours ?? []) {
      const other = byCode.get(code);
      expect(other, `${node.code} names unknown neighbour ${code}`).toBeDefined();
      expect(other?.level, `${node.code} and its neighbour ${code} are on the same level`).toBe(node.level);
      expect(other?.neighbours ?? [], `${code} lists ${node.code} back`).toContain(node.code);
      expect(code).not.toBe(node.code);
    }
    for (const child of node.children ?? []) {
      expect(child.code.startsWith(node.code), `${child.code} starts with its parent's code ${node.code}`).toBe(true);
    }
  }
}

describe('config/longgang-regions.yaml', () => {
  const tree = RegionTree.parse(readYaml('longgang-regions.yaml'));
  const streets = tree.root.children ?? [];

  it('is 龙岗区 440307 with its 11 streets, each with 9-digit codes 440307001..440307011', () => {
    expect(tree.root).toMatchObject({ code: '440307', name: '龙岗区', level: 'district' });
    expect(streets).toHaveLength(11);
    expect(streets.map((s) => s.code)).toEqual(Array.from({ length: 11 }, (_, i) => `440307${String(i + 1).padStart(3, '0')}`));
    expect(streets.map((s) => s.name.replace('街道', '')).sort()).toEqual(
      ['平湖', '坪地', '横岗', '龙岗', '龙城', '布吉', '坂田', '南湾', '吉华', '园山', '宝龙'].sort(),
    );
  });

  it('gives every street 3-6 communities with 12-digit codes under the street code', () => {
    for (const street of streets) {
      const communities = street.children ?? [];
      expect(communities.length, street.name).toBeGreaterThanOrEqual(3);
      expect(communities.length, street.name).toBeLessThanOrEqual(6);
      for (const c of communities) {
        expect(c.level).toBe('community');
        expect(c.code).toMatch(/^\d{12}$/);
        expect(c.name.endsWith('社区')).toBe(true);
      }
    }
  });

  it('has unique codes, known and symmetric neighbours, and every street has one', () => {
    expectConsistentTree(tree);
    for (const street of streets) expect(street.neighbours?.length ?? 0, street.name).toBeGreaterThan(0);
  });

  it('keeps community neighbours among siblings', () => {
    for (const street of streets) {
      const siblings = new Set((street.children ?? []).map((c) => c.code));
      for (const c of street.children ?? []) for (const n of c.neighbours ?? []) expect(siblings.has(n), `${c.code} -> ${n}`).toBe(true);
    }
  });
});

describe('config/regions.example.yaml', () => {
  it('is a valid, consistent tree of 1 district, 2 streets and 2 communities', () => {
    const tree = RegionTree.parse(readYaml('regions.example.yaml'));
    expectConsistentTree(tree);
    const levels = allNodes(tree.root).map((n) => n.level);
    expect(levels.filter((l) => l === 'street')).toHaveLength(2);
    expect(levels.filter((l) => l === 'community')).toHaveLength(2);
  });
});

describe('config/holidays.yaml', () => {
  const calendar = HolidayCalendar.parse(readYaml('holidays.yaml'));
  const dates = calendar.days.map((d) => d.date);

  it('lists each date once, sorted', () => {
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });

  it('covers 2025, 2026 and 2027', () => {
    for (const year of ['2025', '2026', '2027']) {
      expect(dates.some((d) => d.startsWith(`${year}-10-01`)), `${year} National Day`).toBe(true);
      expect(calendar.days.some((d) => d.date.startsWith(year) && d.name.includes('春节')), `${year} Spring Festival`).toBe(true);
    }
  });

  it('only swaps weekend days into working days', () => {
    for (const day of calendar.days.filter((d) => d.type === 'workday')) {
      const weekday = new Date(`${day.date}T00:00:00Z`).getUTCDay();
      expect([0, 6], day.date).toContain(weekday);
    }
  });

  it('matches the 2026 State Council notice on a few well-known days', () => {
    const type = (date: string): string | undefined => calendar.days.find((d) => d.date === date)?.type;
    expect(type('2026-02-16')).toBe('holiday'); // 除夕
    expect(type('2026-02-14')).toBe('workday');
    expect(type('2026-05-05')).toBe('holiday');
    expect(type('2026-05-09')).toBe('workday');
    expect(type('2026-10-07')).toBe('holiday');
    expect(type('2026-10-10')).toBe('workday');
  });
});

describe('config/default.yaml', () => {
  it('validates as an AppConfig with the bundled region and holiday files', () => {
    const main = readYaml('default.yaml') as Record<string, unknown>;
    expect(main.regions).toBe('./longgang-regions.yaml');
    expect(main.holidays).toBe('./holidays.yaml');
    const parsed = AppConfig.safeParse({ ...main, regions: readYaml('longgang-regions.yaml'), holidays: readYaml('holidays.yaml') });
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
  });

  it('lists exactly the code defaults of spatial and fusion, as its comment says', () => {
    const main = readYaml('default.yaml') as { spatial: unknown; fusion: unknown };
    expect(main.spatial).toEqual(SpatialConfig.parse({}));
    expect(main.fusion).toEqual(FusionConfig.parse({}));
  });
});

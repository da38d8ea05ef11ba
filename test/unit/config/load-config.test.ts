import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { robustZ } from '../../../detectors/robust-z.js';
import { DetectorPlan } from '../../../src/config/detector-plan.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { RegionIndex } from '../../../src/config/region-index.js';
import { ConfigError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ews-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;

/** Writes `content` (an object as YAML, or raw text) to a fresh file in the temp folder; returns its absolute path. */
function writeYaml(content: unknown, name = 'config.yaml'): string {
  fileCount += 1;
  const path = join(dir, `${fileCount}-${name}`);
  writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  return path;
}

function regionTree(): { root: Record<string, unknown> & { children: Record<string, unknown>[] } } {
  return {
    root: {
      code: '440307',
      name: '龙岗区',
      level: 'district',
      children: [
        {
          code: '440307006',
          name: '布吉街道',
          level: 'street',
          neighbours: ['440307009'],
          children: [{ code: '440307006001', name: '布吉社区', level: 'community' }],
        },
        { code: '440307009', name: '吉华街道', level: 'street', neighbours: ['440307006'] },
      ],
    },
  };
}

/** A small valid main config document with the regions inline; tests break one part of it. */
function validDocument(): Record<string, unknown> & { detectors: Record<string, unknown> & { enabled: Record<string, string[]> } } {
  return {
    utcOffset: '+08:00',
    regions: regionTree(),
    holidays: { days: [{ date: '2026-05-01', type: 'holiday', name: '劳动节' }] },
    categories: {
      hotline: [{ code: 'food_safety', name: '食品安全' }],
      dispute: [{ code: 'wage_arrears', name: '欠薪纠纷' }],
      cases: [{ code: 'influenza_like', name: '流感样病例' }],
    },
    series: {
      hotline: [{ granularity: 'day', levels: ['district', 'street'] }],
      dispute: [{ granularity: 'day', levels: ['street'] }],
      cases: [{ granularity: 'day', levels: ['street'] }],
    },
    detectors: { enabled: { day: ['ears_c1', 'cusum'] } },
    alerting: { severity: [{ severity: 'blue', minScore: 0.9, minVotes: 1 }] },
  };
}

/** The ConfigError `loadConfig(path)` throws; fails the test when it loads or throws anything else. */
function configError(path: string): ConfigError {
  try {
    loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${path} loaded without error`);
}

const KNOWN_DETECTORS = 'known: ears_c1, ears_c2, ears_c3, ewma, cusum, robust_z, farrington, farrington_flexible, seasonal, slow_rise, term_burst';

describe('loadConfig on the bundled config/default.yaml', () => {
  const { config, files } = loadConfig('config/default.yaml');
  const regions = new RegionIndex(config.regions);
  const plan = new DetectorPlan(config.detectors, regions);

  it('reads the main file and the region and holiday files it names', () => {
    expect(files).toEqual(['config/default.yaml', 'config/longgang-regions.yaml', 'config/holidays.yaml']);
    expect(config.utcOffset).toBe('+08:00');
    expect(config.holidays.days.length).toBeGreaterThan(20);
  });

  it('indexes 龙岗区 with its 11 streets and counts a community at its street and the district', () => {
    expect(regions.root).toMatchObject({ code: '440307', name: '龙岗区', level: 'district', parent: null });
    const streets = [...regions.all()].filter((r) => r.level === 'street');
    expect(streets).toHaveLength(11);
    expect(streets.every((s) => s.parent === '440307')).toBe(true);
    expect(regions.get('440307001001')?.chain).toEqual(['440307001001', '440307001', '440307']);
    expect(regions.isWithin('440307001001', '440307001')).toBe(true);
    expect(regions.isWithin('440307001001', '440307002')).toBe(false);
  });

  it('plans the detectors enabled for each granularity, with their parsed parameters', () => {
    const names = (granularity: 'hour' | 'day' | 'week', stream: 'hotline' | 'dispute' | 'cases' = 'hotline', category = 'food_safety') =>
      plan.forSeries({ stream, region: '440307001', category, granularity }).map((p) => p.name);
    expect(names('day')).toEqual(['ears_c1', 'ears_c2', 'ears_c3', 'ewma', 'cusum', 'robust_z', 'term_burst']);
    expect(names('day', 'cases', 'influenza_like')).toEqual(['ears_c1', 'ears_c2', 'ears_c3', 'ewma', 'cusum', 'robust_z']);
    // term_burst is added for hotline and dispute day series at street and community level only.
    expect(plan.forSeries({ stream: 'hotline', region: '440307', category: 'food_safety', granularity: 'day' }).map((p) => p.name)).not.toContain('term_burst');
    expect(plan.forSeries({ stream: 'dispute', region: '440307001001', category: 'wage_arrears', granularity: 'day' }).map((p) => p.name)).toContain('term_burst');
    expect(names('hour')).toEqual(['robust_z']);
    expect(names('week', 'dispute', 'wage_arrears')).toEqual(['ewma', 'cusum', 'robust_z']);

    const day = plan.forSeries({ stream: 'cases', region: '440307001001', category: 'influenza_like', granularity: 'day' });
    expect(day.find((p) => p.name === 'ears_c1')?.config).toEqual({ alpha: 0.001, baseline: 7, minSigma: 0 });
    expect(day.find((p) => p.name === 'ears_c3')?.config).toMatchObject({ alpha: 0.025 });
  });

  it('applies the public-security override to that category only', () => {
    const robustZOf = (category: string) =>
      plan
        .forSeries({ stream: 'cases', region: '440307001', category, granularity: 'day' })
        .find((p) => p.name === 'robust_z')?.config as { threshold: number } | undefined;
    expect(robustZOf('public_security')?.threshold).toBe(4.5);
    expect(robustZOf('influenza_like')?.threshold).toBe(robustZ.configSchema.parse({}).threshold);
  });
});

describe('loadConfig errors', () => {
  it('accepts the valid document the error cases start from', () => {
    const { config } = loadConfig(writeYaml(validDocument()));
    expect(config.windowing.historyWindows).toBe(56);
    expect(config.alerting.minVotes).toBe(2);
  });

  it('reports a negative windowing.historyWindows with the bound and the value given', () => {
    const path = writeYaml({ ...validDocument(), windowing: { historyWindows: -3 } });
    const error = configError(path);
    expect(error.code).toBe('EWS_ERR_CONFIG_INVALID');
    expect(error.retriable).toBe(false);
    expect(error.issues[0]).toBe(`${path}: windowing.historyWindows: Too small: expected number to be >=1, got -3`);
    // Cross-field checks on the same setting may add lines, but only about that setting.
    for (const issue of error.issues) expect(issue).toMatch(new RegExp(`^${escapeRegExp(path)}: windowing\\.historyWindows: .*, got -3$`));
    expect(error.message).toBe(`invalid configuration:\n  ${error.issues.join('\n  ')}`);
  });

  it('rejects a misspelt top-level key', () => {
    const { detectors, ...rest } = validDocument();
    const path = writeYaml({ ...rest, detektors: detectors });
    const { issues } = configError(path);
    expect(issues).toHaveLength(2);
    expect(issues).toContain(`${path}: (top level): Unrecognized key: "detektors"`);
    expect(issues).toContain(`${path}: detectors: Invalid input: expected object, received undefined`);
  });

  it("checks a detector's parameters against that detector's schema (cusum h must be > 0)", () => {
    const document = validDocument();
    document.detectors['params'] = { cusum: { h: -1 } };
    const negative = writeYaml(document);
    expect(configError(negative).issues).toEqual([`${negative}: detectors.params.cusum.h: Too small: expected number to be >0, got -1`]);

    document.detectors['params'] = { cusum: { h: 'high' } };
    const text = writeYaml(document);
    expect(configError(text).issues).toEqual([`${text}: detectors.params.cusum.h: Invalid input: expected number, received string, got "high"`]);
  });

  it('names the unknown detector in an enabled list and lists the known ones', () => {
    const document = validDocument();
    document.detectors.enabled['day'] = ['ears_c1', 'ears_c4'];
    const path = writeYaml(document);
    expect(configError(path).issues).toEqual([`${path}: detectors.enabled.day.1: unknown detector "ears_c4"; ${KNOWN_DETECTORS}`]);
  });

  it('rejects a fusion theme naming a category its stream lacks, and a theme listed twice', () => {
    const document = validDocument();
    const wage = { name: 'wage', members: [{ stream: 'dispute', category: 'wage_arrears' }, { stream: 'hotline', category: 'wage_arears' }] };
    const path = writeYaml({ ...document, fusion: { themes: [wage, { name: 'wage', members: [{ stream: 'cases', category: 'influenza_like' }] }] } });
    expect(configError(path).issues).toEqual([
      `${path}: fusion.themes.0.members.1.category: unknown hotline category "wage_arears"; known: food_safety`,
      `${path}: fusion.themes.1.name: theme "wage" appears twice`,
    ]);
  });

  it('rejects an override scoped to a region that is not in the tree', () => {
    const document = validDocument();
    document.detectors['overrides'] = [{ match: { region: '440307099' }, params: { cusum: { h: 3 } } }];
    const path = writeYaml(document);
    expect(configError(path).issues).toEqual([`${path}: detectors.overrides.0.match.region: unknown region code "440307099"`]);
  });

  it('rejects a region tree with a duplicate code or an unknown neighbour', () => {
    const duplicate = validDocument();
    (duplicate.regions as ReturnType<typeof regionTree>).root.children[1]!['code'] = '440307006';
    const duplicatePath = writeYaml(duplicate);
    expect(configError(duplicatePath).issues).toEqual([
      `${duplicatePath}: regions.root.children.1.code: region code 440307006 appears twice (first at root.children.0)`,
    ]);

    const neighbour = validDocument();
    (neighbour.regions as ReturnType<typeof regionTree>).root.children[1]!['neighbours'] = ['440307006', '440307099'];
    const neighbourPath = writeYaml(neighbour);
    expect(configError(neighbourPath).issues).toEqual([
      `${neighbourPath}: regions.root.children.1.neighbours.1: region 440307009 names unknown neighbour 440307099`,
    ]);
  });

  it('validates an included region file against the region schema and names that file', () => {
    const tree = regionTree();
    tree.root.children[1]!['level'] = 'community';
    tree.root['population'] = 4_000_000;
    const regionsPath = writeYaml(tree, 'regions.yaml');
    const path = writeYaml({ ...validDocument(), regions: regionsPath });
    const { issues } = configError(path);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toBe(`${regionsPath}: root: Unrecognized key: "population"`);
    expect(issues[1]).toMatch(new RegExp(`^${escapeRegExp(regionsPath)}: root\\.children\\.1\\.level: a district can only contain street`));
  });

  // Bug (src/config/region-config.ts + format-issues.ts): the level check's message already ends in
  // "got community", and formatIssues appends ", got "community"" again.
  it('says what was given once for a child at the wrong level', () => {
    const tree = regionTree();
    tree.root.children[1]!['level'] = 'community';
    const regionsPath = writeYaml(tree, 'regions.yaml');
    const { issues } = configError(writeYaml({ ...validDocument(), regions: regionsPath }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.match(/got/g)).toHaveLength(1);
  });

  it('rejects a duplicate code in an included region file', () => {
    const tree = regionTree();
    tree.root.children[1]!['code'] = '440307006';
    const regionsPath = writeYaml(tree, 'regions.yaml');
    const { issues } = configError(writeYaml({ ...validDocument(), regions: regionsPath }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/region code 440307006 appears twice/);
  });

  // Bug (src/config/load-config.ts validateSemantics): tree checks run after the included file is
  // merged, so a duplicate code in regions.yaml is reported as "<main file>: regions: ..." without
  // the region file or the path inside it (DESIGN.md: "an error names the file, the path inside it").
  it('names the region file and the node for a duplicate code in an included region file', () => {
    const tree = regionTree();
    tree.root.children[1]!['code'] = '440307006';
    const regionsPath = writeYaml(tree, 'regions.yaml');
    const { issues } = configError(writeYaml({ ...validDocument(), regions: regionsPath }));
    expect(issues[0]).toMatch(new RegExp(`^${escapeRegExp(regionsPath)}: root\\.children\\.1(\\.code)?: .*440307006`));
  });

  it('gives the line of a YAML syntax error', () => {
    const path = writeYaml(["utcOffset: '+08:00'", 'categories:', '  hotline:', '    - { code: food_safety, name: 食品安全', 'series: {}', ''].join('\n'));
    const { issues } = configError(path);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^${escapeRegExp(path)}: line 5 column \\d+: invalid YAML: `));
  });

  it('names a missing included file and the key that names it', () => {
    const path = writeYaml({ ...validDocument(), regions: './nope.yaml' });
    const error = configError(path);
    expect(error.code).toBe('EWS_ERR_CONFIG_INVALID');
    expect(error.issues).toEqual([`${join(dir, 'nope.yaml')}: cannot read file (named by ${path}: regions): ENOENT`]);
  });

  it('names a missing main file', () => {
    const path = join(dir, 'absent.yaml');
    expect(configError(path).issues).toEqual([`${path}: cannot read file: ENOENT`]);
  });

  it('reports every schema problem of a file in one error', () => {
    const path = writeYaml({ ...validDocument(), utcOffset: '8', windowing: { historyWindows: -3 }, alertng: {} });
    const { issues } = configError(path);
    expect(issues).toContain(`${path}: utcOffset: an offset like +08:00, got "8"`);
    expect(issues).toContain(`${path}: windowing.historyWindows: Too small: expected number to be >=1, got -3`);
    expect(issues).toContain(`${path}: (top level): Unrecognized key: "alertng"`);
    const paths = new Set(issues.map((issue) => issue.slice(path.length + 2).split(': ')[0]));
    expect(paths).toEqual(new Set(['utcOffset', 'windowing.historyWindows', '(top level)']));
  });

  it('reports every detector problem of a file in one error', () => {
    const document = validDocument();
    document.detectors.enabled['day'] = ['ears_c1', 'zscore'];
    document.detectors['params'] = { cusum: { h: -1 }, ears_c9: {} };
    document.detectors['overrides'] = [{ match: { region: '999', category: 'ufo' }, enabled: ['ewma', 'holt'], add: ['term_bursts'] }];
    const path = writeYaml(document);
    expect(configError(path).issues).toEqual([
      `${path}: detectors.enabled.day.1: unknown detector "zscore"; ${KNOWN_DETECTORS}`,
      `${path}: detectors.params.cusum.h: Too small: expected number to be >0, got -1`,
      `${path}: detectors.params.ears_c9: unknown detector "ears_c9"; ${KNOWN_DETECTORS}`,
      `${path}: detectors.overrides.0.enabled.1: unknown detector "holt"; ${KNOWN_DETECTORS}`,
      `${path}: detectors.overrides.0.add.0: unknown detector "term_bursts"; ${KNOWN_DETECTORS}`,
      `${path}: detectors.overrides.0.match.region: unknown region code "999"`,
      `${path}: detectors.overrides.0.match.category: unknown category "ufo"`,
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { AppConfig } from './app-config.js';
import { validateDetectorSettings } from './detector-plan.js';
import { formatIssues } from './format-issues.js';
import { fusionThemeIssues } from '../fusion/fusion-themes.js';
import { HolidayCalendar } from './holiday-calendar.js';
import { RegionIndex, RegionTreeError } from './region-index.js';
import { RegionTree } from './region-config.js';

export interface LoadedConfig {
  readonly config: AppConfig;
  /** Files read, main file first, for logs and reload. */
  readonly files: readonly string[];
}

/**
 * Reads the main YAML file and the region and holiday files it names, validates everything
 * (including each detector block against that detector's own schema) and throws one
 * ConfigError listing every problem, each as `file: path: expected ..., got ...`.
 */
export function loadConfig(mainPath: string): LoadedConfig {
  const mainFile = displayPath(mainPath);
  const raw = readYaml(mainPath, mainFile);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`${mainFile}: (top level): expected a mapping of settings`]);
  }
  const files = [mainFile];
  const document = { ...(raw as Record<string, unknown>) };
  const issues: string[] = [];
  /** Where the region tree came from, to blame tree inconsistencies on the right file and path. */
  let regionsAt = `${mainFile}: regions.`;
  for (const [key, schema] of [
    ['regions', RegionTree],
    ['holidays', HolidayCalendar],
  ] as const) {
    const value = document[key];
    if (typeof value !== 'string') continue;
    const includedPath = resolve(dirname(mainPath), value);
    const includedFile = displayPath(includedPath);
    files.push(includedFile);
    const included = readYaml(includedPath, includedFile, `${mainFile}: ${key}`);
    const parsed = (schema as z.ZodType).safeParse(included);
    if (!parsed.success) issues.push(...formatIssues(includedFile, parsed.error.issues, included));
    if (key === 'regions') regionsAt = `${includedFile}: `;
    document[key] = included;
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const parsed = AppConfig.safeParse(document);
  if (!parsed.success) throw new ConfigError(formatIssues(mainFile, parsed.error.issues, document));
  const config = parsed.data;
  const semantic = validateSemantics(config, mainFile, regionsAt);
  if (semantic.length > 0) throw new ConfigError(semantic);
  return { config, files };
}

/** Checks that schemas alone cannot: references between parts of the config. */
function validateSemantics(config: AppConfig, file: string, regionsAt: string): string[] {
  const issues: string[] = [];
  let regions: RegionIndex | undefined;
  try {
    regions = new RegionIndex(config.regions);
  } catch (error) {
    if (!(error instanceof RegionTreeError)) throw error;
    issues.push(`${regionsAt}${error.message}`);
  }
  issues.push(...validateDetectorSettings(config, regions, file));
  issues.push(...fusionThemeIssues(config, file));
  return issues;
}

function readYaml(path: string, file: string, referencedFrom?: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const from = referencedFrom === undefined ? '' : ` (named by ${referencedFrom})`;
    throw new ConfigError([`${file}: cannot read file${from}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`], { cause });
  }
  try {
    return parseYaml(text);
  } catch (cause) {
    if (cause instanceof YAMLParseError) {
      const line = cause.linePos?.[0];
      const where = line === undefined ? '' : `line ${line.line} column ${line.col}: `;
      throw new ConfigError([`${file}: ${where}invalid YAML: ${cause.message.split('\n')[0] ?? ''}`], { cause });
    }
    throw cause;
  }
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

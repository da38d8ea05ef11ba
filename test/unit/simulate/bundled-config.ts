import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { AppConfig } from '../../../src/config/app-config.js';

const configDir = fileURLToPath(new URL('../../../config/', import.meta.url));

function readYaml(file: string): unknown {
  return parse(readFileSync(configDir + file, 'utf8'));
}

/** config/default.yaml with its region and holiday files inlined; `regions` picks another tree file. */
export function bundledConfig(regions = 'longgang-regions.yaml'): AppConfig {
  const main = readYaml('default.yaml') as Record<string, unknown>;
  return AppConfig.parse({ ...main, regions: readYaml(regions), holidays: readYaml('holidays.yaml') });
}

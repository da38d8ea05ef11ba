import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, whether running from src/ (tsx) or dist/src/ (built). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the CLI');
    dir = parent;
  }
  return dir;
}

/** `--config` when given, else `$EWS_CONFIG`, else the bundled config/default.yaml. */
export function defaultConfigPath(flag: string | undefined): string {
  return flag ?? process.env['EWS_CONFIG'] ?? join(packageRoot(), 'config', 'default.yaml');
}

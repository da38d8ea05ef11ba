import type { AppConfig } from '../config/app-config.js';
import type { StreamName } from '../domain/stream.js';
import { DEFAULT_THEMES, type FusionConfig, type FusionTheme } from './fusion-config.js';

type Categories = Readonly<Record<StreamName, readonly { code: string }[]>>;

const known = (categories: Categories, stream: StreamName, category: string) => categories[stream].some((c) => c.code === category);

/**
 * The themes fusion uses: the configured ones, or the defaults without the members whose
 * category the config lacks (and without themes left empty).
 */
export function resolveThemes(config: FusionConfig, categories: Categories): FusionTheme[] {
  if (config.themes !== undefined) return config.themes;
  return DEFAULT_THEMES.map((t) => ({ name: t.name, members: t.members.filter((m) => known(categories, m.stream, m.category)) })).filter((t) => t.members.length > 0);
}

/** Configured theme members naming a category their stream lacks, as `file: path: message` (a typo would silently fuse nothing). */
export function fusionThemeIssues(config: AppConfig, file: string): string[] {
  const issues: string[] = [];
  const names = new Set<string>();
  (config.fusion.themes ?? []).forEach((theme, t) => {
    if (names.has(theme.name)) issues.push(`${file}: fusion.themes.${t}.name: theme "${theme.name}" appears twice`);
    names.add(theme.name);
    theme.members.forEach((member, m) => {
      if (known(config.categories, member.stream, member.category)) return;
      const codes = config.categories[member.stream].map((c) => c.code).join(', ');
      issues.push(`${file}: fusion.themes.${t}.members.${m}.category: unknown ${member.stream} category "${member.category}"; known: ${codes}`);
    });
  });
  return issues;
}

import type { Alert } from '../domain/alert.js';
import type { RegionIndex } from '../config/region-index.js';
import type { Episode } from '../simulate/episodes.js';

/** Days after an episode's end during which an alert still counts as pointing at it. */
export const MATCH_GRACE_DAYS = 3;

/**
 * True when an opened alert points at an injected episode: same stream and category (for a
 * fused alert, those of one of its contributing signals), a window
 * overlapping the episode (plus a short grace period), and a region that is one of the
 * episode's regions, inside one of them, or the street or district that contains one.
 */
export function alertMatchesEpisode(alert: Alert, episode: Episode, regions: RegionIndex): boolean {
  const pairs = alert.kind === 'fused' ? alert.signals : [alert];
  if (!pairs.some((p) => episode.streams.includes(p.stream) && episode.categories.includes(p.category))) return false;
  const start = Date.parse(alert.window.start);
  const end = Date.parse(alert.window.end);
  if (end <= Date.parse(episode.start) || start >= Date.parse(episode.end) + MATCH_GRACE_DAYS * 86_400_000) return false;
  return episode.regionCodes.some((code) => regions.isWithin(code, alert.region.code) || regions.isWithin(alert.region.code, code));
}

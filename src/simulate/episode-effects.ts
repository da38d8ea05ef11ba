import type { StreamName } from '../domain/stream.js';
import { extraRatioOn } from './episodes.js';
import type { PlannedEpisode } from './episodes.js';

/** One episode's pull on a series cell: its extra ratio over the baseline that day. */
export interface ActiveEpisode {
  readonly planned: PlannedEpisode;
  readonly ratio: number;
}

const NONE: readonly ActiveEpisode[] = [];

/** Answers "which episodes raise this (stream, category, place, day)?" quickly for the generators. */
export class EpisodeEffects {
  private readonly byStreamCategory = new Map<string, PlannedEpisode[]>();

  constructor(planned: readonly PlannedEpisode[], categories: Readonly<Record<StreamName, readonly { code: string }[]>>) {
    for (const p of planned) {
      for (const stream of p.episode.streams) {
        for (const category of p.episode.categories) {
          if (!categories[stream].some((c) => c.code === category)) continue;
          const key = `${stream}|${category}`;
          const list = this.byStreamCategory.get(key) ?? [];
          list.push(p);
          this.byStreamCategory.set(key, list);
        }
      }
    }
  }

  active(stream: StreamName, category: string, placeCode: string, dayIndex: number): readonly ActiveEpisode[] {
    const candidates = this.byStreamCategory.get(`${stream}|${category}`);
    if (!candidates) return NONE;
    let out: ActiveEpisode[] | null = null;
    for (const planned of candidates) {
      if (!planned.placeCodes.has(placeCode)) continue;
      const ratio = extraRatioOn(planned, dayIndex);
      if (ratio > 0) (out ??= []).push({ planned, ratio });
    }
    return out ?? NONE;
  }
}

import { ALERT_SCHEMA_VERSION, type Alert, type AlertChange, type DetectorVerdict } from '../domain/alert.js';
import { granularityMs } from '../domain/granularity.js';
import { formatLocalIso } from '../domain/local-time.js';
import type { SeriesKey } from '../domain/series-key.js';
import { SEVERITY_RANK, type Severity } from '../domain/severity.js';
import type { AppConfig } from '../config/app-config.js';
import type { RegionIndex } from '../config/region-index.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { alertId } from './alert-id.js';
import { stepLifecycle } from './alert-lifecycle.js';
import { type Assessment, assess } from './assess.js';
import { explainFiring, explainResolved, type ExplanationFacts } from './explain.js';
import { alertTopTerms } from './top-terms.js';

/** Where one series' open alert stands. Plain JSON: part of the engine snapshot. */
export interface OpenAlert {
  readonly id: string;
  readonly key: SeriesKey;
  readonly openedStart: number;
  sequence: number;
  quietWindows: number;
  severity: Severity;
}

export interface AlertManagerSettings {
  readonly alerting: AppConfig['alerting'];
  readonly offsetMinutes: number;
  readonly regions: RegionIndex;
  /** stream -> category code -> display name. */
  readonly categoryNames: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * Turns scored windows into alert lifecycle changes: open on the first firing window,
 * update on every further firing window, resolve after `resolveAfterQuietWindows` quiet ones.
 * One open alert per series at a time, so a continuing signal never opens twice.
 */
export class AlertManager {
  private readonly open = new Map<SeriesKey, OpenAlert>();

  constructor(private readonly settings: AlertManagerSettings) {}

  onWindow(scored: ScoredWindow): AlertChange | null {
    const key = scored.window.key;
    const current = this.open.get(key);
    // Fast path: most windows of most series are quiet.
    if (current === undefined && !scored.verdicts.some((v) => v.score.alarm)) return null;
    const assessment = assess(scored, this.settings.alerting);
    const opened = (severity: Severity): OpenAlert => ({
      id: alertId(key, scored.verdicts.map((v) => v.detector), scored.window.start),
      key,
      openedStart: scored.window.start,
      sequence: 1,
      quietWindows: 0,
      severity,
    });
    const severity = assessment.firing ? assessment.severity : null;
    const step = stepLifecycle(this.open, key, severity, opened, this.settings.alerting.resolveAfterQuietWindows);
    return step === null ? null : { kind: step.kind, alert: this.record(step.state, scored, assessment, step.status) };
  }

  /**
   * A case-count revision changed a window that was already scored. An open alert covering it
   * is updated with the revised numbers; a window that fires only after the revision opens an
   * alert of its own (flagged `revised`); anything else changes nothing.
   */
  onRevisedWindow(scored: ScoredWindow): AlertChange | null {
    const current = this.open.get(scored.window.key);
    const assessment = assess(scored, this.settings.alerting);
    if (current !== undefined && current.openedStart <= scored.window.start) {
      current.sequence += 1;
      if (assessment.severity !== null && SEVERITY_RANK[assessment.severity] > SEVERITY_RANK[current.severity]) current.severity = assessment.severity;
      return { kind: 'updated', alert: this.record(current, scored, assessment, 'update') };
    }
    if (current !== undefined || !assessment.firing || assessment.severity === null) return null;
    // Its own id ("revised" in the hash): an alert that opened and resolved on this window before
    // the revision keeps its (id, sequence) history untouched.
    const opened: OpenAlert = {
      id: alertId(scored.window.key, scored.verdicts.map((v) => v.detector), scored.window.start, 'revised'),
      key: scored.window.key,
      openedStart: scored.window.start,
      sequence: 1,
      quietWindows: 0,
      severity: assessment.severity,
    };
    this.open.set(opened.key, opened);
    return { kind: 'opened', alert: this.record(opened, scored, assessment, 'open') };
  }

  openAlerts(): readonly OpenAlert[] {
    return [...this.open.values()];
  }

  snapshot(): OpenAlert[] {
    return [...this.open.values()].map((a) => ({ ...a }));
  }

  restore(alerts: readonly OpenAlert[]): void {
    this.open.clear();
    for (const alert of alerts) this.open.set(alert.key, { ...alert });
  }

  private record(state: OpenAlert, scored: ScoredWindow, assessment: Assessment, status: Alert['status']): Alert {
    const { window, parts, verdicts } = scored;
    const { offsetMinutes } = this.settings;
    const region = this.settings.regions.get(parts.region);
    const { expected, upper } = assessment;
    const pValues = verdicts.filter((v) => v.score.alarm && v.score.pValue !== undefined).map((v) => v.score.pValue as number);
    const width = granularityMs[parts.granularity];
    const topTerms = alertTopTerms(verdicts, window.terms, this.settings.alerting.topTerms);
    const facts: ExplanationFacts = {
      regionName: region?.name ?? parts.region,
      regionCode: parts.region,
      categoryName: this.settings.categoryNames.get(parts.stream)?.get(parts.category) ?? parts.category,
      stream: parts.stream,
      granularity: parts.granularity,
      windowStart: window.start,
      offsetMinutes,
      observed: window.count,
      expected: finiteOrNull(expected),
      upper: finiteOrNull(upper),
      votes: assessment.votes,
      detectorCount: verdicts.length,
      historyWindows: scored.historyWindows,
      topTerms,
    };
    return {
      schemaVersion: ALERT_SCHEMA_VERSION,
      kind: 'series',
      id: state.id,
      status,
      sequence: state.sequence,
      severity: state.severity,
      seriesKey: window.key,
      stream: parts.stream,
      region: { code: parts.region, name: region?.name ?? parts.region, level: region?.level ?? 'unknown' },
      category: parts.category,
      granularity: parts.granularity,
      window: { start: formatLocalIso(window.start, offsetMinutes), end: formatLocalIso(window.end, offsetMinutes) },
      openedWindow: {
        start: formatLocalIso(state.openedStart, offsetMinutes),
        end: formatLocalIso(state.openedStart + width, offsetMinutes),
      },
      observed: window.count,
      expected: finiteOrNull(expected),
      upper: finiteOrNull(upper),
      score: assessment.score,
      pValue: pValues.length > 0 ? Math.min(...pValues) : null,
      detectors: verdicts.map(toVerdict),
      votes: [...assessment.votes],
      historyWindows: scored.historyWindows,
      revised: scored.revised,
      topTerms,
      signals: [],
      explanation:
        status === 'resolved' ? explainResolved(facts, state.openedStart, state.quietWindows) : explainFiring(facts),
    };
  }
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function toVerdict(verdict: ScoredWindow['verdicts'][number]): DetectorVerdict {
  const { score } = verdict;
  return {
    detector: verdict.detector,
    expected: finiteOrNull(score.expected),
    upper: finiteOrNull(score.upper),
    score: score.score,
    pValue: score.pValue ?? null,
    alarm: score.alarm,
  };
}

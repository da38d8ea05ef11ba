import { ALERT_SCHEMA_VERSION, type Alert, type AlertKind, type ContributingSignal } from '../domain/alert.js';
import { granularityMs, type Granularity } from '../domain/granularity.js';
import { formatLocalIso } from '../domain/local-time.js';
import type { StreamName } from '../domain/stream.js';
import type { OpenGroupAlert } from './group-alerts.js';

/** The facts of one cluster or fused alert record, whatever stage produced it. */
export interface GroupAlertFacts {
  readonly kind: Exclude<AlertKind, 'series'>;
  readonly seriesKey: string;
  readonly stream: StreamName;
  readonly region: { readonly code: string; readonly name: string; readonly level: string };
  readonly category: string;
  readonly granularity: Granularity;
  readonly windowStart: number;
  readonly offsetMinutes: number;
  readonly observed: number;
  readonly expected: number | null;
  readonly pValue: number;
  /** Stage name in `detectors` and `votes`: "spatial_scan" or "fusion". */
  readonly detector: string;
  readonly firing: boolean;
  readonly historyWindows: number;
  readonly signals: readonly ContributingSignal[];
  readonly explanation: string;
}

/** An alert record in the same schema as series alerts, so sinks, metrics and HTTP need no change. */
export function groupAlertRecord(state: OpenGroupAlert, status: Alert['status'], facts: GroupAlertFacts): Alert {
  const width = granularityMs[facts.granularity];
  const local = (t: number) => formatLocalIso(t, facts.offsetMinutes);
  const score = Math.min(1, Math.max(0, 1 - facts.pValue));
  const expected = facts.expected !== null && Number.isFinite(facts.expected) ? facts.expected : null;
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    kind: facts.kind,
    id: state.id,
    status,
    sequence: state.sequence,
    severity: state.severity,
    seriesKey: facts.seriesKey,
    stream: facts.stream,
    region: { ...facts.region },
    category: facts.category,
    granularity: facts.granularity,
    window: { start: local(facts.windowStart), end: local(facts.windowStart + width) },
    openedWindow: { start: local(state.openedStart), end: local(state.openedStart + width) },
    observed: facts.observed,
    expected,
    upper: null,
    score,
    pValue: facts.pValue,
    detectors: [{ detector: facts.detector, expected, upper: null, score, pValue: facts.pValue, alarm: facts.firing }],
    votes: facts.firing ? [facts.detector] : [],
    historyWindows: facts.historyWindows,
    revised: false,
    topTerms: [],
    signals: facts.signals.map((s) => ({ ...s, regions: [...s.regions] })),
    explanation: facts.explanation,
  };
}

/** "0.00093" or "1.2e-7": p-values for explanations. */
export function formatP(p: number): string {
  return p >= 0.001 ? p.toPrecision(2) : p.toExponential(1);
}

import type { Alert, AlertChange } from '../domain/alert.js';
import type { Severity } from '../domain/severity.js';

/** Where one cluster or fused alert stands. Plain JSON: part of the engine snapshot. */
export interface OpenGroupAlert {
  readonly id: string;
  /** The group: "cluster|hotline|440307006|food_safety|day" or "fused|440307006|wage|day". */
  readonly key: string;
  readonly openedStart: number;
  sequence: number;
  quietWindows: number;
  severity: Severity;
}

/** What one evaluation of a group says; `render` builds the record once the lifecycle decided. */
export interface GroupEvaluation {
  readonly key: string;
  readonly start: number;
  /** Severity when the group fires on this window, null when quiet. */
  readonly severity: Severity | null;
  readonly id: (openedStart: number) => string;
  readonly render: (state: OpenGroupAlert, status: Alert['status']) => Alert;
}

/**
 * The open / update / resolve lifecycle of alerts that belong to a group of series (a cluster's
 * parent region, a fused place and theme) rather than to one series: the same rules as series
 * alerts, so consumers see one behaviour.
 */
export class GroupAlerts {
  private readonly open = new Map<string, OpenGroupAlert>();

  constructor(private readonly resolveAfterQuietWindows: number) {}

  step(evaluation: GroupEvaluation): AlertChange | null {
    const current = this.open.get(evaluation.key);
    const { severity } = evaluation;
    if (current === undefined) {
      if (severity === null) return null;
      const opened: OpenGroupAlert = {
        id: evaluation.id(evaluation.start),
        key: evaluation.key,
        openedStart: evaluation.start,
        sequence: 1,
        quietWindows: 0,
        severity,
      };
      this.open.set(opened.key, opened);
      return { kind: 'opened', alert: evaluation.render(opened, 'open') };
    }
    if (severity !== null) {
      current.sequence += 1;
      current.quietWindows = 0;
      current.severity = severity;
      return { kind: 'updated', alert: evaluation.render(current, 'update') };
    }
    current.quietWindows += 1;
    if (current.quietWindows < this.resolveAfterQuietWindows) return null;
    current.sequence += 1;
    this.open.delete(current.key);
    return { kind: 'resolved', alert: evaluation.render(current, 'resolved') };
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  openAlerts(): readonly OpenGroupAlert[] {
    return [...this.open.values()];
  }

  snapshot(): OpenGroupAlert[] {
    return [...this.open.values()].map((a) => ({ ...a }));
  }

  restore(alerts: readonly OpenGroupAlert[]): void {
    this.open.clear();
    for (const alert of alerts) this.open.set(alert.key, { ...alert });
  }
}

/**
 * Severity of a group alert from its p-value: blue at `alpha`, one colour up for every further
 * factor of ten (yellow at alpha / 10, orange at alpha / 100, red at alpha / 1000).
 */
export function severityForP(pValue: number, alpha: number): Severity | null {
  if (!(pValue <= alpha)) return null;
  if (pValue <= alpha / 1000) return 'red';
  if (pValue <= alpha / 100) return 'orange';
  if (pValue <= alpha / 10) return 'yellow';
  return 'blue';
}

import type { Alert, AlertChange } from '../domain/alert.js';
import type { Severity } from '../domain/severity.js';
import { stepLifecycle } from './alert-lifecycle.js';

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
    const { key, start } = evaluation;
    const opened = (severity: Severity): OpenGroupAlert => ({ id: evaluation.id(start), key, openedStart: start, sequence: 1, quietWindows: 0, severity });
    const step = stepLifecycle(this.open, key, evaluation.severity, opened, this.resolveAfterQuietWindows);
    return step === null ? null : { kind: step.kind, alert: evaluation.render(step.state, step.status) };
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

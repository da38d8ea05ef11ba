import type { Alert, AlertChange } from '../domain/alert.js';
import type { Severity } from '../domain/severity.js';

/** Where one open alert stands: the fields the lifecycle moves. */
export interface LifecycleState<K extends string = string> {
  readonly key: K;
  sequence: number;
  quietWindows: number;
  severity: Severity;
}

/** What one lifecycle step decided: the change kind, the record status and the state to render. */
export interface LifecycleStep<T> {
  readonly kind: AlertChange['kind'];
  readonly status: Alert['status'];
  readonly state: T;
}

/**
 * Open on the first firing window, update on every further firing window, resolve after
 * `resolveAfterQuietWindows` quiet ones: the one rule series, cluster and fused alerts share.
 * `severity` is null on a quiet window; `opened` builds the state of a new alert.
 */
export function stepLifecycle<K extends string, T extends LifecycleState<K>>(
  open: Map<K, T>,
  key: K,
  severity: Severity | null,
  opened: (severity: Severity) => T,
  resolveAfterQuietWindows: number,
): LifecycleStep<T> | null {
  const current = open.get(key);
  if (current === undefined) {
    if (severity === null) return null;
    const state = opened(severity);
    open.set(key, state);
    return { kind: 'opened', status: 'open', state };
  }
  if (severity !== null) {
    current.sequence += 1;
    current.quietWindows = 0;
    current.severity = severity;
    return { kind: 'updated', status: 'update', state: current };
  }
  current.quietWindows += 1;
  if (current.quietWindows < resolveAfterQuietWindows) return null;
  current.sequence += 1;
  open.delete(key);
  return { kind: 'resolved', status: 'resolved', state: current };
}

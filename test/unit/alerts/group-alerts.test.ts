import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import { GroupAlerts, type GroupEvaluation, type OpenGroupAlert, severityForP } from '../../../src/alerts/group-alerts.js';
import type { Severity } from '../../../src/domain/severity.js';

function evaluation(start: number, severity: Severity | null): GroupEvaluation {
  return {
    key: 'fused|440307006001|wage|day',
    start,
    severity,
    id: (openedStart) => `ews-${String(openedStart).padStart(16, '0')}`,
    render: (state: OpenGroupAlert, status) => ({ id: state.id, status, sequence: state.sequence, severity: state.severity }) as unknown as Alert,
  };
}

describe('group alert lifecycle', () => {
  it('opens, updates under the same id and resolves after 2 quiet windows', () => {
    const alerts = new GroupAlerts(2);
    const steps = [
      alerts.step(evaluation(1, null)),
      alerts.step(evaluation(2, 'blue')),
      alerts.step(evaluation(3, 'orange')),
      alerts.step(evaluation(4, null)),
      alerts.step(evaluation(5, null)),
      alerts.step(evaluation(6, null)),
    ];
    expect(steps.map((c) => (c === null ? null : [c.kind, c.alert.sequence, c.alert.severity, c.alert.id]))).toEqual([
      null,
      ['opened', 1, 'blue', 'ews-0000000000000002'],
      ['updated', 2, 'orange', 'ews-0000000000000002'],
      null,
      ['resolved', 3, 'orange', 'ews-0000000000000002'],
      null,
    ]);
  });

  it('keeps an open alert across snapshot and restore', () => {
    const alerts = new GroupAlerts(1);
    alerts.step(evaluation(2, 'blue'));
    const copy = new GroupAlerts(1);
    copy.restore(JSON.parse(JSON.stringify(alerts.snapshot())) as OpenGroupAlert[]);
    expect(copy.isOpen('fused|440307006001|wage|day')).toBe(true);
    expect(copy.step(evaluation(3, null))).toMatchObject({ kind: 'resolved', alert: { sequence: 2 } });
  });
});

describe('severity from a p-value', () => {
  it('climbs one colour per factor of ten below alpha', () => {
    expect(severityForP(0.002, 0.001)).toBeNull();
    expect(severityForP(0.001, 0.001)).toBe('blue');
    expect(severityForP(1e-4, 0.001)).toBe('yellow');
    expect(severityForP(1e-5, 0.001)).toBe('orange');
    expect(severityForP(1e-6, 0.001)).toBe('red');
    expect(severityForP(0, 0.001)).toBe('red');
    expect(severityForP(Number.NaN, 0.001)).toBeNull();
  });
});

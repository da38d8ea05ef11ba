import { describe, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../../src/domain/alert.js';
import { RecentAlertsSink } from '../../../src/sinks/recent-alerts-sink.js';

let counter = 0;
function change(kind: AlertChange['kind'], id: string, sequence: number, fields: Partial<Alert> = {}): AlertChange {
  counter += 1;
  const status = kind === 'opened' ? 'open' : kind === 'updated' ? 'update' : 'resolved';
  return {
    kind,
    alert: {
      id,
      sequence,
      status,
      severity: 'blue',
      openedWindow: { start: '2026-03-09T00:00:00+08:00', end: '2026-03-10T00:00:00+08:00' },
      explanation: `change ${counter}`,
      ...fields,
    } as Alert,
  };
}

describe('RecentAlertsSink', () => {
  it('keeps the newest records, newest first, up to its capacity', async () => {
    const sink = new RecentAlertsSink({ capacity: 3 });
    await sink.send([change('opened', 'ews-a', 1), change('updated', 'ews-a', 2), change('opened', 'ews-b', 1)]);
    await sink.send([change('resolved', 'ews-a', 3)]);
    expect(sink.recent().map((a) => `${a.id}#${a.sequence}`)).toEqual(['ews-a#3', 'ews-b#1', 'ews-a#2']);
    expect(sink.recent(2).map((a) => `${a.id}#${a.sequence}`)).toEqual(['ews-a#3', 'ews-b#1']);
  });

  it('holds the latest record of each open alert and drops it on resolution', async () => {
    const sink = new RecentAlertsSink();
    await sink.send([
      change('opened', 'ews-a', 1),
      change('opened', 'ews-b', 1, { severity: 'orange' }),
      change('opened', 'ews-c', 1, { openedWindow: { start: '2026-03-10T00:00:00+08:00', end: '2026-03-11T00:00:00+08:00' } }),
      change('updated', 'ews-a', 2, { severity: 'yellow' }),
    ]);
    expect(sink.active().map((a) => `${a.id}#${a.sequence} ${a.severity}`)).toEqual(['ews-b#1 orange', 'ews-a#2 yellow', 'ews-c#1 blue']);
    await sink.send([change('resolved', 'ews-a', 3)]);
    expect(sink.active().map((a) => a.id)).toEqual(['ews-b', 'ews-c']);
  });

  it('keeps a redelivered record once and never goes back to an older one', async () => {
    const sink = new RecentAlertsSink();
    const opened = change('opened', 'ews-a', 1);
    const updated = change('updated', 'ews-a', 2);
    await sink.send([opened, updated]);
    await sink.send([opened, updated]);
    expect(sink.recent().map((a) => a.sequence)).toEqual([2, 1]);
    expect(sink.active().map((a) => a.sequence)).toEqual([2]);
  });
});

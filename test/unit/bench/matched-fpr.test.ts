import { describe, expect, it } from 'vitest';
import { matchAtEqualFpr, matchedTable } from '../../../bench/quality/matched-fpr.js';
import type { QualityRow } from '../../../bench/quality/quality-row.js';

const row = (detector: string, fpr: number, pod: number, meanDelay: number | null): QualityRow => ({
  group: 'g',
  detector,
  series: 10,
  outbreaks: 24,
  fpr,
  pod,
  sensitivity: 0,
  meanDelay,
});

const sweep = [
  { label: 'fusion@0.001', row: row('fusion@0.001', 0.001, 0.1, 2) },
  { label: 'fusion@0.005', row: row('fusion@0.005', 0.005, 0.3, 1.5) },
  { label: 'fusion-2streams@0.01', row: row('fusion-2streams@0.01', 0.004, 0.3, 1) },
  { label: 'fusion@0.01', row: row('fusion@0.01', 0.01, 0.5, 1) },
];

describe('comparison at an equal or lower FPR', () => {
  it('takes the best point at or below the competitor FPR: highest POD, then shortest delay', () => {
    const match = matchAtEqualFpr(row('hotline:series-alert', 0.005, 0.29, 2.71), sweep);
    // 0.01 is above 0.005; of the two with POD 0.3, the 2-stream point is earlier.
    expect(match.fusion?.label).toBe('fusion-2streams@0.01');
    expect(match.better).toBe(true);
  });

  it('counts an FPR exactly equal as allowed, and ties as at least as good but not better', () => {
    const tie = matchAtEqualFpr(row('x', 0.001, 0.1, 2), sweep);
    expect(tie.fusion?.label).toBe('fusion@0.001');
    expect([tie.better, tie.atLeastAsGood]).toEqual([false, true]);
    const moreOftenButLater = matchAtEqualFpr(row('y', 0.001, 0.05, 1), sweep);
    expect([moreOftenButLater.better, moreOftenButLater.atLeastAsGood]).toEqual([false, false]);
  });

  it('has no point below every swept FPR; an undetected competitor loses to any detection', () => {
    expect(matchAtEqualFpr(row('z', 0.0005, 0.2, 1), sweep)).toMatchObject({ fusion: null, better: false });
    expect(matchAtEqualFpr(row('w', 0.002, 0, null), sweep).better).toBe(true);
    const lines = matchedTable([matchAtEqualFpr(row('z', 0.0005, 0.2, 1), sweep)]);
    expect(lines[2]).toBe('| g | z | 0.0005 | 0.20 | 1.00 | - | - | - | - | no point at this FPR |');
  });
});

import { describe, expect, it } from 'vitest';
import { ClosingRecords, eventTimeOf } from '../../../bench/kafka/closing-record.js';

const HOUR = 3_600_000;

describe('the record that closed a window', () => {
  it('is the first whose event time reaches the window end plus the lateness, even after out-of-order records', () => {
    // Event times in partition order: 10:00, 11:30, 11:00 (late), 12:10, 12:05, 13:00.
    const times = [10, 11.5, 11, 12 + 1 / 6, 12 + 1 / 12, 13].map((h) => h * HOUR);
    const closing = new ClosingRecords(times);
    expect(closing.indexOf(10 * HOUR, 2 * HOUR)).toBe(3); // 12:10 is the first at or past 12:00
    expect(closing.indexOf(9 * HOUR, 2 * HOUR)).toBe(1); // 11:30 passes 11:00; the later 11:00 does not count again
    expect(closing.indexOf(11 * HOUR, 0)).toBe(1);
    expect(closing.indexOf(8 * HOUR, 0)).toBe(0);
    expect(closing.indexOf(11 * HOUR, 2 * HOUR)).toBe(5); // exactly 13:00 closes it
    expect(closing.indexOf(12 * HOUR, 2 * HOUR)).toBeUndefined(); // nothing reaches 14:00 yet
  });

  it('finds nothing in an empty stream', () => {
    expect(new ClosingRecords([]).indexOf(0, 0)).toBeUndefined();
  });

  it('reads the windowed time field of each stream', () => {
    expect(eventTimeOf('hotline', JSON.stringify({ receivedAt: '2026-03-02T09:00:00+08:00' }))).toBe(Date.parse('2026-03-02T01:00:00Z'));
    expect(eventTimeOf('dispute', JSON.stringify({ reportedAt: '2026-03-02T09:00:00+08:00' }))).toBe(Date.parse('2026-03-02T01:00:00Z'));
    expect(eventTimeOf('cases', JSON.stringify({ periodStart: '2026-03-02T00:00:00+08:00', periodEnd: '2026-03-03T00:00:00+08:00' }))).toBe(
      Date.parse('2026-03-01T16:00:00Z'),
    );
  });
});

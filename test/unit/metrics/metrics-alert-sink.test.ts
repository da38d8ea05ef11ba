import { describe, expect, it } from 'vitest';
import type { AlertChange } from '../../../src/domain/alert.js';
import { BASELINE, feedDays, samples, wiredEngine } from './wired-engine.js';

/** Opened, updated, resolved at the community, its street and the district. */
function lifecycle(): { changes: AlertChange[]; wired: ReturnType<typeof wiredEngine> } {
  const wired = wiredEngine();
  feedDays(wired.engine, [...BASELINE, 12, 30, 5, 5, 5]);
  wired.engine.finish();
  return { changes: wired.engine.takeAlertChanges(), wired };
}

describe('MetricsAlertSink', () => {
  it('counts each alert change by kind and severity, and the votes of opened and updated alerts', async () => {
    const { changes, wired } = lifecycle();
    expect(changes.map((c) => `${c.kind} ${c.alert.severity} ${c.alert.votes.join(',')}`).sort()).toEqual([
      'opened red ears_c1',
      'opened red ears_c1',
      'opened red ears_c1',
      'resolved red ',
      'resolved red ',
      'resolved red ',
      'updated red ears_c1',
      'updated red ears_c1',
      'updated red ears_c1',
    ]);
    await wired.metrics.alertSink.send(changes);
    const text = await wired.registry.metrics();
    expect(samples(text, 'ews_alert_transitions_total').filter((l) => !l.endsWith(' 0'))).toEqual([
      'ews_alert_transitions_total{kind="opened",severity="red"} 3',
      'ews_alert_transitions_total{kind="updated",severity="red"} 3',
      'ews_alert_transitions_total{kind="resolved",severity="red"} 3',
    ]);
    // Every kind and severity starts at 0: 3 x 4 label sets, bounded.
    expect(samples(text, 'ews_alert_transitions_total')).toHaveLength(12);
    expect(samples(text, 'ews_alert_votes_total')).toEqual([
      'ews_alert_votes_total{kind="opened",detector="ears_c1"} 3',
      'ews_alert_votes_total{kind="updated",detector="ears_c1"} 3',
    ]);
  });

  it('counts a redelivered change once', async () => {
    const { changes, wired } = lifecycle();
    await wired.metrics.alertSink.send(changes.slice(0, 4));
    await wired.metrics.alertSink.send(changes);
    const text = await wired.registry.metrics();
    expect(text).toContain('ews_alert_transitions_total{kind="opened",severity="red"} 3');
    expect(text).toContain('ews_alert_votes_total{kind="opened",detector="ears_c1"} 3');
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_METRICS, sampleNames } from '../../../src/metrics/metric-names.js';

/**
 * The docker compose stack (docker/): the Grafana dashboard queries only metrics the service
 * exposes, covers the panels issue 3 asks for, and the stack publishes ports on 127.0.0.1 only.
 */

const dockerDir = fileURLToPath(new URL('../../../docker/', import.meta.url));

function readText(file: string): string {
  return readFileSync(dockerDir + file, 'utf8');
}

interface Target {
  readonly expr?: string;
}

interface Panel {
  readonly type?: string;
  readonly title?: string;
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}

interface Variable {
  readonly name: string;
  readonly definition?: string;
  readonly query?: string | { readonly query?: string };
}

interface Dashboard {
  readonly uid: string;
  readonly schemaVersion: number;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly Variable[] };
}

const dashboard = JSON.parse(readText('grafana/dashboards/weak-signal.json')) as Dashboard;

/** Every panel, including those nested in collapsed rows. */
function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

/** Every PromQL text of the dashboard: panel target expressions and template variable queries. */
function queries(d: Dashboard): string[] {
  const exprs = allPanels(d.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
  const variables = d.templating.list.flatMap((v) => [
    v.definition ?? '',
    typeof v.query === 'string' ? v.query : (v.query?.query ?? ''),
  ]);
  return [...exprs, ...variables].filter((q) => q !== '');
}

/** Identifiers starting with `ews_` (label names and `$__rate_interval` do not). */
function metricNamesIn(query: string): string[] {
  return [...query.matchAll(/(?<![A-Za-z0-9_:$])ews_[A-Za-z0-9_:]*/g)].map((m) => m[0]);
}

/** Sample names the service exposes: histograms count with _bucket, _sum and _count. */
const exposed = new Set(ALL_METRICS.flatMap(sampleNames));

function unknownNames(qs: readonly string[]): string[] {
  return [...new Set(qs.flatMap(metricNamesIn))].filter((n) => !exposed.has(n)).sort();
}

describe('Grafana dashboard', () => {
  const qs = queries(dashboard);

  it('is provisioned under uid weak-signal with the prometheus data source', () => {
    expect(dashboard.uid).toBe('weak-signal');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const datasources = parse(readText('grafana/provisioning/datasources/prometheus.yaml')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(datasources.datasources.map((d) => d.uid)).toContain('prometheus');
    expect(JSON.stringify(dashboard)).not.toMatch(/"uid":\s*"(?!prometheus"|weak-signal"|-- Grafana --")/);
  });

  it('queries only metric names the service exposes', () => {
    expect(qs.length).toBeGreaterThan(10);
    expect(unknownNames(qs)).toEqual([]);
  });

  it('flags a name the service does not expose', () => {
    expect(unknownNames(['sum(rate(ews_bogus_total[5m])) / ews_consumer_lag'])).toEqual(['ews_bogus_total']);
    expect(unknownNames(['histogram_quantile(0.9, rate(ews_event_time_lag_seconds_bucket[$__rate_interval]))'])).toEqual([
      'ews_event_time_lag_seconds_bucket',
    ]);
  });

  it('uses every series gauge and the core metrics', () => {
    const used = new Set(qs.flatMap(metricNamesIn));
    for (const name of [
      'ews_series_observed',
      'ews_series_expected',
      'ews_series_upper',
      'ews_alerts_open',
      'ews_alert_transitions_total',
      'ews_events_total',
      'ews_events_rejected_total',
      'ews_consumer_lag',
      'ews_detector_update_duration_seconds_bucket',
      'ews_event_time_lag_seconds',
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it('has the street, category and stream variables from label_values', () => {
    const byName = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    for (const name of ['street', 'category', 'stream']) {
      expect(byName.get(name)?.definition, name).toMatch(/^label_values\(ews_series_observed/);
    }
  });

  it('has a panel for each topic', () => {
    const titles = allPanels(dashboard.panels)
      .filter((p) => p.type !== 'row')
      .map((p) => p.title ?? '');
    for (const topic of [
      /observed vs expected vs upper/i,
      /alerts by severity/i,
      /invalid and late events/i,
      /consumer lag/i,
      /detector update time/i,
      /event-time lag/i,
    ]) {
      expect(titles.some((t) => topic.test(t)), String(topic)).toBe(true);
    }
  });
});

describe('docker compose stack', () => {
  interface Service {
    readonly ports?: readonly (string | { readonly host_ip?: string })[];
    readonly environment?: Record<string, string>;
    readonly command?: string | readonly string[];
  }
  const compose = parse(readText('compose.yaml')) as { services: Record<string, Service> };

  it('has the six services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['grafana', 'kafka', 'kafka-init', 'prometheus', 'redis', 'weak-signal'].sort(),
    );
  });

  it('binds every published port to 127.0.0.1', () => {
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThanOrEqual(4);
    for (const port of ports) {
      if (typeof port === 'string') expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      else expect(port.host_ip).toBe('127.0.0.1');
    }
  });

  it('points the service at the kafka and redis containers and creates its topics', () => {
    expect(compose.services['weak-signal']?.environment).toMatchObject({
      KAFKA_BROKERS: 'kafka:9092',
      REDIS_URL: 'redis://redis:6379',
    });
    const init = [compose.services['kafka-init']?.command ?? ''].flat().join('\n');
    for (const topic of [
      'hotline.complaints',
      'disputes.reports',
      'cases.counts',
      'weak-signal.alerts',
      'weak-signal.dead-letter',
    ]) {
      expect(init).toContain(topic);
    }
  });

  it('has Prometheus scrape weak-signal:8080', () => {
    const prometheus = parse(readText('prometheus/prometheus.yml')) as {
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets).toContain('weak-signal:8080');
  });
});

import type { AlertChange, ContributingSignal } from '../domain/alert.js';
import type { Granularity } from '../domain/granularity.js';
import { seriesKey, type SeriesKey } from '../domain/series-key.js';
import type { StreamName } from '../domain/stream.js';
import { alertId } from '../alerts/alert-id.js';
import { windowLabel } from '../alerts/explain.js';
import { formatP, groupAlertRecord } from '../alerts/group-alert-record.js';
import { GroupAlerts, severityForP } from '../alerts/group-alerts.js';
import { seriesEvidence, seriesSignal, type SeriesEvidence } from '../alerts/series-evidence.js';
import type { RegionIndex, RegionInfo } from '../config/region-index.js';
import type { ClosedWindowSet } from '../pipeline/closed-window-set.js';
import type { ScoredWindow } from '../pipeline/scored-window.js';
import { connectedClusters } from './cluster-candidates.js';
import { DispersionTracker } from './dispersion-tracker.js';
import { scanClusters, type ScanRegion } from './scan-statistic.js';
import type { SpatialConfig } from './spatial-config.js';

/** The most likely cluster of one sibling group on one window: what fusion reads as a neighbour signal. */
export interface ClusterFinding {
  readonly stream: StreamName;
  readonly category: string;
  readonly granularity: Granularity;
  readonly start: number;
  /** The region whose children were scanned. */
  readonly parent: string;
  readonly members: readonly string[];
  readonly observed: number;
  readonly expected: number;
  readonly pValue: number;
  /** Each member's own evidence, for explanations. */
  readonly memberSignals: readonly ContributingSignal[];
}

interface SiblingGroup {
  readonly parent: RegionInfo;
  readonly members: readonly RegionInfo[];
  readonly candidates: readonly (readonly number[])[];
}

export interface SpatialScanSettings {
  readonly config: SpatialConfig;
  readonly regions: RegionIndex;
  readonly offsetMinutes: number;
  readonly categoryNames: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly resolveAfterQuietWindows: number;
}

export const SPATIAL_DETECTOR = 'spatial_scan';

/**
 * Scans the sibling groups of the configured levels each time a clock closes a window, opens a
 * cluster alert per (stream, parent, category, granularity) while the most likely cluster is
 * significant, and hands every finding to fusion.
 */
export class SpatialScanStage {
  readonly alerts: GroupAlerts;
  readonly dispersion = new DispersionTracker();
  private readonly groups: readonly SiblingGroup[];

  constructor(private readonly settings: SpatialScanSettings) {
    this.alerts = new GroupAlerts(settings.resolveAfterQuietWindows);
    this.groups = siblingGroups(settings.regions, settings.config.levels, settings.config.maxClusterSize);
  }

  onWindows(closed: ClosedWindowSet): { findings: ClusterFinding[]; changes: AlertChange[] } {
    const { config } = this.settings;
    const findings: ClusterFinding[] = [];
    const changes: AlertChange[] = [];
    if (!config.enabled[closed.stream] || !config.granularities.includes(closed.granularity)) return { findings, changes };
    const byCategory = new Map<string, Map<string, ScoredWindow>>();
    for (const scored of closed.windows) {
      let regions = byCategory.get(scored.parts.category);
      if (regions === undefined) byCategory.set(scored.parts.category, (regions = new Map()));
      regions.set(scored.parts.region, scored);
    }
    for (const [category, windows] of byCategory) {
      for (const group of this.groups) {
        const finding = this.scan(closed, category, group, windows);
        if (finding !== null) findings.push(finding);
        const change = this.step(closed, category, group, finding, windows);
        if (change !== null) changes.push(change);
      }
    }
    return { findings, changes };
  }

  private scan(closed: ClosedWindowSet, category: string, group: SiblingGroup, windows: ReadonlyMap<string, ScoredWindow>): ClusterFinding | null {
    const { minExpected, dispersion, minHistoryWindows } = this.settings.config;
    const regions: ScanRegion[] = [];
    const evidences: (SeriesEvidence | null)[] = [];
    const usable: boolean[] = [];
    let allUsable = true;
    for (const member of group.members) {
      const scored = windows.get(member.code);
      const evidence = scored === undefined ? null : seriesEvidence(scored, minExpected);
      // A member without a baseline (no series here, detectors warming up) cannot be scored.
      const baseline = scored !== undefined && evidence !== null && Number.isFinite(evidence.expected);
      const observed = scored?.window.count ?? 0;
      const expected = baseline ? Math.max(evidence.expected, minExpected) : 0;
      const phi = baseline && dispersion ? this.dispersion.observe(scored.window.key, observed, expected) : 1;
      const ok = baseline && scored.historyWindows >= minHistoryWindows;
      allUsable &&= ok;
      usable.push(ok);
      evidences.push(evidence);
      regions.push({ observed, expected, dispersion: phi });
    }
    const candidates = allUsable ? group.candidates : group.candidates.filter((c) => c.every((i) => usable[i]));
    if (candidates.length === 0) return null;
    const result = scanClusters(regions, candidates);
    if (result === null) return null;
    // Signals only for the members of the most likely cluster: most scans find nothing worth naming.
    const memberSignals = result.members.map((i): ContributingSignal => {
      const { code } = group.members[i] as RegionInfo;
      const parts = { stream: closed.stream, region: code, category, granularity: closed.granularity };
      return seriesSignal('series', seriesKey(closed.stream, code, category, closed.granularity), parts, regions[i]?.observed ?? 0, evidences[i] ?? null);
    });
    return {
      stream: closed.stream,
      category,
      granularity: closed.granularity,
      start: closed.start,
      parent: group.parent.code,
      members: memberSignals.map((s) => s.regionCode),
      observed: result.observed,
      expected: result.expected,
      pValue: result.pValue,
      memberSignals,
    };
  }

  private step(
    closed: ClosedWindowSet,
    category: string,
    group: SiblingGroup,
    finding: ClusterFinding | null,
    windows: ReadonlyMap<string, ScoredWindow>,
  ): AlertChange | null {
    const { config, offsetMinutes, categoryNames } = this.settings;
    const key = `cluster|${closed.stream}|${group.parent.code}|${category}|${closed.granularity}`;
    const large = finding !== null && finding.observed >= config.minObserved && finding.members.length >= config.minAlertRegions;
    const firing = large && config.alerts ? severityForP(finding.pValue, config.alpha) : null;
    if (firing === null && !this.alerts.isOpen(key)) return null;
    const parentKey: SeriesKey = seriesKey(closed.stream, group.parent.code, category, closed.granularity);
    const categoryName = categoryNames.get(closed.stream)?.get(category) ?? category;
    const label = windowLabel(closed.start, closed.granularity, offsetMinutes);
    const name = (code: string) => this.settings.regions.get(code)?.name ?? code;
    const level = group.members[0]?.level ?? 'region';
    const historyWindows = windows.get(group.parent.code)?.historyWindows ?? 0;
    return this.alerts.step({
      key,
      start: closed.start,
      severity: firing,
      id: (openedStart) => alertId(parentKey, [SPATIAL_DETECTOR], openedStart, 'cluster'),
      render: (state, status) => {
        const observed = finding?.observed ?? 0;
        const expected = finding?.expected ?? null;
        const pValue = finding?.pValue ?? 1;
        const members = finding?.members ?? [];
        const explanation =
          status === 'resolved' || finding === null || firing === null
            ? `${group.parent.name} (${group.parent.code}) ${categoryName} (${closed.stream}): no significant ${level} cluster in ${closed.granularity} ${label}` +
              (finding === null ? '.' : ` (most likely cluster p = ${formatP(finding.pValue)}).`)
            : `Cluster of ${members.length} neighbouring ${level} regions in ${group.parent.name} (${group.parent.code}) rising together: ` +
              `${observed} ${categoryName} (${closed.stream}) in ${closed.granularity} ${label}, expected ${expected?.toFixed(1)}; ` +
              `p = ${formatP(pValue)} (Poisson tail, Sidak-corrected over candidate clusters). Members: ` +
              finding.memberSignals.map((s) => `${name(s.regionCode)} ${s.observed} vs ${s.expected?.toFixed(1) ?? 'n/a'} (p ${formatP(s.pValue)})`).join(', ') +
              '.';
        return groupAlertRecord(state, status, {
          kind: 'cluster',
          seriesKey: parentKey,
          stream: closed.stream,
          region: { code: group.parent.code, name: group.parent.name, level: group.parent.level },
          category,
          granularity: closed.granularity,
          windowStart: closed.start,
          offsetMinutes,
          observed,
          expected,
          pValue,
          detector: SPATIAL_DETECTOR,
          firing: firing !== null,
          historyWindows,
          signals: finding?.memberSignals ?? [],
          explanation,
        });
      },
    });
  }
}

/** For each region with children at a scanned level: the children and their candidate clusters. */
function siblingGroups(regions: RegionIndex, levels: readonly string[], maxClusterSize: number): SiblingGroup[] {
  const children = new Map<string, RegionInfo[]>();
  for (const region of regions.all()) {
    if (region.parent === null || !levels.includes(region.level)) continue;
    const list = children.get(region.parent) ?? [];
    list.push(region);
    children.set(region.parent, list);
  }
  const groups: SiblingGroup[] = [];
  for (const [parentCode, members] of children) {
    const parent = regions.get(parentCode);
    if (parent === undefined) continue;
    const position = new Map(members.map((m, i) => [m.code, i]));
    const neighbourIndexes = members.map((m) => m.neighbours.map((n) => position.get(n)).filter((i): i is number => i !== undefined));
    groups.push({ parent, members, candidates: connectedClusters(neighbourIndexes, maxClusterSize) });
  }
  return groups;
}

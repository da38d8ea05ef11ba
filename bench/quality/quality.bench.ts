/**
 * Detection quality of every count detector on labelled simulated data, and of R's
 * farringtonFlexible and earsC on the same series when R with `surveillance` is installed.
 * and of fusion against single-stream detectors on multi-stream episodes (bench/quality/episodes.ts).
 * Run: npm run bench:quality [-- --seed N --weekly-series N --daily-series N --episode-seeds N --no-r --no-record]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { recordBlock } from '../bench-support.js';
import { alarmAgreementLines } from './alarm-agreement.js';
import { bundledDayCalendar } from './bundled-calendar.js';
import { FARRINGTON_FLEXIBLE_ALPHA, countDetectorPlan } from './count-detector-plan.js';
import { runCountDetectors } from './count-detector-run.js';
import { dailyHolidaySeries } from './daily-holidays.js';
import { multiStreamEpisodeGroup } from './episodes.js';
import { farringtonTargetLines } from './farrington-target.js';
import { groupRows } from './group-rows.js';
import { NOUFAILY_SCENARIOS, noufailyWeeklySeries } from './noufaily-weekly.js';
import { parseQualityOptions } from './quality-options.js';
import type { QualityRow } from './quality-row.js';
import { qualityTable } from './quality-table.js';
import { rSurveillanceAvailable, startRComparison } from './r-comparison.js';

const args = process.argv.slice(2);
const options = parseQualityOptions(args);
const started = performance.now();
const calendar = bundledDayCalendar();
const weekly = noufailyWeeklySeries(options.seed, options.weeklySeries);
const daily = dailyHolidaySeries(options.seed, options.dailySeries, calendar);
const countSeries = [...weekly, ...daily];
const notes: string[] = [
  `seed ${options.seed}: ${weekly.length} weekly series (${NOUFAILY_SCENARIOS.length} Noufaily scenarios x ${options.weeklySeries}), ${daily.length} daily series`,
  `detector configs: defaults, except farrington_flexible alpha = ${FARRINGTON_FLEXIBLE_ALPHA} (R's farringtonFlexible runs at the same alpha)`,
];

// R runs in a child process while our detectors run here.
const rAvailable = !options.skipR && rSurveillanceAvailable();
if (!rAvailable) notes.push(options.skipR ? 'R comparison skipped (--no-r)' : 'R comparison skipped: Rscript with the surveillance package is not installed');
const rRun = rAvailable ? startRComparison(countSeries, FARRINGTON_FLEXIBLE_ALPHA) : null;
const oursStarted = performance.now();
const ours = runCountDetectors(countSeries, countDetectorPlan(), calendar);
const oursSeconds = (performance.now() - oursStarted) / 1000;
const r = rRun === null ? null : await rRun;

const counted = groupRows([...ours, ...(r?.results ?? [])]);
const rows: QualityRow[] = counted.rows;
// Further scenario groups: one import and one call each, returning QualityRow[].
const episodesStarted = performance.now();
const episodes = multiStreamEpisodeGroup(options);
rows.push(...episodes.rows);
if (episodes.rows.length > 0) notes.push(`multi-stream episodes: ${((performance.now() - episodesStarted) / 1000).toFixed(1)} s`);

if (counted.skipped.length > 0) notes.push(`not scored (never left warm-up, week windows only): ${counted.skipped.join(', ')}`);
notes.push(`our detectors: ${oursSeconds.toFixed(1)} s${r === null ? '' : `; R (in parallel): ${r.seconds.toFixed(1)} s`}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (r !== null) {
  const na = [...r.naWindows].filter(([, n]) => n > 0).map(([method, n]) => `${method} ${n}`);
  if (na.length > 0) notes.push(`R alarm NA (counted as no alarm), test windows: ${na.join(', ')}`);
}
const target = farringtonTargetLines(rows, FARRINGTON_FLEXIBLE_ALPHA);
const agreement = r === null ? [] : alarmAgreementLines([...ours, ...r.results]);

const body = [
  ...notes.map((n) => `- ${n}`),
  '',
  ...qualityTable(rows),
  '',
  'Target (issue 4: improved Farrington FPR near nominal, POD at least R\'s):',
  '',
  ...target.map((t) => `- ${t}`),
  ...(episodes.lines.length > 0 ? ['', 'Target (issue 4: fusion earlier and more often than any single-stream detector at an equal or lower FPR):', '', ...episodes.lines] : []),
  ...(agreement.length > 0 ? ['', 'Same alarms as R?', '', ...agreement.map((a) => `- ${a}`)] : []),
];
console.log(body.join('\n'));
if (options.json !== '') {
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify({ options, rows }, null, 2)}\n`);
}
if (options.record) recordBlock('bench:quality', `npm run bench:quality${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`, body);

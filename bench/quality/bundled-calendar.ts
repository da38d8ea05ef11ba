import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../src/cli/package-root.js';
import { DayCalendar } from '../../src/config/day-calendar.js';
import { HolidayCalendar } from '../../src/config/holiday-calendar.js';

/** Shenzhen time, as the engine and the backtest use. */
export const UTC_OFFSET_MINUTES = 480;

/** The holiday calendar shipped in config/holidays.yaml (2025-2027), as the engine reads it. */
export function bundledDayCalendar(): DayCalendar {
  const raw: unknown = parseYaml(readFileSync(join(packageRoot(), 'config', 'holidays.yaml'), 'utf8'));
  return new DayCalendar(HolidayCalendar.parse(raw), UTC_OFFSET_MINUTES);
}

/** Local wall-clock helpers for a fixed UTC offset (China has no DST). */

export function parseUtcOffset(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (match === null) throw new Error(`not a UTC offset: ${offset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "2026-05-01T08:00:00+08:00" for epoch ms `time` at `offsetMinutes`. */
export function formatLocalIso(time: number, offsetMinutes: number): string {
  const local = new Date(time + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** "2026-05-01": the local calendar date of `time`. */
export function formatLocalDate(time: number, offsetMinutes: number): string {
  return formatLocalIso(time, offsetMinutes).slice(0, 10);
}

/** Local weekday, 0 = Sunday. */
export function localWeekday(time: number, offsetMinutes: number): number {
  return new Date(time + offsetMinutes * 60_000).getUTCDay();
}

export function localHour(time: number, offsetMinutes: number): number {
  return new Date(time + offsetMinutes * 60_000).getUTCHours();
}

/** Epoch ms of local midnight starting `date` ("YYYY-MM-DD"). */
export function localMidnight(date: string, offsetMinutes: number): number {
  return Date.parse(`${date}T00:00:00Z`) - offsetMinutes * 60_000;
}

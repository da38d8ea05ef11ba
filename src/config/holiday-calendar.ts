import { z } from 'zod';

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a local date YYYY-MM-DD');

/**
 * Official days off and swapped working days (调休). A `workday` entry is a weekend day
 * that is worked; a `holiday` entry is a day off, whatever its weekday.
 */
export const HolidayCalendar = z
  .object({
    days: z.array(
      z
        .object({
          date: LocalDate,
          type: z.enum(['holiday', 'workday']),
          name: z.string().min(1),
        })
        .strict(),
    ),
  })
  .strict();
export type HolidayCalendar = z.infer<typeof HolidayCalendar>;

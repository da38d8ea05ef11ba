import { z } from 'zod';

/** ISO-8601 date-time with an explicit offset or Z, e.g. "2026-05-01T09:30:00+08:00". */
export const Timestamp = z.iso.datetime({ offset: true });

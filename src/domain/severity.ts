import { z } from 'zod';

/** The four colour levels of Chinese emergency warnings, lowest first. */
export const Severity = z.enum(['blue', 'yellow', 'orange', 'red']);
export type Severity = z.infer<typeof Severity>;

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { blue: 1, yellow: 2, orange: 3, red: 4 };

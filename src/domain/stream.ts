import { z } from 'zod';

/** The three input streams of DESIGN.md. */
export const StreamName = z.enum(['hotline', 'dispute', 'cases']);
export type StreamName = z.infer<typeof StreamName>;

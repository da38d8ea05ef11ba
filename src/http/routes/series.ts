import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Granularity } from '../../domain/granularity.js';
import { seriesKey } from '../../domain/series-key.js';
import { StreamName } from '../../domain/stream.js';
import type { SeriesWindowLog } from '../../metrics/series-window-log.js';
import { SeriesNotFoundError } from '../http-errors.js';
import { parseRequest } from '../parse-request.js';
import { type SeriesSource, seriesWindows } from '../series-windows.js';

const KEY_FORMAT = 'a series key "stream|region|category|granularity"';

const Params = z.object({
  key: z
    .string()
    .transform((key) => key.split('|'))
    .pipe(
      z.tuple([StreamName, z.string().min(1, 'region code: ' + KEY_FORMAT), z.string().min(1, 'category: ' + KEY_FORMAT), Granularity], {
        error: KEY_FORMAT,
      }),
    ),
});

/** `/series/:key/windows?limit=`: a series' recent closed windows with expected values and bounds. */
export function registerSeriesRoutes(app: FastifyInstance, seriesLog: SeriesWindowLog, engine: () => SeriesSource): void {
  app.get('/series/:key/windows', async (request) => {
    const { key } = parseRequest(Params, request.params, 'params');
    const current = engine();
    const maxWindows = Math.max(current.settings.config.windowing.historyWindows, seriesLog.capacity);
    const Query = z.object({ limit: z.coerce.number().int().min(1).max(maxWindows).default(maxWindows) });
    const { limit } = parseRequest(Query, request.query, 'query');
    const wanted = seriesKey(...key);
    const windows = seriesWindows(current, seriesLog, wanted, limit);
    if (windows === null) throw new SeriesNotFoundError(wanted);
    return windows;
  });
}

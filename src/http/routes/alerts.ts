import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatLocalIso } from '../../domain/local-time.js';
import type { Engine } from '../../pipeline/engine.js';
import type { RecentAlertsSink } from '../../sinks/recent-alerts-sink.js';
import { parseRequest } from '../parse-request.js';

export type AlertsEngine = Pick<Engine, 'openAlerts' | 'settings'>;

/**
 * `/alerts/active`: the latest record of every open alert. The engine decides what is open;
 * an open alert whose record this instance has not seen (restored from state after a restart,
 * or not yet sent) is listed under `withoutRecord` with what the engine knows of it.
 * `/alerts/recent?limit=`: the newest alert records, newest first.
 */
export function registerAlertsRoutes(app: FastifyInstance, alerts: RecentAlertsSink, engine: () => AlertsEngine): void {
  app.get('/alerts/active', async () => {
    const current = engine();
    const open = current.openAlerts();
    const openIds = new Set(open.map((a) => a.id));
    const records = alerts.active().filter((a) => openIds.has(a.id));
    const recorded = new Set(records.map((a) => a.id));
    const withoutRecord = open
      .filter((a) => !recorded.has(a.id))
      .map((a) => ({ id: a.id, seriesKey: a.key, severity: a.severity, sequence: a.sequence, openedAt: formatLocalIso(a.openedStart, current.settings.offsetMinutes) }));
    return { count: open.length, alerts: records, withoutRecord };
  });

  const Query = z.object({ limit: z.coerce.number().int().min(1).max(alerts.capacity).default(Math.min(50, alerts.capacity)) });
  app.get('/alerts/recent', async (request) => {
    const { limit } = parseRequest(Query, request.query, 'query');
    const records = alerts.recent(limit);
    return { count: records.length, alerts: records };
  });
}

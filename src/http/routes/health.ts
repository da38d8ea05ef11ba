import type { FastifyInstance } from 'fastify';
import { NotReadyError } from '../http-errors.js';

/** One dependency's state: a flag, or a flag with why (`{ ok: false, detail: 'ECONNREFUSED' }`). */
export type CheckResult = boolean | { readonly ok: boolean; readonly detail?: string };

/** Named dependency checks, e.g. `{ kafka: true, redis: false }`. */
export type ReadinessCheck = () => Readonly<Record<string, CheckResult>> | Promise<Readonly<Record<string, CheckResult>>>;

/**
 * `/healthz`: the process serves requests (liveness; never checks dependencies, so an outage
 * of Kafka or Redis does not get the pod restarted). `/readyz`: every dependency is OK.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: ReadinessCheck): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request) => {
    let checks: Readonly<Record<string, CheckResult>>;
    try {
      checks = await readiness();
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      throw new NotReadyError({ readiness: false });
    }
    if (Object.values(checks).some((check) => !isOk(check))) throw new NotReadyError(checks);
    return { status: 'ready', checks };
  });
}

function isOk(check: CheckResult | undefined): boolean {
  return check === true || (typeof check === 'object' && check.ok === true);
}

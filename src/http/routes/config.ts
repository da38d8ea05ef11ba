import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../../errors.js';
import { ReloadRejectedError, UnauthorizedError } from '../http-errors.js';
import { redactConfig } from '../redact-config.js';

/** What a reload reports: the files of the config now running, or why the new one was refused. */
export type ReloadResult = { readonly ok: true; readonly files: readonly string[] } | { readonly ok: false; readonly issues: readonly string[] };

export interface ConfigRoutesOptions {
  /** The running config, shown redacted. */
  readonly config: () => unknown;
  /** Loads and validates the config again, and logs the outcome; must keep the running config when it fails. */
  readonly reload?: (() => Promise<ReloadResult>) | undefined;
  /** `POST /admin/reload` exists only when a token (and `reload`) is configured. */
  readonly reloadToken?: string | undefined;
}

/** `GET /config` (secrets redacted) and, with a token, `POST /admin/reload` (Bearer auth). */
export function registerConfigRoutes(app: FastifyInstance, options: ConfigRoutesOptions): void {
  app.get('/config', async () => redactConfig(options.config()));

  const { reload, reloadToken } = options;
  if (reload === undefined || reloadToken === undefined || reloadToken === '') return;
  const expected = digest(reloadToken);
  app.post('/admin/reload', async (request) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Compare digests: equal length for timingSafeEqual, and no timing hint about the token.
    if (given === '' || !timingSafeEqual(digest(given), expected)) throw new UnauthorizedError();
    let result: ReloadResult;
    try {
      result = await reload();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result = { ok: false, issues: error.issues };
    }
    // No log line here: `reload` logs the outcome (it also runs on SIGHUP, without a request).
    if (!result.ok) throw new ReloadRejectedError(result.issues);
    return { status: 'reloaded', files: result.files };
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

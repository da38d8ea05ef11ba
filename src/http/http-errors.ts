import { STATUS_CODES } from 'node:http';
import { WeakSignalError } from '../errors.js';

/**
 * An error the HTTP API answers with: its status and a JSON body shaped like fastify's own
 * errors (`statusCode`, `code`, `error`, `message`) plus any details (issues, checks).
 */
export class HttpError extends WeakSignalError {
  readonly statusCode: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, statusCode: number, details: Readonly<Record<string, unknown>> = {}, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.statusCode = statusCode;
    this.details = details;
  }

  toBody(): Record<string, unknown> {
    return { statusCode: this.statusCode, code: this.code, error: STATUS_CODES[this.statusCode] ?? 'Error', message: this.message, ...this.details };
  }
}

/** Malformed path or query parameters; `issues` holds one line per problem. */
export class InvalidRequestError extends HttpError {
  constructor(issues: readonly string[]) {
    super('EWS_ERR_HTTP_INVALID_REQUEST', `invalid request: ${issues.join('; ')}`, 400, { issues });
  }
}

export class RouteNotFoundError extends HttpError {
  constructor(method: string, url: string) {
    super('EWS_ERR_HTTP_ROUTE_NOT_FOUND', `no route ${method} ${url}`, 404);
  }
}

export class SeriesNotFoundError extends HttpError {
  constructor(key: string) {
    super('EWS_ERR_HTTP_SERIES_NOT_FOUND', `no series "${key}" (the series of a stream exist once its first event arrived)`, 404);
  }
}

export class UnauthorizedError extends HttpError {
  constructor() {
    super('EWS_ERR_HTTP_UNAUTHORIZED', 'missing or wrong bearer token', 401);
  }
}

/** Readiness failed: `down` names the dependencies that are not OK (`checks` as reported). */
export class NotReadyError extends HttpError {
  constructor(checks: Readonly<Record<string, boolean | { readonly ok: boolean }>>) {
    const down = Object.keys(checks).filter((name) => {
      const check = checks[name];
      return !(check === true || (typeof check === 'object' && check.ok));
    });
    super('EWS_ERR_HTTP_NOT_READY', `not ready: ${down.join(', ')} down`, 503, { checks, down });
  }
}

/** A reload whose config does not validate: the running config is kept. */
export class ReloadRejectedError extends HttpError {
  constructor(issues: readonly string[]) {
    super('EWS_ERR_HTTP_RELOAD_REJECTED', 'configuration rejected; the running configuration is kept', 400, { issues });
  }
}

/** Anything unexpected: the body says no more than this; the log has the cause. */
export class InternalError extends HttpError {
  constructor(cause: unknown) {
    super('EWS_ERR_HTTP_INTERNAL', 'internal error', 500, {}, { cause });
  }
}

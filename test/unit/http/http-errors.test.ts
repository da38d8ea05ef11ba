import { describe, expect, it } from 'vitest';
import { WeakSignalError } from '../../../src/errors.js';
import {
  HttpError,
  InternalError,
  InvalidRequestError,
  NotReadyError,
  ReloadRejectedError,
  RouteNotFoundError,
  SeriesNotFoundError,
  UnauthorizedError,
} from '../../../src/http/http-errors.js';

describe('HTTP errors', () => {
  it.each([
    [new InvalidRequestError(['query.limit: Too small']), 'EWS_ERR_HTTP_INVALID_REQUEST', 400, 'invalid request: query.limit: Too small', { issues: ['query.limit: Too small'] }],
    [new RouteNotFoundError('GET', '/x'), 'EWS_ERR_HTTP_ROUTE_NOT_FOUND', 404, 'no route GET /x', {}],
    [
      new SeriesNotFoundError('hotline|1|a|day'),
      'EWS_ERR_HTTP_SERIES_NOT_FOUND',
      404,
      'no series "hotline|1|a|day" (the series of a stream exist once its first event arrived)',
      {},
    ],
    [new UnauthorizedError(), 'EWS_ERR_HTTP_UNAUTHORIZED', 401, 'missing or wrong bearer token', {}],
    [new NotReadyError({ kafka: false, redis: false }), 'EWS_ERR_HTTP_NOT_READY', 503, 'not ready: kafka, redis down', { checks: { kafka: false, redis: false }, down: ['kafka', 'redis'] }],
    [new ReloadRejectedError(['a.yaml: x: bad']), 'EWS_ERR_HTTP_RELOAD_REJECTED', 400, 'configuration rejected; the running configuration is kept', { issues: ['a.yaml: x: bad'] }],
    [new InternalError(new Error('secret detail')), 'EWS_ERR_HTTP_INTERNAL', 500, 'internal error', {}],
  ] as const)('%s carries its code, status and message', (error, code, statusCode, message, details) => {
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(WeakSignalError);
    expect(error).toMatchObject({ code, statusCode, message, retriable: false });
    expect(error.toBody()).toEqual({ statusCode, code, error: expect.any(String), message, ...details });
  });

  it('keeps the cause of an internal error out of the body', () => {
    const cause = new Error('secret detail');
    const error = new InternalError(cause);
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error.toBody())).not.toContain('secret detail');
  });
});

export const REDACTED = '[redacted]';

/** Keys whose values are credentials (a `sasl` block holds the mechanism, user and password). */
const SECRET_KEY = /password|secret|token|sasl|key$/i;

/** `scheme://user:password@host`: the password part of a URL's user info. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^/@\s]*@/i;

/**
 * A copy of a config fit to show: values under secret-looking keys are replaced by
 * "[redacted]", and passwords inside connection URLs (redis://:pw@host) are masked.
 */
export function redactConfig(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(URL_PASSWORD, `$1:${REDACTED}@`);
  if (Array.isArray(value)) return value.map(redactConfig);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? REDACTED : redactConfig(inner)]));
}

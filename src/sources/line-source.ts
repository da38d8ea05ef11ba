import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';

/** Lines of a file, or of stdin for "-", with 1-based line numbers. */
export async function* readLines(path: string, stdin: Readable = process.stdin): AsyncGenerator<{ line: string; lineNumber: number }> {
  const input = path === '-' ? stdin : createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    if (path === '-') return resolve();
    input.once('open', () => resolve());
    input.once('error', (cause: NodeJS.ErrnoException) => reject(new InputError(`cannot read ${path}: ${cause.code ?? cause.message}`, { cause })));
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    yield { line, lineNumber };
  }
}

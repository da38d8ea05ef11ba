/**
 * Writes JSON Schema files for the alert record and the input records, generated from the
 * zod schemas, so analysts' tools can validate without reading TypeScript.
 *   npm run schemas:write     regenerate schemas/*.schema.json
 *   npm run schemas:check     fail if a checked-in file differs from the zod schemas (CI)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Alert, ALERT_SCHEMA_VERSION } from '../src/domain/alert.js';
import { CaseCount } from '../src/domain/case-count.js';
import { DisputeReport } from '../src/domain/dispute-report.js';
import { HotlineComplaint } from '../src/domain/hotline-complaint.js';
import { packageRoot } from '../src/cli/package-root.js';

const BASE = 'https://github.com/weak-signal/weak-signal/schemas/';
const SCHEMAS: readonly { file: string; title: string; description: string; schema: z.ZodType; io: 'input' | 'output' }[] = [
  {
    file: 'alert.schema.json',
    title: `weak-signal alert, schema version ${ALERT_SCHEMA_VERSION}`,
    description: 'One alert change on the alerts topic or in JSONL output (status open, update or resolved).',
    schema: Alert,
    io: 'output',
  },
  {
    file: 'hotline-complaint.schema.json',
    title: 'Hotline complaint (topic hotline.complaints)',
    description: 'One citizen hotline call or ticket. In JSONL replay a record may also carry "stream": "hotline".',
    schema: HotlineComplaint,
    io: 'input',
  },
  {
    file: 'dispute-report.schema.json',
    title: 'Dispute report (topic disputes.reports)',
    description: 'One mediation case. In JSONL replay a record may also carry "stream": "dispute".',
    schema: DisputeReport,
    io: 'input',
  },
  {
    file: 'case-count.schema.json',
    title: 'Case count (topic cases.counts)',
    description:
      'A count for one region, category and period; a higher revision of the same period replaces the lower one. periodEnd must be after periodStart. In JSONL replay a record may also carry "stream": "cases".',
    schema: CaseCount,
    io: 'input',
  },
];

const check = process.argv.includes('--check');
const dir = join(packageRoot(), 'schemas');
mkdirSync(dir, { recursive: true });
const stale: string[] = [];
for (const entry of SCHEMAS) {
  const generated = z.toJSONSchema(entry.schema, { io: entry.io, target: 'draft-2020-12' });
  const document = { $id: `${BASE}${entry.file}`, title: entry.title, description: entry.description, ...generated };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const path = join(dir, entry.file);
  if (!check) {
    writeFileSync(path, text);
    continue;
  }
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) stale.push(`schemas/${entry.file}`);
}
if (stale.length > 0) {
  process.stderr.write(`JSON Schema files out of date with the zod schemas: ${stale.join(', ')}\nrun: npm run schemas:write\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(check ? `schemas/ up to date (${SCHEMAS.length} files)\n` : `wrote ${SCHEMAS.length} files to schemas/\n`);
}

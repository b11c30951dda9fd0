/**
 * Writes docs/okr-file.schema.json from the zod schema (the single definition of the format).
 * A test fails when the committed file is out of date: run `npm run schema` after changing it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { okrFileJsonSchema } from '../src/core/okr-file/json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'okr-file.schema.json');
writeFileSync(out, `${JSON.stringify(okrFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { okrFileJsonSchema } from './json-schema.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('docs/okr-file.schema.json', () => {
  it('is up to date with the zod schema (run npm run schema after changing it)', () => {
    const committed = JSON.parse(readFileSync(path.join(root, 'docs', 'okr-file.schema.json'), 'utf8'));
    expect(committed).toEqual(okrFileJsonSchema());
  });

  it('accepts the sample file and rejects a typo, as an editor would', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(okrFileJsonSchema());
    const good = parse(
      `version: 1\nteam: payments\ncycle: 2026-Q4\nobjectives:\n  - title: Faster checkout\n    category: customer\n    key_results:\n      - title: Reduce p95 from 900 ms to 400 ms\n        metric: { baseline: 900, target: 400, unit: ms, direction: decrease }\n`,
    );
    expect(validate(good)).toBe(true);
    const bad = { ...good, objectives: [{ title: 'x', category: 'customers', key_results: [] }] };
    expect(validate(bad)).toBe(false);
    // What the parser accepts, the editor accepts: an unquoted year, and a "$schema" line in JSON.
    expect(validate({ ...good, cycle: 2026 })).toBe(true);
    expect(validate({ $schema: './okr-file.schema.json', ...good })).toBe(true);
    expect(validate({ ...good, cycle: 26 })).toBe(false);
  });
});

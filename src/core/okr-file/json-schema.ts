/** The JSON Schema of the OKR file, generated from the zod schema, for editor completion. */
import { z } from 'zod';
import { OkrDocumentSchema } from './schema.js';

export const OKR_FILE_SCHEMA_ID = 'https://legible.dev/schemas/okr-file-v1.json';

export function okrFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(OkrDocumentSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: OKR_FILE_SCHEMA_ID,
    title: 'Legible OKR file',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/**
 * A validated document with every key filled in and defaults applied: the shape the linter,
 * the API and storage work with.
 */
import type { Commitment } from '../key-result/grade.js';
import { deriveKey, uniqueKey } from './keys.js';
import type { KeyResultInput, ObjectiveInput, OkrDocument } from './schema.js';

export interface ResolvedKeyResult extends Omit<KeyResultInput, 'key'> {
  key: string;
  /** True when the key came from the file, false when derived from the title. */
  hasExplicitKey: boolean;
}

export interface ResolvedObjective extends Omit<ObjectiveInput, 'key' | 'key_results' | 'commitment'> {
  key: string;
  hasExplicitKey: boolean;
  commitment: Commitment;
  /** False when the file left commitment out and the default (aspirational) applies. */
  hasExplicitCommitment: boolean;
  key_results: ResolvedKeyResult[];
}

/** The document as the linter, API and storage see it (a `$schema` line for editors is dropped). */
export interface ResolvedOkrDocument extends Omit<OkrDocument, 'objectives' | '$schema'> {
  objectives: ResolvedObjective[];
}

/** A key written twice; the path points at the second one. */
export interface DuplicateKey {
  kind: 'objective' | 'key result';
  key: string;
  path: (string | number)[];
  firstPath: (string | number)[];
}

/**
 * Fills in keys (explicit ones first, so a derived key never takes an explicit one) and
 * defaults. Explicit keys written twice are reported, not silently renamed: identity matters
 * when the file is pushed to a server.
 */
export function resolveDocument(doc: OkrDocument): {
  document: ResolvedOkrDocument;
  duplicates: DuplicateKey[];
} {
  const duplicates: DuplicateKey[] = [];
  const objectiveKeys = new Map<string, (string | number)[]>();
  const krKeys = new Map<string, (string | number)[]>();
  doc.objectives.forEach((o, oi) => {
    if (o.key) {
      const first = objectiveKeys.get(o.key);
      if (first)
        duplicates.push({ kind: 'objective', key: o.key, path: ['objectives', oi, 'key'], firstPath: first });
      else objectiveKeys.set(o.key, ['objectives', oi, 'key']);
    }
    o.key_results.forEach((kr, ki) => {
      if (!kr.key) return;
      const path = ['objectives', oi, 'key_results', ki, 'key'];
      const first = krKeys.get(kr.key);
      if (first) duplicates.push({ kind: 'key result', key: kr.key, path, firstPath: first });
      else krKeys.set(kr.key, path);
    });
  });
  const takenObjectives = new Set(objectiveKeys.keys());
  const takenKrs = new Set(krKeys.keys());
  const objectives: ResolvedObjective[] = doc.objectives.map((o) => {
    const { key, key_results, commitment, ...rest } = o;
    return {
      ...rest,
      key: key ?? uniqueKey(deriveKey(o.title, 'o'), takenObjectives),
      hasExplicitKey: key !== undefined,
      commitment: commitment ?? 'aspirational',
      hasExplicitCommitment: commitment !== undefined,
      key_results: key_results.map((kr) => {
        const { key: krKey, ...krRest } = kr;
        return {
          ...krRest,
          key: krKey ?? uniqueKey(deriveKey(kr.title, 'kr'), takenKrs),
          hasExplicitKey: krKey !== undefined,
        };
      }),
    };
  });
  const { $schema: _editorsOnly, objectives: _written, ...rest } = doc;
  return { document: { ...rest, objectives }, duplicates };
}

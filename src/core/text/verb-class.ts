/**
 * English verbs by what they do to a key result's object: move a measure ("reduce"), state a
 * level ("keep"), obtain a result ("win"), or do work ("ship"). Every inflected form maps to its
 * base, built once from the lexicon.
 */
import { DOING_VERBS, MOVE_VERBS, RESULT_VERBS, STATE_VERBS } from './lexicon-en.js';
import { formIndex } from './verb-forms.js';

export type VerbClass = 'move' | 'state' | 'result' | 'doing';

export const MOVE_FORMS = formIndex(MOVE_VERBS);
export const STATE_FORMS = formIndex(STATE_VERBS);
export const RESULT_FORMS = formIndex(RESULT_VERBS);
export const DOING_FORMS = formIndex(DOING_VERBS);

/** The class and base form of a lower-case word, when it is a verb the lexicon knows. */
export function verbClassOf(word: string): { cls: VerbClass; base: string } | null {
  const m = MOVE_FORMS.get(word);
  if (m) return { cls: 'move', base: m };
  const s = STATE_FORMS.get(word);
  if (s) return { cls: 'state', base: s };
  const r = RESULT_FORMS.get(word);
  if (r) return { cls: 'result', base: r };
  const d = DOING_FORMS.get(word);
  if (d) return { cls: 'doing', base: d };
  return null;
}

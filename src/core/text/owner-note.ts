/**
 * Owner notes in a key result's title: "负责人：张三", "(owner: @alice)", "DRI: Bob", "@alice".
 * They say who is accountable, not what to do: the activity reading ignores them, and
 * kr-person-owner reports a person named this way.
 */

const OWNER_WORD = '(?:owner|dri|accountable|responsible|负责人|责任人|牵头人|对接人)';

/**
 * The name after "owner:", up to a comma, semicolon, bracket or the end of a sentence, so that a
 * note at the start ("Owner: Priya. Reduce …", "负责人：张三。将…") leaves the measure after it alone.
 * A full stop inside a handle or after an initial ("alice.smith", "J. Smith") is part of the name.
 */
export const OWNER_NAME = String.raw`(?:[^,，;；()（）.。!！?？]|\.(?=\S)|(?<=(?:^|[\s:：])\p{Lu})\.)*`;

/** The whole note: a bracketed one, one after a separator or at the start, or an @handle. */
const OWNER_NOTE = new RegExp(
  String.raw`[(（]\s*(?:${OWNER_WORD}|lead|by)\s*[:：][^)）]*[)）]|(?:^|[\s,，;；、])${OWNER_WORD}\s*[:：]\s*${OWNER_NAME}|(?:^|\s)@[a-z0-9_.-]{2,}\b`,
  'giu',
);
/** A cheap first test: every note has a colon or an @, and most titles have neither. */
const OWNER_HINT = /[:：@]/;

/** True when the title may carry an owner note. */
export function mayHaveOwnerNote(text: string): boolean {
  return OWNER_HINT.test(text);
}

/** The text with each owner note blanked out by spaces, so offsets into it stay valid. */
export function blankOwnerNotes(text: string): string {
  if (!OWNER_HINT.test(text)) return text;
  OWNER_NOTE.lastIndex = 0;
  return text.replace(OWNER_NOTE, (note) => ' '.repeat(note.length));
}

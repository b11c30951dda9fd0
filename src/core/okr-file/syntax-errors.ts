/**
 * Where a person should look for a YAML syntax error. The `yaml` library reports an unclosed
 * quote, [ or { where it gave up looking for the closing one: the end of the file, which for a
 * file ending in a line break is a line that does not exist. The opening character is in the
 * tokens the library read (its CST), so it is taken from there; any other position past the end
 * of the text is moved back onto its last character.
 */
import { CST, Parser, type YAMLError } from 'yaml';

export type Opener = '"' | "'" | '[' | '{';

/** What to say about an opener that is never closed: a sentence, and how to fix it. */
export interface Unclosed {
  opener: Opener;
  message: string;
  fix: string;
}

/** Where to point for one error: an offset into the text, and what is unclosed there, if that is the error. */
export interface SyntaxSpot {
  offset: number;
  unclosed?: Unclosed;
}

const CLOSER: Record<Opener, string> = { '"': '"', "'": "'", '[': ']', '{': '}' };

/** The closing character an opener needs. */
export function closerOf(opener: Opener): string {
  return CLOSER[opener];
}

/**
 * The sentence and fix for an opener never closed. `underIndented`: the library said a flow
 * collection inside block YAML must be "sufficiently indented and end with a ]" (BAD_INDENT),
 * which is also what it says when the ] is there but on a line not indented further than the
 * field the list belongs to.
 */
export function describeUnclosed(opener: Opener, underIndented = false): Unclosed {
  if (opener === '"' || opener === "'")
    return { opener, message: `this quote (${opener}) is never closed`, fix: `end the text with ${opener}` };
  const what = opener === '[' ? 'list' : 'mapping';
  const fix = `end the ${what} with ${CLOSER[opener]}`;
  return {
    opener,
    message: `this ${opener} is never closed`,
    fix: underIndented
      ? `${fix}; if it goes on over several lines, indent each of them further than the field it belongs to`
      : fix,
  };
}

/** `offset`, or the last character that is not white space when `offset` is at or past the end of `source`. */
export function withinText(source: string, offset: number): number {
  if (offset < source.length) return Math.max(0, offset);
  return Math.max(0, source.trimEnd().length - 1);
}

interface FlowOpener {
  offset: number;
  opener: '[' | '{';
  taken: boolean;
}

/**
 * The quoted scalars and the unclosed flow collections in `source`, from the library's CST:
 * quoted scalars by the offset just past their text (where the library reports a missing closing
 * quote), flow collections whose end is not their closing bracket (the library's own test).
 */
function openersIn(source: string): { quotes: Map<number, number>; flows: FlowOpener[] } {
  const quotes = new Map<number, number>();
  const flows: FlowOpener[] = [];
  const note = (token: CST.Token | null | undefined): void => {
    if (!token) return;
    if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      quotes.set(token.offset + token.source.length, token.offset);
    } else if (token.type === 'flow-collection') {
      const opener = token.start.type === 'flow-seq-start' ? '[' : '{';
      if (token.end[0]?.source !== CLOSER[opener])
        flows.push({ offset: token.start.offset, opener, taken: false });
    }
  };
  for (const token of new Parser().parse(source)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      note(item.key);
      note(item.value);
    });
  }
  return { quotes, flows };
}

/** The offset of the quote that opens the quoted text `offset` is inside, as the library reads it; null outside quotes. */
export function quoteAround(source: string, offset: number): number | null {
  for (const [end, start] of openersIn(source).quotes) if (start < offset && offset < end) return start;
  return null;
}

const MISSING_QUOTE = /^Missing closing (["'])quote/;
const FLOW_END = /end with a ([\]}])$/;

/**
 * Where each of the library's errors should point, in the same order. An unclosed quote, [ or {
 * points at its opening character and says so; every other error keeps the library's position,
 * moved onto the last character of the text when it is past the end.
 */
export function syntaxSpots(source: string, errors: readonly YAMLError[]): SyntaxSpot[] {
  let openers: ReturnType<typeof openersIn> | null = null;
  const read = () => {
    openers ??= openersIn(source);
    return openers;
  };
  return errors.map((error): SyntaxSpot => {
    const at = error.pos[0];
    const fallback = { offset: withinText(source, at) };
    const message = error.message.split('\n')[0]!;
    if (error.code === 'MISSING_CHAR') {
      const quote = MISSING_QUOTE.exec(message)?.[1] as '"' | "'" | undefined;
      if (quote) {
        // The library reports the missing quote at the end of the scalar's text.
        const start = read().quotes.get(at);
        if (start === undefined || source[start] !== quote) return fallback;
        return { offset: start, unclosed: describeUnclosed(quote) };
      }
    }
    if (error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT') {
      const closer = FLOW_END.exec(message)?.[1];
      if (closer) {
        const opener = closer === ']' ? '[' : '{';
        // The library reports it after the collection's last item: the nearest unclosed opener
        // before that is this one (an inner collection's error comes, and is matched, first).
        let best: FlowOpener | null = null;
        for (const f of read().flows) {
          if (!f.taken && f.opener === opener && f.offset < at && (!best || f.offset > best.offset)) best = f;
        }
        if (!best) return fallback;
        best.taken = true;
        return { offset: best.offset, unclosed: describeUnclosed(opener, error.code === 'BAD_INDENT') };
      }
    }
    return fallback;
  });
}

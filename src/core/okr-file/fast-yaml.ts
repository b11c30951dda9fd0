/**
 * The fast path for reading YAML and JSON OKR files: js-yaml's event parser (several times
 * faster than building a full document) gives the values and, from the events' source offsets,
 * the same position index the full parser builds. Anything unusual — a syntax error, a duplicate
 * key, an alias, a tag, several documents — returns null, and the caller uses the full parser,
 * which explains problems best and guards against alias bombs.
 */
import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ID,
  type Event,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
} from 'js-yaml';
import type { SourcePosition } from './problems.js';

export interface FastParse {
  value: unknown;
  positions: Map<string, SourcePosition>;
}

/** Line starts of a text, for offset → line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

interface Frame {
  kind: 'map' | 'seq' | 'doc';
  /** The formatted path (formatPath) of this collection. */
  path: string;
  /** Mapping: the key waiting for its value (undefined when the next node is a key). */
  key?: string;
  index: number;
  /** Mapping: the keys seen so far (a duplicate goes to the full parser). */
  keys?: Set<string>;
}

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/** Parses `text` through js-yaml's events; null when the full parser should handle it. */
export function fastParseYaml(text: string): FastParse | null {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return null;
  }
  let documents = 0;
  for (const e of events) {
    if (e.type === EVENT_ID.DOCUMENT) documents += 1;
    // Aliases and tags go to the full parser (alias limits, tag errors).
    if (e.type === EVENT_ID.ALIAS) return null;
    if (
      (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE || e.type === EVENT_ID.SCALAR) &&
      e.tagStart !== -1
    )
      return null;
  }
  if (documents !== 1) return null;
  let value: unknown;
  try {
    const docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA });
    value = docs[0];
  } catch {
    return null;
  }
  const starts = lineStarts(text);
  const positions = new Map<string, SourcePosition>();
  const stack: Frame[] = [];
  const set = (path: string, offset: number) => {
    if (!positions.has(path)) positions.set(path, positionOf(starts, offset));
  };
  /** The path of the node about to be read, or null when it is a mapping key. */
  const place = (): string | null => {
    const top = stack[stack.length - 1];
    if (!top || top.kind === 'doc') return '';
    if (top.kind === 'seq') {
      const path = childPath(top.path, top.index);
      top.index += 1;
      return path;
    }
    if (top.key === undefined) return null;
    const path = childPath(top.path, top.key);
    top.key = undefined;
    return path;
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        stack.push({ kind: 'doc', path: '', index: 0 });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const path = place();
        if (path === null) return null; // a collection as a key: leave it to the full parser
        set(path, e.start);
        if (e.type === EVENT_ID.MAPPING) stack.push({ kind: 'map', path, index: 0, keys: new Set() });
        else stack.push({ kind: 'seq', path, index: 0 });
        break;
      }
      case EVENT_ID.SCALAR: {
        // A quoted scalar starts at its quote, as the full parser reports it.
        const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = e.valueStart === -1 ? 0 : quoted ? e.valueStart - 1 : e.valueStart;
        const path = place();
        if (path === null) {
          const top = stack[stack.length - 1]!;
          const key = getScalarValue(text, e);
          if (top.keys!.has(key)) return null; // duplicate key: the full parser says where
          top.keys!.add(key);
          top.key = key;
          set(childPath(top.path, key), start);
        } else {
          set(path, start);
        }
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  if (!positions.has('')) positions.set('', { line: 1, column: 1 });
  return { value, positions };
}

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
  positions: TreePositions;
}

/** A node of the position tree: where it starts, and its children by key or index. */
interface PositionNode {
  offset: number;
  keys?: Map<string, PositionNode>;
  items?: PositionNode[];
}

const PATH_SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/**
 * Positions as a tree mirroring the document (no path strings are built while parsing). Answers
 * get("objectives[0].key_results[2]") like the full parser's map; line and column are worked out
 * on demand.
 */
export class TreePositions {
  readonly #root: PositionNode;
  readonly #starts: number[];
  constructor(root: PositionNode, starts: number[]) {
    this.#root = root;
    this.#starts = starts;
  }
  get(path: string): SourcePosition | undefined {
    let node: PositionNode | undefined = this.#root;
    PATH_SEGMENT.lastIndex = 0;
    for (let m = PATH_SEGMENT.exec(path); m !== null && node; m = PATH_SEGMENT.exec(path)) {
      node = m[2] !== undefined ? node.items?.[Number(m[2])] : node.keys?.get(m[1]!);
    }
    return node ? positionOf(this.#starts, node.offset) : undefined;
  }
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
  kind: 'map' | 'seq';
  node: PositionNode;
  /** Mapping: the key waiting for its value (undefined when the next node is a key). */
  key?: string;
}

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
  let root: PositionNode | null = null;
  const stack: Frame[] = [];
  /**
   * The node about to be read: its place in the tree (created on first sight, so a key's
   * position is kept for its value, as the full parser does), or null when it is a mapping key.
   */
  const place = (offset: number): PositionNode | null => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= { offset };
      return root;
    }
    if (top.kind === 'seq') {
      const node: PositionNode = { offset };
      top.node.items!.push(node);
      return node;
    }
    if (top.key === undefined) return null;
    const node = top.node.keys!.get(top.key)!;
    top.key = undefined;
    return node;
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node = place(e.start);
        if (node === null) return null; // a collection as a key: leave it to the full parser
        if (e.type === EVENT_ID.MAPPING) {
          node.keys = new Map();
          stack.push({ kind: 'map', node });
        } else {
          node.items = [];
          stack.push({ kind: 'seq', node });
        }
        break;
      }
      case EVENT_ID.SCALAR: {
        // A quoted scalar starts at its quote, as the full parser reports it.
        // An empty list item ("-" alone) has no offset in the events: the full parser knows its line.
        if (e.valueStart === -1 && stack[stack.length - 1]?.kind === 'seq') return null;
        const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = e.valueStart === -1 ? 0 : quoted ? e.valueStart - 1 : e.valueStart;
        const node = place(start);
        if (node === null) {
          const top = stack[stack.length - 1]!;
          const key = getScalarValue(text, e);
          if (top.node.keys!.has(key)) return null; // duplicate key: the full parser says where
          top.node.keys!.set(key, { offset: start });
          top.key = key;
        }
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return { value, positions: new TreePositions(root ?? { offset: 0 }, lineStarts(text)) };
}

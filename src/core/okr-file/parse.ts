/**
 * Reading an OKR file (YAML or JSON) into a validated, resolved document. Never throws for bad
 * input: every problem comes back with its line, column and a fix.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type Cycle, parseCycle } from '../cycle/cycle.js';
import { fastParseYaml } from './fast-yaml.js';
import { describeIssue, type FileProblem, formatPath, type SourcePosition } from './problems.js';
import { type ResolvedOkrDocument, resolveDocument } from './resolve.js';
import { OkrDocumentSchema } from './schema.js';
import { closerOf, describeUnclosed, quoteAround, syntaxSpots, withinText } from './syntax-errors.js';

export type OkrFileFormat = 'yaml' | 'json' | 'csv';

/** Where each field of the document was written: formatPath(path) → position. */
export interface PositionIndex {
  get(path: string): SourcePosition | undefined;
}

export interface ParsedOkrFile {
  file: string;
  format: OkrFileFormat;
  document: ResolvedOkrDocument;
  cycle: Cycle;
  positions: PositionIndex;
}

export type OkrFileResult = { ok: true; files: ParsedOkrFile[] } | { ok: false; problems: FileProblem[] };

/** The position of `path`, or of its nearest ancestor that has one. */
export function locate(positions: PositionIndex, path: readonly (string | number)[]): SourcePosition | null {
  for (let n = path.length; n >= 0; n -= 1) {
    const hit = positions.get(formatPath(path.slice(0, n)));
    if (hit) return hit;
  }
  return null;
}

function indexPositions(root: Node | null, lines: LineCounter, source: string): Map<string, SourcePosition> {
  const positions = new Map<string, SourcePosition>();
  const at = (offset: number): SourcePosition => {
    // An empty last item ("  -" with no line break after it) starts at the end of the text.
    const { line, col } = lines.linePos(withinText(source, offset));
    return { line, column: col };
  };
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      if (node.range && !positions.has(formatPath(path))) positions.set(formatPath(path), at(node.range[0]));
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const childPath = [...path, String(pair.key.value)];
        // A field's position is where its name is written.
        if (pair.key.range) positions.set(formatPath(childPath), at(pair.key.range[0]));
        if (isMap(pair.value) || isSeq(pair.value)) walk(pair.value, childPath);
      }
    } else if (isSeq(node)) {
      if (node.range && !positions.has(formatPath(path))) positions.set(formatPath(path), at(node.range[0]));
      node.items.forEach((item, i) => {
        const childPath = [...path, i];
        const range = (item as { range?: [number, number, number] } | null)?.range;
        if (range) positions.set(formatPath(childPath), at(range[0]));
        walk(item, childPath);
      });
    }
  };
  walk(root, []);
  return positions;
}

/** Detects the format from a file name (defaults to YAML, of which JSON is a subset). */
export function formatOf(file: string): OkrFileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return 'yaml';
}

/**
 * Validates an already-read value (from YAML, JSON or the API) against the file schema and
 * resolves keys and the cycle. `positions` lets problems carry lines and columns.
 */
export function validateOkrValue(
  raw: unknown,
  options: { file: string; format: OkrFileFormat; positions?: PositionIndex },
): OkrFileResult {
  const { file, format } = options;
  const positions = options.positions ?? new Map();
  const problem = (path: (string | number)[], message: string, fix?: string): FileProblem => {
    const pos = locate(positions, path);
    const p: FileProblem = {
      file,
      line: pos?.line ?? null,
      column: pos?.column ?? null,
      path: formatPath(path),
      message,
    };
    if (fix) p.fix = fix;
    return p;
  };
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      problems: [
        problem(
          [],
          'the file is empty',
          'start with "version: 1", "team:", "cycle:" and "objectives:" (legible init writes a sample)',
        ),
      ],
    };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        problem(
          [],
          'the file must be a mapping with version, team, cycle and objectives',
          'see docs/okr-file.md or run legible init',
        ),
      ],
    };
  }
  const parsed = OkrDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const d = describeIssue(issue, raw);
      return problem(d.path, d.message, d.fix);
    });
    const record = raw as Record<string, unknown>;
    const cycleId =
      typeof record.cycle === 'number' && Number.isInteger(record.cycle)
        ? String(record.cycle)
        : record.cycle;
    if (typeof cycleId === 'string' && !problems.some((p) => p.path === 'cycle')) {
      problems.push(
        ...cycleProblems(
          cycleId,
          typeof record.cycle_start === 'string' ? record.cycle_start : undefined,
          typeof record.cycle_end === 'string' ? record.cycle_end : undefined,
          problem,
        ).problems,
      );
    }
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, problems };
  }
  const doc = parsed.data;
  const { cycle, problems } = cycleProblems(doc.cycle, doc.cycle_start, doc.cycle_end, problem);
  const { document, duplicates } = resolveDocument(doc);
  for (const d of duplicates) {
    const first = locate(positions, d.firstPath);
    problems.push(
      problem(
        d.path,
        `${d.kind} key "${d.key}" is used twice${first ? ` (first on line ${first.line})` : ''}`,
        'give each one its own key: keys are how a server recognises the same item between pushes',
      ),
    );
  }
  if (problems.length > 0 || !cycle) return { ok: false, problems };
  return { ok: true, files: [{ file, format, document, cycle, positions }] };
}

/**
 * The cycle a document names, or the problems with it: a bad id, a bad custom date (pointing at
 * that date), or dates given on a standard cycle, where they would be silently ignored.
 */
function cycleProblems(
  id: string,
  start: string | undefined,
  end: string | undefined,
  problem: (path: (string | number)[], message: string, fix?: string) => FileProblem,
): { cycle: Cycle | null; problems: FileProblem[] } {
  const result = parseCycle(id, {
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
  });
  if (!result.ok) {
    // "2026-Q5", "2026-H3": a standard cycle with a number out of range, not a custom id.
    const standard = /^(\d{4})-?([QqHh])(\d+)$/.exec(id);
    if (standard && start === undefined && end === undefined) {
      const isQuarter = standard[2]!.toUpperCase() === 'Q';
      const year = standard[1]!;
      return {
        cycle: null,
        problems: [
          problem(
            ['cycle'],
            `cycle "${id}" is not a ${isQuarter ? 'quarter: quarters are Q1 to Q4' : 'half: halves are H1 and H2'}`,
            isQuarter
              ? `write ${year}-Q1, ${year}-Q2, ${year}-Q3 or ${year}-Q4`
              : `write ${year}-H1 or ${year}-H2`,
          ),
        ],
      };
    }
    return { cycle: null, problems: [problem([result.field], result.message, result.fix)] };
  }
  const given = [start !== undefined ? 'cycle_start' : null, end !== undefined ? 'cycle_end' : null].filter(
    (f): f is string => f !== null,
  );
  if (result.cycle.kind === 'custom' || given.length === 0) return { cycle: result.cycle, problems: [] };
  const { id: cycleId, start: first, end: last } = result.cycle;
  return {
    cycle: null,
    problems: [
      problem(
        [given[0]!],
        `${given.join(' and ')} only appl${given.length > 1 ? 'y' : 'ies'} to custom cycles: ${cycleId} is a standard ${result.cycle.kind} and always runs ${first} to ${last}`,
        `remove ${given.join(' and ')}, or use a custom cycle id (e.g. fy27-s1) to set your own dates`,
      ),
    ],
  };
}

/**
 * The name of a key written twice, from where the second one starts, and the line of the first:
 * the nearest line above at the same column with the same name, before the mapping begins.
 */
function duplicateKeyAt(source: string, offset: number): { key: string; firstLine: number | null } | null {
  const m = /^("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(source.slice(offset, offset + 200));
  if (!m) return null;
  const written = m[1]!;
  const key = /^["']/.test(written) ? written.slice(1, -1) : written;
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const column = offset - lineStart;
  const above = source.slice(0, lineStart).split('\n');
  for (let i = above.length - 1; i >= 0; i -= 1) {
    const line = above[i]!;
    if (line.slice(column).startsWith(written) && /^[\s-]*$/.test(line.slice(0, column)))
      return { key, firstLine: i + 1 };
    const indent = line.search(/\S/);
    // A line that starts left of the key, and is not a comment, is the mapping's parent.
    if (indent !== -1 && indent < column && line[indent] !== '#' && line[indent] !== '-') break;
  }
  return { key, firstLine: null };
}

/** The first JSON syntax error of `source`, where it is and what usually causes it; null for JSON. */
function jsonSyntaxProblem(source: string, file: string): FileProblem | null {
  try {
    JSON.parse(source);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 gives the position for most errors; for "Unexpected token" it quotes a snippet instead,
    // so look for the two usual causes: a comma before a closing bracket, a single quote.
    const at = /at position (\d+)/.exec(message) ?? guessJsonErrorAt(source, message);
    const offset = at ? Number(at[1]) : source.length;
    const positionOf = (o: number) => {
      const upTo = source.slice(0, o);
      return { line: upTo.split('\n').length, column: o - upTo.lastIndexOf('\n') };
    };
    // At the end of the text the cause is a quote, [ or { left open: point at it, not past the end.
    const open = offset >= source.trimEnd().length ? unclosedJson(source) : null;
    if (open)
      return {
        file,
        ...positionOf(open.offset),
        path: '',
        message: `JSON syntax: ${open.message}`,
        fix: open.fix,
      };
    // A line break inside a string: JSON text ends on the line it starts, so its quote is unclosed.
    if (/^Bad control character/.test(message) && /[\r\n]/.test(source.charAt(offset))) {
      const quote = quoteAround(source, offset);
      if (quote !== null)
        return {
          file,
          ...positionOf(quote),
          path: '',
          message: 'JSON syntax: this quote (") is not closed on its line',
          fix: 'end the text with " on the same line: JSON text cannot go over several lines (write \\n for a line break)',
        };
    }
    // Anything else past the end is shown on the last character (the fix still reads the text there).
    const { line, column } = positionOf(withinText(source, offset));
    const before = source.slice(0, offset);
    const here = source.charAt(offset);
    const previous = before.trimEnd().slice(-1);
    const fix =
      here === '/' || here === '#'
        ? 'JSON has no comments: remove it (or write the file as YAML, which has them)'
        : here === "'" || (previous === "'" && /[,:}\]]/.test(here))
          ? 'JSON strings and field names take double quotes: "like this"'
          : previous === ',' && (here === '}' || here === ']')
            ? 'JSON has no trailing commas: remove the comma before this point'
            : /^[A-Za-z_]$/.test(here) && (previous === '{' || previous === ',')
              ? 'JSON field names take double quotes: "team": …'
              : !at
                ? 'the file ends too early: close every { and [ and "'
                : 'check for a missing comma, quote or bracket just before this point';
    return {
      file,
      line,
      column,
      path: '',
      message: `JSON syntax: ${message
        .split('\n')[0]!
        .replace(/ (?:in JSON )?at position \d+.*$/, '')
        .replace(/, (?:\.\.\.)?".*$/, '')
        .replace(/^./, (c) => c.toLowerCase())}`,
      fix,
    };
  }
}

/**
 * What is still open when a JSON text ends too early, from the YAML library's reading of the same
 * text (JSON is YAML's flow syntax): the innermost quote, [ or {, and how to close it and the
 * ones around it. Null when it finds nothing open.
 */
function unclosedJson(source: string): { offset: number; message: string; fix: string } | null {
  const doc = parseDocument(source, { prettyErrors: false });
  const open = syntaxSpots(source, doc.errors)
    .filter((s) => s.unclosed !== undefined)
    // Everything still open at the end is nested: the one opened last is the innermost.
    .sort((a, b) => b.offset - a.offset);
  const [inner, ...outer] = open;
  if (!inner?.unclosed) return null;
  // Indentation means nothing in JSON: the plain sentence, whatever the library said about it.
  const { message, fix } = describeUnclosed(inner.unclosed.opener);
  const rest = outer.map((s) => closerOf(s.unclosed!.opener)).join('');
  return {
    offset: inner.offset,
    message,
    fix: `the file ends before it is closed: ${fix}${rest ? `, then close the rest with ${rest}` : ''}`,
  };
}

/** Where an "Unexpected token" JSON error most likely is: [_, offset] as a match would give it. */
function guessJsonErrorAt(source: string, message: string): [string, string] | null {
  if (!/^Unexpected token/.test(message)) return null;
  const trailing = /,(\s*)[\]}]/.exec(source);
  if (trailing) return ['', String(trailing.index + 1 + trailing[1]!.length)];
  const quote = source.indexOf("'");
  return quote >= 0 ? ['', String(quote)] : null;
}

/** Parses YAML or JSON text. Never throws. */
export function parseOkrText(
  text: string,
  options: {
    file: string;
    format?: 'yaml' | 'json' /** Skip the fast path (tests compare the two). */;
    fullParser?: boolean;
  },
): OkrFileResult {
  const file = options.file;
  const format = options.format ?? (formatOf(file) === 'json' ? 'json' : 'yaml');
  const source = text.replace(/^\uFEFF/, '');
  if (format === 'json' && source.trim() !== '') {
    // YAML reads far more than JSON (trailing commas, comments, single quotes): a .json file must
    // be JSON, or another tool that reads it will fail where this one passed.
    const syntax = jsonSyntaxProblem(source, file);
    if (syntax) return { ok: false, problems: [syntax] };
  }
  // Most files take the fast path; anything unusual gets the full parser and its explanations.
  const fast = options.fullParser ? null : fastParseYaml(source);
  if (fast) return validateOkrValue(fast.value, { file, format, positions: fast.positions });
  const lines = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  if (doc.errors.length > 0) {
    const syntax = format === 'json' ? 'JSON syntax' : 'YAML syntax';
    const spots = syntaxSpots(source, doc.errors);
    const problems = doc.errors.map((error, i): FileProblem => {
      const spot = spots[i]!;
      const { line, col } = lines.linePos(spot.offset);
      const where = { file, line, column: col, path: '' };
      if (spot.unclosed)
        return { ...where, message: `${syntax}: ${spot.unclosed.message}`, fix: spot.unclosed.fix };
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      const duplicate = error.code === 'DUPLICATE_KEY' ? duplicateKeyAt(source, error.pos[0]) : null;
      return {
        ...where,
        message: duplicate
          ? `${syntax}: the field "${duplicate.key}" is written twice in the same mapping${duplicate.firstLine ? ` (first on line ${duplicate.firstLine})` : ''}`
          : `${syntax}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
        fix:
          error.code === 'DUPLICATE_KEY'
            ? 'remove or rename one of the two fields'
            : error.code === 'TAB_AS_INDENT'
              ? `replace the tab at the start of line ${line} with spaces: YAML indents with spaces only`
              : format === 'json'
                ? 'check for a missing comma, quote or bracket just before this point'
                : 'check the indentation and that text with ": " or "#" in it is quoted',
      };
    });
    // In line order, as schema problems are: an opener can be before an earlier error's position.
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, problems };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 200 });
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: null,
          column: null,
          path: '',
          message: `the file could not be read: ${(error as Error).message}`,
          fix: 'remove YAML aliases (*name) that repeat large parts of the file',
        },
      ],
    };
  }
  return validateOkrValue(raw, { file, format, positions: indexPositions(doc.contents, lines, source) });
}

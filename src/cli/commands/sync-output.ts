/**
 * Rendering the changes a push makes (or would make, with --dry-run) for people:
 * `+` created, `~` changed (each field from → to), `-` retired or dropped.
 */
import { createColors } from 'picocolors';
import type { FieldChanges, SyncChange } from '../../service/okrs/plan-sync.js';

type Colors = ReturnType<typeof createColors>;

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** One value as a person reads it: text in quotes, nothing as "(none)". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return `[${value
      .map((v) => {
        if (v && typeof v === 'object' && 'kind' in v) {
          const c = v as { kind: string; note?: string };
          return c.note ? `${c.kind} (${c.note})` : c.kind;
        }
        if (v && typeof v === 'object' && 'title' in v) return JSON.stringify((v as { title: string }).title);
        return formatValue(v);
      })
      .join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '(none)';
    return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
  }
  return String(value);
}

const FIELD_NAMES: Record<string, string> = {
  alignsTo: 'aligns_to',
  objective: 'objective',
};

/** Field changes as lines; an object-valued field (metric) is shown one sub-field at a time. */
export function fieldLines(fields: FieldChanges | undefined): string[] {
  const out: string[] = [];
  for (const [name, { from, to }] of Object.entries(fields ?? {})) {
    const label = FIELD_NAMES[name] ?? name;
    const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if ((isPlainObject(from) || from === null) && (isPlainObject(to) || to === null) && name === 'metric') {
      const a = (from ?? {}) as Record<string, unknown>;
      const b = (to ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
          out.push(`${label}.${k}: ${formatValue(a[k])} → ${formatValue(b[k])}`);
      }
    } else if (name === 'position') {
      out.push(`position in the file: ${Number(from) + 1} → ${Number(to) + 1}`);
    } else {
      out.push(`${label}: ${formatValue(from)} → ${formatValue(to)}`);
    }
  }
  return out;
}

/** The lines for one change: a headline with its sign, then indented field changes. */
export function changeLines(change: SyncChange, c: Colors): string[] {
  const sign = (s: '+' | '~' | '-') => (s === '+' ? c.green(s) : s === '~' ? c.yellow(s) : c.red(s));
  const title = JSON.stringify(change.title);
  switch (change.entity) {
    case 'objective':
      if (change.action === 'create') return [`${sign('+')} objective ${c.bold(change.key)} ${title}`];
      if (change.action === 'retire')
        return [`${sign('-')} objective ${c.bold(change.key)} ${title} (retired; its history is kept)`];
      return [
        `${sign(change.action === 'restore' ? '+' : '~')} objective ${c.bold(change.key)}${change.action === 'restore' ? ' (restored)' : ''}`,
        ...fieldLines(change.fields).map((l) => `    ${l}`),
      ];
    case 'key_result':
      if (change.action === 'create')
        return [`${sign('+')} key result ${c.bold(change.key)} ${title} (in ${change.objectiveKey})`];
      if (change.action === 'retire')
        return [`${sign('-')} key result ${c.bold(change.key)} ${title} (retired; its history is kept)`];
      return [
        `${sign(change.action === 'restore' ? '+' : '~')} key result ${c.bold(change.key)}${
          change.revisions.length > 0 ? ` (${change.revisions.join(', ')})` : ''
        }`,
        ...fieldLines(change.fields).map((l) => `    ${l}`),
      ];
    case 'initiative':
      if (change.action === 'create') return [`${sign('+')} initiative ${title} on ${change.key}`];
      if (change.action === 'drop') return [`${sign('-')} initiative ${title} on ${change.key} (dropped)`];
      return [
        `${sign('~')} initiative ${title} on ${change.key}`,
        ...fieldLines(change.fields).map((l) => `    ${l}`),
      ];
    case 'guardrails': {
      const { before, after, removed, added } = guardrailDiff(change);
      const lines = [
        ...removed.map((g) => `${sign('-')} guardrail ${JSON.stringify(g)}`),
        ...added.map((g) => `${sign('+')} guardrail ${JSON.stringify(g)}`),
      ];
      if (lines.length > 0 || (before.length === 0 && after.length === 0)) return lines;
      return [`${sign('~')} guardrails: their order or metrics changed`];
    }
    default:
      return [`~ ${(change as { entity: string }).entity} ${title}`];
  }
}

/** The guardrail titles before and after a guardrails change, and which went and came. */
function guardrailDiff(change: Extract<SyncChange, { entity: 'guardrails' }>): {
  before: string[];
  after: string[];
  removed: string[];
  added: string[];
} {
  const { from, to } = change.fields.guardrails ?? { from: [], to: [] };
  const before = (Array.isArray(from) ? from : []).map(String);
  const after = (Array.isArray(to) ? to : []).map(String);
  return {
    before,
    after,
    removed: before.filter((g) => !after.includes(g)),
    added: after.filter((g) => !before.includes(g)),
  };
}

/**
 * "3 created, 2 changed, 1 retired, 1 guardrail added". Guardrails are counted as they came and
 * went; "guardrails changed" only when the same ones were reordered or remeasured, and nothing
 * when there were none before and none now.
 */
export function countChanges(changes: readonly SyncChange[]): string {
  let created = 0;
  let changed = 0;
  let retired = 0;
  let dropped = 0;
  let guardrailsAdded = 0;
  let guardrailsRemoved = 0;
  let guardrailsChanged = false;
  for (const ch of changes) {
    if (ch.entity === 'guardrails') {
      const { before, after, removed, added } = guardrailDiff(ch);
      guardrailsAdded += added.length;
      guardrailsRemoved += removed.length;
      if (added.length === 0 && removed.length === 0 && (before.length > 0 || after.length > 0))
        guardrailsChanged = true;
    } else if (ch.action === 'create' || ch.action === 'restore') created += 1;
    else if (ch.action === 'retire') retired += 1;
    else if (ch.action === 'drop') dropped += 1;
    else changed += 1;
  }
  const parts: string[] = [];
  if (created) parts.push(`${created} created`);
  if (changed) parts.push(`${changed} changed`);
  if (retired) parts.push(`${retired} retired`);
  if (dropped) parts.push(`${dropped} dropped`);
  if (guardrailsAdded) parts.push(`${plural(guardrailsAdded, 'guardrail')} added`);
  if (guardrailsRemoved) parts.push(`${plural(guardrailsRemoved, 'guardrail')} removed`);
  if (guardrailsChanged) parts.push('guardrails changed');
  return parts.join(', ');
}

export function colorsFor(enabled: boolean): Colors {
  return createColors(enabled);
}

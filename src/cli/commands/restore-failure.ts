/**
 * Saying which row of a backup the database refused during `legible restore`. The restore
 * inserts rows in batches, so the driver's error ("FOREIGN KEY constraint failed", "invalid input
 * syntax for type integer: "high"") names neither the table nor the row. `trackRestore` wraps the
 * opened backup to know which table and batch were being inserted; `describeRestoreFailure` then
 * finds the row in that batch from what the error says.
 */
import { type Kysely, sql } from 'kysely';
import { type BackupTable, type OpenedBackup, RestoreValueError, showValue } from '../../storage/backup.js';
import type { DialectName } from '../../storage/database.js';
import type { Database } from '../../storage/schema.js';

/** The batch being inserted when a restore failed. */
export interface RestoreBatch {
  table: BackupTable;
  rows: unknown[][];
  /** 1-based row number of rows[0] in the backup's table. */
  firstRow: number;
}

/** The backup, wrapped so `current()` tells which batch is being inserted (null between tables). */
export function trackRestore(backup: OpenedBackup): {
  backup: OpenedBackup;
  current: () => RestoreBatch | null;
} {
  let current: RestoreBatch | null = null;
  const tables = backup.tables.map(
    (table): BackupTable => ({
      name: table.name,
      columns: table.columns,
      *pages(size: number) {
        let seen = 0;
        for (const rows of table.pages(size)) {
          current = { table, rows, firstRow: seen + 1 };
          seen += rows.length;
          yield rows;
        }
        current = null;
      },
    }),
  );
  return { backup: { ...backup, tables }, current: () => current };
}

interface Located {
  index: number;
  column?: string;
  /** What the row has wrong, when the error says it ("user_id "x" is not in table users"). */
  why?: string;
}

function rowsWhere(batch: RestoreBatch, column: string, test: (value: unknown) => boolean): number {
  const at = batch.table.columns.indexOf(column);
  if (at < 0) return -1;
  return batch.rows.findIndex((row) => test(row[at]));
}

/** Values of `column` in every row of `table` in the backup, as strings. */
function backupValues(backup: OpenedBackup, table: string, column: string): Set<string> | null {
  const source = backup.tables.find((t) => t.name === table);
  if (!source) return new Set();
  const at = source.columns.indexOf(column);
  if (at < 0) return null;
  const values = new Set<string>();
  for (const page of source.pages(1000)) for (const row of page) values.add(String(row[at]));
  return values;
}

async function locate(
  error: unknown,
  batch: RestoreBatch,
  backup: OpenedBackup,
  db: Kysely<Database>,
  dialect: DialectName,
): Promise<Located | null> {
  // A value its column cannot hold, found before inserting (SQLite): the error names the row.
  if (error instanceof RestoreValueError) {
    const index = error.rowNumber - batch.firstRow;
    if (index >= 0 && index < batch.rows.length) return { index, column: error.column };
  }
  const e = error as { message?: string; detail?: string; column?: string; code?: string };
  const message = e.message ?? '';
  // PostgreSQL: "Key (user_id)=(nobody) is not present in table "users"." or "… already exists."
  const key = /^Key \(([a-z_][a-z0-9_]*)\)=\((.*)\) (is not present in table "([^"]+)"|already exists)/.exec(
    e.detail ?? '',
  );
  if (key) {
    const [, column, value, what, parent] = key;
    const index = rowsWhere(batch, column!, (v) => v !== null && String(v) === value);
    if (index >= 0)
      return {
        index,
        column: column!,
        why: parent
          ? `${column} ${showValue(value)} is not in table ${parent}`
          : `${column} ${showValue(value)} ${what}`,
      };
  }
  // PostgreSQL: invalid input syntax for type integer: "high"
  const syntax = /invalid input (?:syntax|value) for (?:type )?[^:]*: "(.*)"$/.exec(message);
  if (syntax) {
    for (const [index, row] of batch.rows.entries()) {
      const at = row.findIndex((v) => typeof v === 'string' && v === syntax[1]);
      if (at >= 0) return { index, column: batch.table.columns[at]! };
    }
  }
  // A NOT NULL column: PostgreSQL names it in `column`, SQLite in the message.
  const notNull = e.code === '23502' ? e.column : /NOT NULL constraint failed: \w+\.(\w+)/.exec(message)?.[1];
  if (notNull) {
    const index = rowsWhere(batch, notNull, (v) => v === null || v === undefined);
    if (index >= 0) return { index, column: notNull, why: `${notNull} is empty` };
  }
  // SQLite names no column for a foreign key: check each reference of the batch against the backup.
  if (dialect === 'sqlite' && /FOREIGN KEY constraint failed/.test(message)) {
    const references = await sql<{ table: string; from: string; to: string | null }>`
      select "table", "from", "to" from pragma_foreign_key_list(${batch.table.name})`.execute(db);
    for (const ref of references.rows) {
      const parents = backupValues(backup, ref.table, ref.to ?? 'id');
      if (parents === null) continue;
      const index = rowsWhere(
        batch,
        ref.from,
        (v) => v !== null && v !== undefined && !parents.has(String(v)),
      );
      if (index >= 0) {
        const value = batch.rows[index]![batch.table.columns.indexOf(ref.from)];
        return {
          index,
          column: ref.from,
          why: `${ref.from} ${showValue(value)} is not in table ${ref.table}`,
        };
      }
    }
  }
  if (batch.rows.length === 1) return { index: 0 };
  return null;
}

/**
 * One line for a row the database refused during a restore: the table, the row (number and id)
 * when it can be found, and the driver's reason.
 */
export async function describeRestoreFailure(
  error: unknown,
  batch: RestoreBatch,
  context: { file: string; where: string; backup: OpenedBackup; db: Kysely<Database>; dialect: DialectName },
): Promise<string> {
  // A value of the wrong type: the problem names the column, the value and what the column holds.
  const valueError = error instanceof RestoreValueError ? error : null;
  const reason = valueError ? valueError.problem : ((error as Error).message ?? String(error));
  let found: Located | null = null;
  try {
    found = await locate(error, batch, context.backup, context.db, context.dialect);
  } catch {
    // Best effort: without the row, the table and the batch are still named.
  }
  const { table } = batch;
  let which: string;
  if (found) {
    const idAt = table.columns.indexOf('id');
    const row = batch.rows[found.index]!;
    which = `row ${batch.firstRow + found.index} of table ${table.name}${idAt >= 0 ? ` (id ${showValue(row[idAt])})` : ''}`;
  } else {
    const last = batch.firstRow + batch.rows.length - 1;
    which = `one of rows ${batch.firstRow}–${last} of table ${table.name}`;
  }
  const column = found?.column && !found.why && !valueError ? `, column ${found.column}` : '';
  return `cannot restore ${context.file} into ${context.where}: the database refused ${which}${column}: ${reason}${found?.why ? ` (${found.why})` : ''}. The backup does not fit the database: restore a backup written by legible backup, or correct that row; none of the backup's rows were kept`;
}

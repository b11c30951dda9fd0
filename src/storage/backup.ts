/**
 * Backups and restores, for `legible backup` and `legible restore`.
 *
 * - SQLite: `VACUUM INTO` a new file, one statement inside one read transaction, gives a
 *   consistent copy while the server keeps writing (WAL: the server is never blocked).
 *   The copy gets a `legible_backup` table describing it and is switched out of WAL mode, so the
 *   backup is one self-contained `.db` file.
 * - PostgreSQL: a logical export of every table of the current schema to one JSON document, read
 *   in one REPEATABLE READ, READ ONLY transaction (one snapshot, so it is consistent), one row per
 *   line. No pg_dump needed.
 *
 * Either file restores into either dialect: the target is migrated to the backup's schema
 * version, the rows are inserted in foreign-key order in one transaction, then the target is
 * migrated to the latest schema. Backups are written to a temporary sibling and renamed, so a
 * failed backup never leaves a file that looks complete.
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, Migrator, sql } from 'kysely';
import type { DialectName } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export const BACKUP_FORMAT = 'legible-backup';
export const BACKUP_VERSION = 1;
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
const META_TABLE = 'legible_backup';
/** Bookkeeping that does not make a database "in use" (a server that started once claimed a job run). */
const BOOKKEEPING_TABLES = new Set(['job_runs']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A problem with a backup file or a restore target, in words a person can act on. */
export class BackupError extends Error {
  /** True when the input (the file) is at fault rather than the target database. */
  readonly badInput: boolean;
  constructor(message: string, badInput = true) {
    super(message);
    this.name = 'BackupError';
    this.badInput = badInput;
  }
}

export interface BackupInfo {
  kind: 'sqlite' | 'json';
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  legibleVersion: string;
  /** The dialect the backup was taken from. */
  source: DialectName;
  migrations: string[];
  /** Rows per table. */
  counts: Record<string, number>;
}

export interface BackupMeta {
  createdAt: string;
  legibleVersion: string;
}

function totalRows(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function describeCounts(counts: Record<string, number>): string {
  const tables = Object.keys(counts).length;
  const rows = totalRows(counts);
  return `${tables} table${tables === 1 ? '' : 's'}, ${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`;
}

function quote(name: string): string {
  if (!IDENTIFIER.test(name)) throw new BackupError(`"${name}" is not a table or column name Legible writes`);
  return `"${name}"`;
}

async function replaceFile(temp: string, destination: string): Promise<void> {
  await rename(temp, destination);
  try {
    // Make the rename itself durable.
    const fd = openSync(path.dirname(destination), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a folder; the file itself was synced.
  }
}

function tempName(destination: string): string {
  return path.join(
    path.dirname(destination),
    `.${path.basename(destination)}.partial-${process.pid}-${Date.now().toString(36)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// SQLite backup

/**
 * Copies a live SQLite database to `destination` (VACUUM INTO).
 * @throws BackupError when the source is missing or is not a Legible database
 */
export async function backupSqlite(
  source: string,
  destination: string,
  meta: BackupMeta,
): Promise<BackupInfo> {
  if (!existsSync(source))
    throw new BackupError(
      `no Legible database at ${source} (nothing to back up), and no backup was written: run this in the folder the server was started from, or point --database (or LEGIBLE_DATABASE_URL) at the server's database`,
    );
  const temp = tempName(destination);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const hasMigrations = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (!hasMigrations)
      throw new BackupError(
        `${source} has no Legible tables: nothing to back up (is it the right file? legible migrate creates them)`,
      );
    // One statement in one read transaction: a consistent snapshot, however busy the server is.
    // (The online backup API restarts whenever another connection writes between its steps, and
    // under a steady stream of writes it may never finish.)
    db.prepare('vacuum into ?').run(temp);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    const copy = new BetterSqlite3(temp);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok')
        throw new BackupError(`the copy failed SQLite's integrity check: ${String(check)}`, false);
      copy.exec(
        `create table ${META_TABLE} (format text not null, version integer not null, created_at text not null, legible_version text not null, source text not null)`,
      );
      copy
        .prepare(`insert into ${META_TABLE} values (?, ?, ?, ?, ?)`)
        .run(BACKUP_FORMAT, BACKUP_VERSION, meta.createdAt, meta.legibleVersion, 'sqlite');
      const info = readSqliteInfo(copy);
      copy.close();
      const fd = openSync(temp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      await replaceFile(temp, destination);
      return info;
    } finally {
      if (copy.open) copy.close();
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function sqliteTables(db: BetterSqlite3.Database): string[] {
  return (
    db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as Array<{ name: string }>
  )
    .map((r) => r.name)
    .filter((n) => !MIGRATION_TABLES.has(n) && n !== META_TABLE);
}

function readSqliteInfo(db: BetterSqlite3.Database): BackupInfo {
  const tables = new Set(
    (db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map(
      (r) => r.name,
    ),
  );
  if (!tables.has('kysely_migration'))
    throw new BackupError(
      'this SQLite file is not a Legible database or backup (it has no kysely_migration table)',
    );
  let meta:
    | { format: string; version: number; created_at: string; legible_version: string; source: string }
    | undefined;
  if (tables.has(META_TABLE)) {
    meta = db.prepare(`select * from ${META_TABLE}`).get() as typeof meta;
    if (!meta || meta.format !== BACKUP_FORMAT)
      throw new BackupError(`this SQLite file has a ${META_TABLE} table that Legible did not write`);
    if (meta.version > BACKUP_VERSION)
      throw new BackupError(
        `this backup is format version ${meta.version}, newer than this Legible reads (${BACKUP_VERSION}): upgrade Legible first`,
      );
  }
  const migrations = (
    db.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>
  ).map((r) => r.name);
  const counts: Record<string, number> = {};
  for (const t of sqliteTables(db))
    counts[t] = (db.prepare(`select count(*) as n from ${quote(t)}`).get() as { n: number }).n;
  return {
    kind: 'sqlite',
    format: BACKUP_FORMAT,
    version: meta?.version ?? BACKUP_VERSION,
    createdAt: meta?.created_at ?? '',
    legibleVersion: meta?.legible_version ?? 'unknown',
    source: 'sqlite',
    migrations,
    counts,
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL export

interface TableShape {
  name: string;
  columns: string[];
}

async function postgresTables(db: Kysely<Database>): Promise<TableShape[]> {
  const schema = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  const current = schema.rows[0]?.s ?? 'public';
  const rows = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = ${current} and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const r of rows.rows) {
    if (MIGRATION_TABLES.has(r.table_name) || r.table_name === META_TABLE) continue;
    byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
  }
  return [...byTable]
    .map(([name, columns]) => ({ name, columns }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function encodeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return { $base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function decodeValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$base64' in value)
    return Buffer.from(String((value as { $base64: unknown }).$base64), 'base64');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Exports every table of the current schema to a JSON document at `destination`, from one
 * snapshot. Rows are streamed through a cursor, so large tables are not held in memory.
 */
export async function backupPostgres(
  db: Kysely<Database>,
  destination: string,
  meta: BackupMeta,
): Promise<BackupInfo> {
  const temp = tempName(destination);
  const file = await open(temp, 'w');
  let info: BackupInfo;
  try {
    info = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const hasMigrations = await sql<{ n: number }>`
          select count(*)::int as n from information_schema.tables
          where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(trx);
        if (!hasMigrations.rows[0]?.n)
          throw new BackupError(
            'this database has no Legible tables: nothing to back up (check --database or LEGIBLE_DATABASE_URL)',
          );
        const migrations = (
          await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx)
        ).rows.map((r) => r.name);
        const tables = await postgresTables(trx);
        const head = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: meta.createdAt,
          legibleVersion: meta.legibleVersion,
          source: 'postgres',
          migrations,
        };
        await file.write(`${JSON.stringify(head).slice(0, -1)},\n"tables":[\n`);
        const counts: Record<string, number> = {};
        for (const [ti, table] of tables.entries()) {
          await file.write(
            `{"name":${JSON.stringify(table.name)},"columns":${JSON.stringify(table.columns)},"rows":[\n`,
          );
          const columns = table.columns.map(quote).join(', ');
          await sql
            .raw(
              `declare legible_backup_rows no scroll cursor for select ${columns} from ${quote(table.name)}`,
            )
            .execute(trx);
          let n = 0;
          for (;;) {
            const page = await sql
              .raw<Record<string, unknown>>('fetch forward 2000 from legible_backup_rows')
              .execute(trx);
            if (page.rows.length === 0) break;
            let chunk = '';
            for (const row of page.rows) {
              chunk += `${n === 0 ? '' : ',\n'}${JSON.stringify(table.columns.map((c) => encodeValue(row[c])))}`;
              n += 1;
            }
            await file.write(chunk);
          }
          await sql.raw('close legible_backup_rows').execute(trx);
          counts[table.name] = n;
          await file.write(`${n === 0 ? '' : '\n'}]}${ti === tables.length - 1 ? '' : ','}\n`);
        }
        await file.write(
          `],\n"summary":${JSON.stringify({ tables: tables.length, rows: totalRows(counts), counts })}}\n`,
        );
        return {
          kind: 'json' as const,
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: meta.createdAt,
          legibleVersion: meta.legibleVersion,
          source: 'postgres' as const,
          migrations,
          counts,
        };
      });
    await file.sync();
    await file.close();
    await replaceFile(temp, destination);
    return info;
  } catch (error) {
    await file.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a backup

export interface BackupTable {
  name: string;
  columns: string[];
  /** Rows as arrays in column order, in pages. */
  pages(size: number): Iterable<unknown[][]>;
}

export interface OpenedBackup {
  info: BackupInfo;
  tables: BackupTable[];
  close(): void;
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const n = readSync(fd, buffer, 0, 16, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function checkMigrations(migrations: string[]): void {
  if (migrations.length === 0)
    throw new BackupError(
      'the backup records no schema migrations: it is not a Legible backup, or it is damaged',
    );
  const known = new Set(Object.keys(MIGRATIONS));
  const unknown = migrations.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new BackupError(
      `the backup was made by a newer Legible (its schema has ${unknown.join(', ')}, which this version does not know): upgrade Legible, then restore`,
    );
  const expected = Object.keys(MIGRATIONS).slice(0, migrations.length);
  if (expected.join() !== [...migrations].sort().join())
    throw new BackupError(
      `the backup's schema history (${migrations.join(', ')}) does not match Legible's: it is damaged`,
    );
}

function openSqliteBackup(file: string, name: string): OpenedBackup {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    throw new BackupError(`cannot read ${name} as SQLite: ${(error as Error).message}`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`the backup file is damaged (SQLite quick_check: ${String(check)})`);
    const info = readSqliteInfo(db);
    checkMigrations(info.migrations);
    const tables: BackupTable[] = sqliteTables(db).map((name) => {
      const columns = (
        db.prepare(`select name from pragma_table_info(?) order by cid`).all(name) as Array<{ name: string }>
      ).map((r) => r.name);
      return {
        name,
        columns,
        *pages(size: number) {
          const statement = db
            .prepare(`select ${columns.map(quote).join(', ')} from ${quote(name)}`)
            .raw(true);
          let page: unknown[][] = [];
          for (const row of statement.iterate() as Iterable<unknown[]>) {
            page.push(row);
            if (page.length >= size) {
              yield page;
              page = [];
            }
          }
          if (page.length > 0) yield page;
        },
      };
    });
    return { info, tables, close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

interface JsonBackup {
  format: unknown;
  version: unknown;
  createdAt: unknown;
  legibleVersion: unknown;
  source: unknown;
  migrations: unknown;
  tables: unknown;
  summary: unknown;
}

async function openJsonBackup(location: string, file: string): Promise<OpenedBackup> {
  let doc: JsonBackup;
  try {
    doc = JSON.parse(await readFile(location, 'utf8')) as JsonBackup;
  } catch (error) {
    throw new BackupError(
      `${file} is not a complete JSON backup (${(error as Error).message}): it may have been cut short; use another backup`,
    );
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== BACKUP_FORMAT)
    throw new BackupError(`${file} is JSON but not a Legible backup (no "format": "${BACKUP_FORMAT}")`);
  if (typeof doc.version !== 'number' || doc.version < 1)
    throw new BackupError('the backup has no valid format version');
  if (doc.version > BACKUP_VERSION)
    throw new BackupError(
      `this backup is format version ${doc.version}, newer than this Legible reads (${BACKUP_VERSION}): upgrade Legible first`,
    );
  if (!Array.isArray(doc.migrations) || !doc.migrations.every((m) => typeof m === 'string'))
    throw new BackupError('the backup has no list of schema migrations');
  if (!Array.isArray(doc.tables)) throw new BackupError('the backup has no "tables" list');
  const counts: Record<string, number> = {};
  const tables: BackupTable[] = [];
  for (const [i, t] of (doc.tables as unknown[]).entries()) {
    const table = t as { name?: unknown; columns?: unknown; rows?: unknown };
    if (typeof table.name !== 'string' || !IDENTIFIER.test(table.name))
      throw new BackupError(`table ${i + 1} of the backup has no valid name`);
    const name = table.name;
    if (
      !Array.isArray(table.columns) ||
      table.columns.length === 0 ||
      !table.columns.every((c) => typeof c === 'string' && IDENTIFIER.test(c))
    )
      throw new BackupError(`table ${name} of the backup has no valid column list`);
    if (!Array.isArray(table.rows)) throw new BackupError(`table ${name} of the backup has no rows list`);
    const columns = table.columns as string[];
    const rows = table.rows as unknown[];
    for (const [ri, row] of rows.entries())
      if (!Array.isArray(row) || row.length !== columns.length)
        throw new BackupError(
          `row ${ri + 1} of table ${name} does not have ${columns.length} values: the backup is damaged`,
        );
    counts[name] = rows.length;
    tables.push({
      name,
      columns,
      *pages(size: number) {
        for (let at = 0; at < rows.length; at += size)
          yield (rows.slice(at, at + size) as unknown[][]).map((r) => r.map(decodeValue));
      },
    });
  }
  const summary = doc.summary as { rows?: unknown; counts?: Record<string, unknown> } | undefined;
  if (!summary || typeof summary.rows !== 'number')
    throw new BackupError(
      'the backup has no summary at its end: it was cut short or edited; use another backup',
    );
  if (summary.rows !== totalRows(counts))
    throw new BackupError(
      `the backup's summary says ${summary.rows} rows but it holds ${totalRows(counts)}: it is damaged`,
    );
  checkMigrations(doc.migrations as string[]);
  return {
    info: {
      kind: 'json',
      format: BACKUP_FORMAT,
      version: doc.version,
      createdAt: String(doc.createdAt ?? 'unknown'),
      legibleVersion: String(doc.legibleVersion ?? 'unknown'),
      source: doc.source === 'sqlite' ? 'sqlite' : 'postgres',
      migrations: doc.migrations as string[],
      counts,
    },
    tables,
    close: () => {},
  };
}

/**
 * Opens and validates a backup file (SQLite or JSON) before anything is written anywhere.
 * @throws BackupError naming what is wrong with the file
 */
export async function openBackup(location: string, name = location): Promise<OpenedBackup> {
  const file = name;
  let header: Buffer;
  try {
    header = readHeader(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(
      code === 'ENOENT'
        ? `no such file: ${file}`
        : code === 'EISDIR'
          ? `${file} is a folder, not a backup file`
          : code === 'EACCES'
            ? `cannot read ${file}: permission denied`
            : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  if (header.length === 0) throw new BackupError(`${file} is empty: it is not a backup`);
  if (header.toString('latin1') === 'SQLite format 3\u0000') return openSqliteBackup(location, name);
  const first = header.toString('utf8').trimStart()[0];
  if (first === '{') return openJsonBackup(location, name);
  throw new BackupError(
    `${file} is not a Legible backup: expected a SQLite file or a JSON export written by legible backup`,
  );
}

// ---------------------------------------------------------------------------------------------
// Restoring

/** What a SQLite column holds, from its declared type (SQLite's type affinity rules). */
type Affinity = 'integer' | 'text' | 'real' | 'numeric' | 'blob';

interface ColumnRule {
  affinity: Affinity;
  notNull: boolean;
}

interface TargetTable {
  name: string;
  columns: Set<string>;
  /** SQLite only: each column's declared type and nullability, to check values before inserting. */
  rules?: Map<string, ColumnRule>;
}

/** SQLite's rules for the affinity of a declared column type (https://sqlite.org/datatype3.html). */
function affinityOf(declared: string): Affinity {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'integer';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'text';
  if (type.includes('BLOB') || type === '') return 'blob';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'real';
  return 'numeric';
}

async function targetTables(db: Kysely<Database>, dialect: DialectName): Promise<TargetTable[]> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string; column: string; type: string; notnull: number; pk: number }>`
      select m.name as name, p.name as "column", p.type as type, p."notnull" as "notnull", p.pk as pk
      from sqlite_master m join pragma_table_info(m.name) p
      where m.type = 'table' and m.name not like 'sqlite_%'`.execute(db);
    const byTable = new Map<string, TargetTable>();
    for (const r of rows.rows) {
      if (MIGRATION_TABLES.has(r.name)) continue;
      let table = byTable.get(r.name);
      if (!table) {
        table = { name: r.name, columns: new Set(), rules: new Map() };
        byTable.set(r.name, table);
      }
      table.columns.add(r.column);
      // A primary key may not be null (SQLite lets a text key be null; PostgreSQL does not).
      table.rules!.set(r.column, {
        affinity: affinityOf(r.type ?? ''),
        notNull: Number(r.notnull) === 1 || Number(r.pk) > 0,
      });
    }
    return [...byTable.values()];
  }
  return (await postgresTables(db)).map((t) => ({ name: t.name, columns: new Set(t.columns) }));
}

/**
 * A backup's value that its column cannot hold (text in an integer column, an empty value in a
 * NOT NULL column). SQLite's type affinity would store it anyway, so a restore into SQLite checks
 * each value against its column's declared type first, as PostgreSQL does.
 */
export class RestoreValueError extends Error {
  readonly table: string;
  /** 1-based number of the row in the backup's table. */
  readonly rowNumber: number;
  readonly id: unknown;
  readonly column: string;
  readonly value: unknown;
  /** What is wrong, naming the column, the value and what the column holds. */
  readonly problem: string;
  constructor(details: {
    table: string;
    rowNumber: number;
    id: unknown;
    column: string;
    value: unknown;
    problem: string;
  }) {
    const id = details.id === undefined ? '' : ` (id ${showValue(details.id)})`;
    super(`table ${details.table}, row ${details.rowNumber}${id}: ${details.problem}`);
    this.name = 'RestoreValueError';
    this.table = details.table;
    this.rowNumber = details.rowNumber;
    this.id = details.id;
    this.column = details.column;
    this.value = details.value;
    this.problem = details.problem;
  }
}

/** A value of a backup as a person reads it in a message (long text cut short). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `binary data (${value.length} bytes)`;
  return String(value);
}

const HOLDS: Record<Exclude<Affinity, 'blob'>, string> = {
  integer: 'whole numbers',
  real: 'numbers',
  numeric: 'numbers',
  text: 'text',
};

/** What is wrong with `value` for a column, or null when the column can hold it. */
function valueProblem(column: string, rule: ColumnRule, value: unknown): string | null {
  if (value === null || value === undefined)
    return rule.notNull ? `${column} is null, but the column must have a value` : null;
  let fits: boolean;
  switch (rule.affinity) {
    case 'integer':
      fits = typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
      break;
    case 'real':
    case 'numeric':
      fits = typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
      break;
    case 'text':
      fits = typeof value === 'string';
      break;
    default:
      fits = true;
  }
  if (fits || rule.affinity === 'blob') return null;
  return `${column} is ${showValue(value)}, but the column holds ${HOLDS[rule.affinity]}`;
}

/** Checks a page of a backup's rows against the target's column rules (SQLite). */
function checkValues(
  table: string,
  columns: string[],
  rules: Map<string, ColumnRule>,
  page: unknown[][],
  firstRow: number,
): void {
  const idAt = columns.indexOf('id');
  for (const [index, row] of page.entries()) {
    for (const [at, column] of columns.entries()) {
      const rule = rules.get(column);
      if (!rule) continue;
      const value = row[at] ?? null;
      const problem = valueProblem(column, rule, value);
      if (problem)
        throw new RestoreValueError({
          table,
          rowNumber: firstRow + index,
          id: idAt >= 0 ? row[idAt] : undefined,
          column,
          value,
          problem,
        });
    }
  }
}

async function foreignKeys(
  db: Kysely<Database>,
  dialect: DialectName,
): Promise<Array<{ child: string; parent: string }>> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ child: string; parent: string }>`
      select m.name as child, f."table" as parent
      from sqlite_master m join pragma_foreign_key_list(m.name) f
      where m.type = 'table'`.execute(db);
    return rows.rows;
  }
  const rows = await sql<{ child: string; parent: string }>`
    select c1.relname as child, c2.relname as parent
    from pg_constraint k
    join pg_class c1 on c1.oid = k.conrelid
    join pg_class c2 on c2.oid = k.confrelid
    join pg_namespace n on n.oid = c1.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
  return rows.rows;
}

/** Tables with every table after the ones it references. */
function foreignKeyOrder(names: string[], edges: Array<{ child: string; parent: string }>): string[] {
  const parents = new Map<string, Set<string>>();
  for (const n of names) parents.set(n, new Set());
  for (const e of edges)
    if (e.child !== e.parent && parents.has(e.child) && parents.has(e.parent))
      parents.get(e.child)!.add(e.parent);
  const out: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (n: string) => {
    if (done.has(n)) return;
    if (visiting.has(n))
      throw new BackupError(`tables reference each other in a cycle (${n}): cannot order the restore`, false);
    visiting.add(n);
    for (const p of [...parents.get(n)!].sort()) visit(p);
    visiting.delete(n);
    done.add(n);
    out.push(n);
  };
  for (const n of [...names].sort()) visit(n);
  return out;
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/** Rows per table of a database (migration tables left out). */
export async function countRows(db: Kysely<Database>, dialect: DialectName): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await targetTables(db, dialect)) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.name)}`.execute(db);
    counts[t.name] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

async function migrateTo(db: Kysely<Database>, target: string | 'latest'): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } =
    target === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new BackupError(
      `migrating the target database${failed ? ` (${failed.migrationName})` : ''} failed: ${(error as Error).message ?? String(error)}`,
      false,
    );
  }
}

/** The highest team data version, 0 without teams, or null when the schema has no such column yet. */
async function highestDataVersion(db: Kysely<Database>, dialect: DialectName): Promise<number | null> {
  const teams = (await targetTables(db, dialect)).find((t) => t.name === 'teams');
  if (!teams?.columns.has('data_version')) return null;
  const row = await db
    .selectFrom('teams')
    .select((eb) => eb.fn.max('data_version').as('highest'))
    .executeTakeFirst();
  return Number(row?.highest ?? 0);
}

export interface RestoreResult {
  counts: Record<string, number>;
  /** True when existing data was replaced (--force). */
  replaced: boolean;
}

/**
 * The application_name of a restore's PostgreSQL sessions: `legible restore <pid>`, so that a
 * server starting meanwhile knows a restore runs, and a restore tells its own sessions (its pool's)
 * from another restore's, which it counts as connected like any other.
 */
export const RESTORE_APPLICATION_NAME = 'legible restore';

/** The application_name of this process's restore sessions. */
export function restoreApplicationName(pid = process.pid): string {
  return `${RESTORE_APPLICATION_NAME} ${pid}`;
}

/**
 * The PostgreSQL sessions of restores running on this database (other than this session). A role
 * without pg_read_all_stats sees another role's session's pid and application name, but not its
 * address or start (null then).
 */
export async function restoreSessions(
  db: Kysely<Database>,
): Promise<Array<{ pid: number; name: string; address: string | null; since: string | null }>> {
  const { rows } = await sql<{
    pid: number;
    name: string;
    address: string | null;
    since: Date | string | null;
  }>`
      select pid, application_name as name, host(client_addr) as address, backend_start as since
      from pg_stat_activity
      where datname = current_database()
        and pid <> pg_backend_pid()
        and (application_name = ${RESTORE_APPLICATION_NAME}
          or application_name like ${`${RESTORE_APPLICATION_NAME} %`})
      order by backend_start`.execute(db);
  return rows.map((r) => ({
    pid: Number(r.pid),
    name: r.name,
    address: r.address,
    since: r.since === null ? null : r.since instanceof Date ? r.since.toISOString() : String(r.since),
  }));
}

/** "PostgreSQL backend pid 4242 from 10.0.0.7, since 2026-12-04T10:00:00.000Z" */
export function describeRestoreSession(s: {
  pid: number;
  address: string | null;
  since: string | null;
}): string {
  return `PostgreSQL backend pid ${s.pid}${s.address ? ` from ${s.address}` : ''}${s.since ? `, since ${s.since}` : ''}`;
}

/**
 * Two restores into one database would interleave their deletes and inserts: refused, whatever
 * --even-if-connected says, while another restore's sessions are connected (this restore's own
 * pool shares this session's name).
 */
async function refuseWhileAnotherRestores(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`select current_setting('application_name') as name`.execute(
    db,
  );
  const others = (await restoreSessions(db)).filter((s) => s.name !== rows[0]?.name);
  if (others.length === 0) return;
  throw new BackupError(
    `another legible restore is replacing the data in this database (${others.map(describeRestoreSession).join('; ')}): wait until it has finished, then restore`,
    false,
  );
}

/**
 * A restore replaces the rows other sessions are reading and writing: a server taking check-ins
 * during it would have them acknowledged and then wiped. So a restore into a PostgreSQL database
 * other sessions are connected to (running servers, a psql) is refused, naming them. Sessions of
 * the restoring program itself share its application_name (`legible restore <pid>`) and are not
 * counted; another restore's are.
 */
async function refuseWhileOthersConnected(db: Kysely<Database>): Promise<void> {
  const { rows: others } = await sql<{ name: string; address: string | null; n: number | string }>`
      select application_name as name, host(client_addr) as address, count(*) as n
      from pg_stat_activity
      where datname = current_database()
        and pid <> pg_backend_pid()
        and coalesce(backend_type, 'client backend') = 'client backend'
        and application_name is distinct from current_setting('application_name')
      group by application_name, host(client_addr)
      order by count(*) desc`.execute(db);
  if (others.length === 0) return;
  const total = others.reduce((sum, o) => sum + Number(o.n), 0);
  const who = others
    .slice(0, 4)
    .map(
      (o) =>
        `${Number(o.n)} × ${o.name || 'a program without a name'}${o.address ? ` from ${o.address}` : ''}`,
    )
    .join(', ');
  throw new BackupError(
    `${total} other ${total === 1 ? 'session is' : 'sessions are'} connected to this database (${who}${others.length > 4 ? ', …' : ''}): stop the Legible servers using it (and close other sessions) before restoring, or what they write meanwhile is lost; --even-if-connected restores anyway (for sessions that write nothing, such as a monitoring agent)`,
    false,
  );
}

/**
 * Restores an opened backup into a database. Refuses a database that holds data unless `force`.
 * When the target's schema is already at the backup's version, deleting the old rows and inserting
 * the backup's happen in one transaction: a failure leaves the database as it was. Into SQLite,
 * each value is checked against its column's declared type before its batch is inserted (SQLite
 * would store text in an integer column), inside that transaction.
 * @throws BackupError (badInput false for problems with the target)
 * @throws RestoreValueError for a value its SQLite column cannot hold
 */
export async function restoreBackup(
  db: Kysely<Database>,
  dialect: DialectName,
  backup: OpenedBackup,
  options: { force: boolean; batchRows?: number; evenIfConnected?: boolean },
): Promise<RestoreResult> {
  if (dialect === 'postgres') await refuseWhileAnotherRestores(db);
  if (dialect === 'postgres' && !options.evenIfConnected) await refuseWhileOthersConnected(db);
  const before = await countRows(db, dialect);
  const inUse = Object.entries(before).filter(([t, n]) => n > 0 && !BOOKKEEPING_TABLES.has(t));
  if (inUse.length > 0 && !options.force) {
    const shown = inUse
      .slice(0, 3)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    throw new BackupError(
      `the database already holds data (${shown}${inUse.length > 3 ? ', …' : ''}): restore into an empty database, or pass --force to replace everything in it`,
      false,
    );
  }
  const backupLevel = backup.info.migrations[backup.info.migrations.length - 1]!;
  const applied = await appliedMigrations(db);
  const sameLevel =
    applied.length === backup.info.migrations.length && applied.join() === backup.info.migrations.join();
  const hasRows = Object.values(before).some((n) => n > 0);
  if (!sameLevel && inUse.length > 0)
    // An older backup goes in between migrating the database down and back up, steps that cannot
    // share one transaction with the rows: a failure half-way would leave the database empty.
    throw new BackupError(
      `this backup was taken at schema ${backupLevel}, and the database is at ${applied[applied.length - 1] ?? 'none'}: a backup from another schema is restored only into an empty database, so that nothing is lost if it fails. Restore it into a new file or database, then point the server at that`,
      false,
    );

  const clear = async (trx: Kysely<Database>) => {
    const tables = await targetTables(trx, dialect);
    const order = foreignKeyOrder(
      tables.map((t) => t.name),
      await foreignKeys(trx, dialect),
    );
    for (const name of [...order].reverse()) await sql`delete from ${sql.table(name)}`.execute(trx);
  };

  const insertAll = async (trx: Kysely<Database>) => {
    const tables = new Map((await targetTables(trx, dialect)).map((t) => [t.name, t]));
    for (const t of backup.tables) {
      const target = tables.get(t.name);
      if (!target)
        throw new BackupError(
          `the backup has a table ${t.name} that the database does not: the backup is damaged`,
        );
      const missing = t.columns.filter((c) => !target.columns.has(c));
      if (missing.length > 0)
        throw new BackupError(
          `the backup's table ${t.name} has columns the database does not (${missing.join(', ')})`,
        );
    }
    const byName = new Map(backup.tables.map((t) => [t.name, t]));
    const order = foreignKeyOrder([...byName.keys()], await foreignKeys(trx, dialect));
    // biome-ignore lint/suspicious/noExplicitAny: table names come from the backup, checked against the target.
    const anyDb = trx as unknown as Kysely<any>;
    for (const name of order) {
      const t = byName.get(name)!;
      const perBatch = options.batchRows ?? Math.max(1, Math.min(500, Math.floor(30_000 / t.columns.length)));
      // SQLite stores text in an integer column (type affinity): check values as PostgreSQL would.
      const rules = tables.get(name)?.rules;
      let seen = 0;
      for (const page of t.pages(perBatch)) {
        if (rules) checkValues(name, t.columns, rules, page, seen + 1);
        seen += page.length;
        const values = page.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i] ?? null])));
        await anyDb.insertInto(name).values(values).execute();
      }
    }
    // Checked before the transaction commits: a short count undoes the whole restore.
    const after = await countRows(trx, dialect);
    for (const [name, n] of Object.entries(backup.info.counts)) {
      if ((after[name] ?? 0) !== n)
        throw new BackupError(
          `restoring ${name} gave ${after[name] ?? 0} rows where the backup has ${n}; nothing was committed`,
          false,
        );
    }
  };

  // A running server trusts a cached team view while the team's data version is unchanged: the
  // restored teams' versions must be above any the database held before, or a write after the
  // restore could bring a team back to a version whose view a server still keeps.
  const previousVersions = hasRows ? await highestDataVersion(db, dialect) : null;
  const moveVersions = async (trx: Kysely<Database>) => {
    if (previousVersions === null || (await highestDataVersion(trx, dialect)) === null) return;
    await trx
      .updateTable('teams')
      .set((eb) => ({ data_version: eb('data_version', '+', previousVersions + 1) }))
      .execute();
  };
  if (sameLevel) {
    await db.transaction().execute(async (trx) => {
      if (hasRows) await clear(trx);
      await insertAll(trx);
      await moveVersions(trx);
    });
    await migrateTo(db, 'latest');
  } else {
    if (hasRows) await db.transaction().execute(clear);
    await migrateTo(db, backupLevel);
    await db.transaction().execute(insertAll);
    await migrateTo(db, 'latest');
    await db.transaction().execute(moveVersions);
  }
  return { counts: backup.info.counts, replaced: inUse.length > 0 };
}

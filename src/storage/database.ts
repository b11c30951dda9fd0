/**
 * Opening the database: the only file that knows about dialects. `sqlite:<path>` opens an
 * embedded SQLite file (WAL, foreign keys, busy timeout, synchronous=FULL so an acknowledged
 * commit survives a crash); `postgres://…` opens a pool on a PostgreSQL server.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { DomainError } from '../core/errors.js';
import { makeDirectory } from './make-directory.js';
import { preparedStatementName } from './prepared-query.js';
import type { Database } from './schema.js';

/**
 * How every pool's connections live: a server that cannot be reached (or that accepts and never
 * answers) fails the connection after 10 s instead of leaving the request, or the job runner,
 * waiting on the operating system's own timeout; TCP keep-alive notices a connection whose peer
 * vanished without closing it.
 */
export const CONNECTION_LIFE = { connectionTimeoutMillis: 10_000, keepAlive: true } as const;

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The URL with any password hidden, for logs. */
  description: string;
  /** The SQLite file path (for backups), or null on PostgreSQL. */
  sqlitePath: string | null;
  /**
   * A stamp that differs after any commit to the database: at once for this process's own
   * commits, within OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS for another process's (SQLite's change
   * count and data_version), read in about a microsecond without touching a table. What the
   * database held when a stamp was read still holds while the stamp is unchanged. Null on
   * PostgreSQL, which has no such cheap stamp (several servers share it: every read asks it).
   */
  changeStamp: (() => string) | null;
  close(): Promise<void>;
}

// Counts and sums come back as int8; they fit in a JS number here.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** Reads a database URL into its parts, or throws a DomainError that says how to write one. */
export function parseDatabaseUrl(
  url: string,
  cwd = process.cwd(),
): { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string } {
  const trimmed = url.trim();
  if (/^postgres(?:ql)?:\/\//i.test(trimmed)) return { dialect: 'postgres', url: trimmed };
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(trimmed);
  if (m) {
    const file = m[1]!;
    return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  throw new DomainError(
    'validation_failed',
    `database URL "${url}" is not one Legible reads: use sqlite:./data/legible.db or postgres://user@host:5432/db`,
  );
}

/** Hides the password in a PostgreSQL URL. */
export function describeUrl(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

export interface OpenOptions {
  cwd?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * What PostgreSQL shows for these connections (pg_stat_activity.application_name), so a restore
   * can tell a running server's connections from its own and a starting server can see a restore:
   * a command that names itself here keeps that name even if the URL names another (node-postgres
   * lets the URL's win otherwise). Without one: the URL's name, or "legible".
   */
  applicationName?: string;
}

/** Opens a SQLite file with the pragmas Legible relies on. */
export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') makeDirectory(path.dirname(file), `the SQLite database ${file}`);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  // The write queue runs each write of a batch in its own savepoint, and SQLite keeps the pages a
  // savepoint changes in a statement journal: a temporary file by default, written page by page.
  // In memory instead (it lives only until the savepoint ends; durability is the WAL's), a check-in
  // batch's inserts cost about a third less.
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

/**
 * Keeps prepared statements by their SQL: Kysely asks SQLite to prepare every query again, which
 * costs more than running most of them. Kysely runs one query at a time on the connection, so a
 * statement is never used twice at once. Bounded; the least recently used are dropped.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, max = 500): BetterSqlite3.Database {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max });
  const prepare = (source: string): BetterSqlite3.Statement => {
    let stmt = statements.get(source);
    if (!stmt) {
      stmt = sqlite.prepare(source);
      statements.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** How soon a commit by another process (a CLI tool, a restore) moves this process's change stamp. */
export const OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS = 100;

/**
 * SQLite's change stamp. `total_changes()` counts this connection's own inserts, updates and
 * deletes, and costs well under a microsecond (a rolled-back change still counts: a needless
 * re-read, never a stale one). `data_version` moves when another connection or process commits;
 * reading it opens a read transaction (locks on the WAL index, several microseconds), so it is
 * read again only every OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS. The stamp is read synchronously,
 * outside Kysely's connection lock: a stamp read while a transaction is open is only ever older
 * than what a read queued behind that transaction sees, which errs on the side of reading again.
 */
export function sqliteChangeStamp(
  sqlite: BetterSqlite3.Database,
  pollMs = OTHER_PROCESS_COMMITS_SEEN_WITHIN_MS,
): () => string {
  const ownChanges = sqlite.prepare('select total_changes()').pluck() as BetterSqlite3.Statement<[], number>;
  const dataVersion = sqlite.prepare('pragma data_version').pluck() as BetterSqlite3.Statement<[], number>;
  let version = dataVersion.get()!;
  let checkedAt = performance.now();
  return () => {
    const now = performance.now();
    // Inside a transaction the connection sees its own snapshot: a poll then could miss a commit.
    if ((now - checkedAt >= pollMs || now < checkedAt) && !sqlite.inTransaction) {
      version = dataVersion.get()!;
      checkedAt = now;
    }
    return `${version}.${ownChanges.get()!}`;
  };
}

/**
 * A pg client that runs the prepared queries (src/storage/prepared-query.ts) as named statements:
 * PostgreSQL parses and plans each once per connection. Everything else runs as Kysely sends it.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this forwards them all.
  override query(...args: any[]): any {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string') {
      const name = preparedStatementName(text);
      if (name) return super.query({ name, text, values });
    }
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    return (super.query as (...a: any[]) => any)(...args);
  }
}

/**
 * SQLite transactions take the write lock when they begin (BEGIN IMMEDIATE). With a plain BEGIN a
 * transaction that reads first holds only a snapshot, and if another process (a CLI tool) commits
 * before its first write, that write fails with SQLITE_BUSY_SNAPSHOT and the whole group-commit
 * batch with it. Taken at BEGIN, the lock makes the other process wait its busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
/**
 * SQLite's schema changes are transactional, but Kysely's SQLite adapter says they are not, so its
 * migrator ran each statement on its own: a migration that failed half way (a full disk, a stop
 * during start-up) left its first statements applied, and every later start failed on them
 * ("duplicate column name"). Said so, the migrator runs the pending migrations in one
 * transaction (BEGIN IMMEDIATE, which also makes a second server starting at once wait for the
 * first's migrations instead of running them beside it), as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Opens the database a URL names. */
export function createDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  const parsed = parseDatabaseUrl(url, options.cwd);
  if (parsed.dialect === 'sqlite') {
    const sqlite = openSqlite(parsed.file);
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
    });
    return {
      db,
      dialect: 'sqlite',
      description: `sqlite:${parsed.file}`,
      sqlitePath: parsed.file === ':memory:' ? null : parsed.file,
      changeStamp: sqliteChangeStamp(sqlite),
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({
    ...connectionConfig(parsed.url, options.applicationName),
    max: options.poolSize ?? 10,
    Client: PreparingClient,
    ...CONNECTION_LIFE,
  });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor one checked out between two queries of a request or transaction when PostgreSQL ends its
  // connection (a restart, a failover, pg_terminate_backend: 57P01): the pool listens only while a
  // client is idle, and an 'error' event nobody listens to ends the process. The query in flight,
  // or the next one, fails and the request is answered 503; the pool drops the broken client.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const dialect: Dialect = new PostgresDialect({ pool });
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'postgres',
    description: describeUrl(parsed.url),
    sqlitePath: null,
    changeStamp: null,
    close: () => db.destroy(),
  };
}

/**
 * A node-postgres pool configured as the server's own (connectionConfig: every URL form
 * node-postgres reads, sessions named "legible" unless the URL names them; CONNECTION_LIFE), for
 * a library that takes a pool rather than a URL: graphile-worker. Its owner ends it.
 */
export function plainPostgresPool(url: string): pg.Pool {
  return new pg.Pool({ ...connectionConfig(url), ...CONNECTION_LIFE });
}

/**
 * A pool's connection settings for a PostgreSQL URL: the URL, and the application name "legible"
 * unless the URL names one. A command that names itself (`applicationName`) keeps its name even
 * when the URL names another: node-postgres lets the URL's win over the option, so the URL is
 * parsed here as node-postgres parses it (any form it reads, such as a socket folder in `host=`)
 * and the name set after.
 */
export function connectionConfig(url: string, applicationName?: string): pg.PoolConfig {
  if (applicationName === undefined) return { connectionString: url, application_name: 'legible' };
  return { ...(parseConnectionString(url) as pg.PoolConfig), application_name: applicationName };
}

/**
 * Reading a SQLite file a test's processes wrote, beside whatever has it open.
 */
import BetterSqlite3 from 'better-sqlite3';

/** The users' emails in a SQLite file, in order. */
export function emailsIn(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select email from users order by email').all() as Array<{ email: string }>).map(
      (r) => r.email,
    );
  } finally {
    db.close();
  }
}

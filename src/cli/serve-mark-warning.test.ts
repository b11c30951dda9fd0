/**
 * `legible serve` as a real process on a SQLite file whose folder it may not write: it cannot
 * write the mark that tells `legible restore` it uses the file (`<file>.server-<host>-<pid>.json`,
 * see sqlite-server-marks.ts), so it warns on stderr that restore will not know about it, and
 * serves anyway: reads and writes work, and no mark (nor its temporary file) is left.
 */
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runCliProcess, startCliProcess, tempProject } from '../../test/helpers/cli.js';
import { emailsIn } from '../../test/helpers/sqlite-file.js';

describe('legible serve when it cannot mark its SQLite file as in use', () => {
  // The server runs as user nobody, who may write the database but not its folder. Only root can
  // start a process as another user: run as anyone else, `unprivileged` runs the server as that
  // same user, who owns the folder and may write the mark, so there is nothing to show.
  it.skipIf(process.getuid?.() !== 0)(
    'warns on stderr that restore will not know about it, and keeps serving reads and writes',
    async () => {
      // Root's, open to all but writable only by root: nobody can create the mark (or its temporary file) here.
      const cwd = tempProject();
      chmodSync(cwd, 0o755);
      const file = path.join(cwd, 'legible.db');
      const migrated = await runCliProcess(['migrate', '--database', `sqlite:${file}`], { cwd });
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
      // The file stays in WAL mode, but closing its last connection removed the -wal and -shm
      // files, which nobody could not create again in this folder. SQLite takes empty ones as a
      // WAL with nothing in it and an index to rebuild.
      writeFileSync(`${file}-wal`, '');
      writeFileSync(`${file}-shm`, '');
      for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o666);
      const before = readdirSync(cwd).sort();
      expect(before).toEqual(['legible.db', 'legible.db-shm', 'legible.db-wal']);

      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const server = await startCliProcess(
        ['serve', '--port', String(port), '--host', '127.0.0.1', '--no-jobs', '--database', `sqlite:${file}`],
        { cwd, until: 'API docs', unprivileged: true, timeoutMs: 90_000 },
      );
      try {
        expect(server.output()).toContain(
          `warning: cannot mark ${file} as in use by this server (EACCES): legible restore will not know this server uses it, so stop the server before restoring\n`,
        );
        expect((await fetch(`${url}/healthz`)).status).toBe(200);

        const setup = await fetch(`${url}/api/v1/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ada@example.com', name: 'Ada', password: 'a long enough password' }),
        });
        expect(setup.status).toBe(201);
        expect(emailsIn(file)).toEqual(['ada@example.com']);

        // No mark, and no temporary file of one.
        expect(readdirSync(cwd).sort()).toEqual(before);
      } finally {
        await server.stop();
      }
    },
    120_000,
  );
});

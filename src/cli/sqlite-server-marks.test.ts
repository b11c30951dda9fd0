import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../../test/helpers/cli.js';
import {
  classifyServerMarks,
  type FoundMark,
  findServerMarks,
  markFileFor,
  markSqliteInUse,
  refusalForServers,
  type ServerMark,
} from './sqlite-server-marks.js';

const mark = (overrides: Partial<ServerMark> = {}): ServerMark => ({
  pid: 4242,
  hostname: 'build-7',
  url: 'http://localhost:4100',
  startedAt: '2026-11-25T10:00:00.000Z',
  legibleVersion: '0.1.0',
  ...overrides,
});

const found = (m: ServerMark | null, file = '/srv/legible.db.server-x.json'): FoundMark => ({
  file,
  mark: m,
});

describe('classifyServerMarks', () => {
  const cases: Array<{ name: string; mark: ServerMark | null; running: boolean; is: string }> = [
    { name: 'this host, process runs', mark: mark(), running: true, is: 'running' },
    { name: 'this host, process gone (SIGKILL)', mark: mark(), running: false, is: 'stale' },
    {
      name: 'another host, whatever runs here',
      mark: mark({ hostname: 'web-2' }),
      running: false,
      is: 'unknown',
    },
    { name: 'a mark that cannot be read', mark: null, running: false, is: 'unknown' },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.is}`, () => {
      const asked: number[] = [];
      const out = classifyServerMarks([found(c.mark)], {
        hostname: 'build-7',
        isRunning: (pid) => {
          asked.push(pid);
          return c.running;
        },
      });
      expect(Object.entries(out).find(([, list]) => list.length === 1)?.[0]).toBe(c.is);
      // Another machine's pid means nothing here: it is never looked up.
      if (c.mark?.hostname !== 'build-7') expect(asked).toEqual([]);
    });
  }
});

describe('refusalForServers', () => {
  it('is null when no server may be using the file (stale marks do not count)', () => {
    expect(
      refusalForServers('/srv/legible.db', { running: [], unknown: [], stale: [found(mark())] }, 'build-7'),
    ).toBeNull();
  });

  it('names one running server and the way out', () => {
    expect(
      refusalForServers('/srv/legible.db', { running: [found(mark())], unknown: [], stale: [] }, 'build-7'),
    ).toBe(
      'a Legible server is using the SQLite file /srv/legible.db (pid 4242 on build-7 at http://localhost:4100, since 2026-11-25T10:00:00.000Z): stop it before restoring, or what it writes meanwhile is lost; --even-if-connected restores anyway',
    );
  });

  it('names every server, says which marks cannot be checked here, and one that has not listened yet says so', () => {
    expect(
      refusalForServers(
        '/srv/legible.db',
        {
          running: [found(mark({ url: null }))],
          unknown: [found(mark({ pid: 77, hostname: 'web-2' }), '/srv/legible.db.server-web-2-77.json')],
          stale: [],
        },
        'build-7',
      ),
    ).toBe(
      '2 Legible servers are using the SQLite file /srv/legible.db (pid 4242 on build-7 (starting), since 2026-11-25T10:00:00.000Z; pid 77 on web-2 at http://localhost:4100, since 2026-11-25T10:00:00.000Z): stop them before restoring, or what they write meanwhile is lost; the mark /srv/legible.db.server-web-2-77.json cannot be checked from this machine (build-7): delete it if that server has stopped; --even-if-connected restores anyway',
    );
  });
});

describe('markSqliteInUse and findServerMarks', () => {
  it('writes one mark per process next to the database, rewrites it, and removes it on release', () => {
    const dir = tempProject();
    const database = path.join(dir, 'legible.db');
    const a = markSqliteInUse(database, mark({ url: null }));
    const b = markSqliteInUse(database, mark({ pid: 4243 }));
    expect(a.file).toBe(markFileFor(database, 'build-7', 4242));
    a.update({ url: 'http://localhost:4101' });
    expect(findServerMarks(database)).toEqual([
      { file: a.file, mark: mark({ url: 'http://localhost:4101' }) },
      { file: b.file, mark: mark({ pid: 4243 }) },
    ]);
    // No temporary file is left behind by the atomic writes.
    expect(readdirSync(dir).sort()).toEqual([path.basename(a.file), path.basename(b.file)]);
    a.release();
    a.release();
    expect(findServerMarks(database).map((f) => f.file)).toEqual([b.file]);
    b.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("ignores other databases' marks and files that are not marks, and reads a broken mark as null", () => {
    const dir = tempProject();
    const database = path.join(dir, 'legible.db');
    writeFileSync(path.join(dir, 'other.db.server-build-7-1.json'), JSON.stringify(mark()));
    writeFileSync(`${database}.server-build-7-2.json.ab12.tmp`, '{');
    writeFileSync(`${database}-wal`, '');
    writeFileSync(`${database}.server-build-7-3.json`, 'not json');
    expect(findServerMarks(database)).toEqual([{ file: `${database}.server-build-7-3.json`, mark: null }]);
  });

  it('finds nothing for a database whose folder does not exist', () => {
    expect(findServerMarks(path.join(tempProject(), 'missing', 'legible.db'))).toEqual([]);
  });

  it('throws when the mark cannot be written, leaving nothing behind', () => {
    const dir = tempProject();
    const database = path.join(dir, 'legible.db');
    // A folder where the mark would go: the rename onto it fails.
    mkdirSync(markFileFor(database, 'build-7', 4242));
    writeFileSync(path.join(markFileFor(database, 'build-7', 4242), 'x'), '');
    expect(() => markSqliteInUse(database, mark())).toThrow();
    expect(readdirSync(dir)).toEqual([path.basename(markFileFor(database, 'build-7', 4242))]);
    expect(readFileSync(path.join(markFileFor(database, 'build-7', 4242), 'x'), 'utf8')).toBe('');
  });
});

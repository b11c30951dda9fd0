import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../../test/helpers/cli.js';
import {
  classifyServerMarks,
  type FoundMark,
  findServerMarks,
  isProcessRunning,
  type MarkContext,
  markFileFor,
  markSqliteInUse,
  processStartTime,
  realDatabasePath,
  refusalForOtherRestores,
  refusalForRestores,
  refusalForServers,
  type ServerMark,
  thisBootId,
  thisHostname,
  thisPidNamespace,
  thisProcessIdentity,
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

describe('classifyServerMarks with boot id, pid namespace and start time', () => {
  const here: MarkContext = {
    hostname: 'build-7',
    isRunning: () => true,
    bootId: 'boot-a',
    pidNamespace: 'pid:[4026531836]',
    startTimeOf: () => 1000,
  };
  const same = { bootId: 'boot-a', pidNamespace: 'pid:[4026531836]', processStartTime: 1000 };
  const cases: Array<{
    name: string;
    mark: ServerMark;
    context?: Partial<MarkContext>;
    is: string;
    checked: boolean;
  }> = [
    {
      name: 'another boot id under the same host name (a cloned VM), whatever runs here',
      mark: mark({ ...same, bootId: 'boot-b' }),
      context: { isRunning: () => false },
      is: 'unknown',
      checked: false,
    },
    {
      name: 'another pid namespace under the same host name (a container with the host network)',
      mark: mark({ ...same, pidNamespace: 'pid:[4026532000]' }),
      context: { isRunning: () => false },
      is: 'unknown',
      checked: false,
    },
    {
      name: 'a boot id this machine cannot read to compare',
      mark: mark(same),
      context: { bootId: null },
      is: 'unknown',
      checked: false,
    },
    {
      name: 'a pid namespace this process cannot read to compare',
      mark: mark(same),
      context: { pidNamespace: null },
      is: 'unknown',
      checked: false,
    },
    {
      name: 'same boot and namespace, process gone',
      mark: mark(same),
      context: { isRunning: () => false },
      is: 'stale',
      checked: true,
    },
    {
      name: 'same boot and namespace, the pid runs but started at another time (reused)',
      mark: mark(same),
      context: { startTimeOf: () => 2000 },
      is: 'stale',
      checked: true,
    },
    {
      name: 'same boot and namespace, the pid runs and started when the mark says',
      mark: mark(same),
      is: 'running',
      checked: true,
    },
    {
      name: 'the pid runs and its start time cannot be read here',
      mark: mark(same),
      context: { startTimeOf: () => null },
      is: 'running',
      checked: true,
    },
    {
      name: 'a mark without them (an older Legible, or no /proc), the pid runs',
      mark: mark(),
      context: { startTimeOf: () => 2000 },
      is: 'running',
      checked: true,
    },
    {
      name: 'a mark without them, and nothing readable here either, the pid gone',
      mark: mark(),
      context: { bootId: null, pidNamespace: null, startTimeOf: () => null, isRunning: () => false },
      is: 'stale',
      checked: true,
    },
    {
      name: 'the same boot id and namespace under another host name',
      mark: mark({ ...same, hostname: 'web-2' }),
      is: 'unknown',
      checked: false,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.is}`, () => {
      const asked: number[] = [];
      const context = { ...here, ...c.context };
      const out = classifyServerMarks([found(c.mark)], {
        ...context,
        isRunning: (pid) => {
          asked.push(pid);
          return context.isRunning(pid);
        },
        startTimeOf: (pid) => {
          asked.push(pid);
          return context.startTimeOf!(pid);
        },
      });
      expect(Object.entries(out).find(([, list]) => list.length === 1)?.[0]).toBe(c.is);
      // A pid from another machine or namespace means nothing here: it is never looked up.
      if (!c.checked) expect(asked).toEqual([]);
      else expect(asked.length).toBeGreaterThan(0);
    });
  }
});

describe.skipIf(!existsSync('/proc/self/stat'))('this process, as Linux tells it', () => {
  it('reads the boot id, pid namespace and start time, and a mark records them', () => {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    expect(thisBootId()).toBe(bootId);
    expect(thisPidNamespace()).toMatch(/^pid:\[\d+\]$/);
    // Field 22 of /proc/self/stat, the 20th after the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const startTime = Number(/\) (?:\S+ ){19}(\d+) /.exec(stat)?.[1]);
    expect(processStartTime(process.pid)).toBe(startTime);
    expect(thisProcessIdentity()).toEqual({
      bootId,
      pidNamespace: thisPidNamespace(),
      processStartTime: startTime,
    });
  });

  it('a process that has exited has no start time', () => {
    const { pid } = spawnSync(process.execPath, ['-e', '0']);
    expect(processStartTime(pid)).toBeNull();
  });

  it("as a restore checks marks (this machine's own values): this process's mark runs; with another start time, another boot id, or a gone pid, not", () => {
    const own = mark({ pid: process.pid, hostname: thisHostname(), ...thisProcessIdentity() });
    const classify = (m: ServerMark) => {
      const out = classifyServerMarks([found(m)], { hostname: thisHostname(), isRunning: isProcessRunning });
      return Object.entries(out).find(([, list]) => list.length === 1)?.[0];
    };
    expect(classify(own)).toBe('running');
    expect(classify({ ...own, processStartTime: own.processStartTime! + 1 })).toBe('stale');
    expect(classify({ ...own, bootId: 'another-boot' })).toBe('unknown');
    expect(classify({ ...own, pid: spawnSync(process.execPath, ['-e', '0']).pid })).toBe('stale');
  });
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

/** A restore's mark: it serves no URL. */
const restoring = (overrides: Partial<ServerMark> = {}) => mark({ url: null, ...overrides });

describe('refusalForRestores (a server starting on a file a restore is replacing)', () => {
  it('is null when no restore runs (stale marks do not count)', () => {
    expect(
      refusalForRestores(
        '/srv/legible.db',
        { running: [], unknown: [], stale: [found(restoring())] },
        'build-7',
      ),
    ).toBeNull();
  });

  it('names the restore and says to start once it has finished', () => {
    expect(
      refusalForRestores(
        '/srv/legible.db',
        { running: [found(restoring())], unknown: [], stale: [] },
        'build-7',
      ),
    ).toBe(
      'legible restore is replacing the data in the SQLite file /srv/legible.db (pid 4242 on build-7, since 2026-11-25T10:00:00.000Z): start the server once it has finished, or it would migrate and write under it',
    );
  });

  it("names every restore, and which marks cannot be checked from here (another machine's)", () => {
    expect(
      refusalForRestores(
        '/srv/legible.db',
        {
          running: [found(restoring())],
          unknown: [
            found(restoring({ pid: 77, hostname: 'web-2' }), '/srv/legible.db.restore-web-2-77.json'),
          ],
          stale: [],
        },
        'build-7',
      ),
    ).toBe(
      '2 restores are replacing the data in the SQLite file /srv/legible.db (pid 4242 on build-7, since 2026-11-25T10:00:00.000Z; pid 77 on web-2, since 2026-11-25T10:00:00.000Z): start the server once they have finished, or it would migrate and write under them; the mark /srv/legible.db.restore-web-2-77.json cannot be checked from this machine (build-7): delete it if that restore has ended',
    );
  });
});

describe('refusalForOtherRestores (a restore while another replaces the same file)', () => {
  it('says nothing when no other restore runs', () => {
    expect(
      refusalForOtherRestores(
        '/srv/legible.db',
        { running: [], unknown: [], stale: [found(restoring())] },
        'build-7',
      ),
    ).toBeNull();
  });

  it("names every other restore, and which marks cannot be checked from here, as the server's refusal does", () => {
    expect(
      refusalForOtherRestores(
        '/srv/legible.db',
        {
          running: [found(restoring())],
          unknown: [
            found(restoring({ pid: 77, hostname: 'web-2' }), '/srv/legible.db.restore-web-2-77.json'),
          ],
          stale: [],
        },
        'build-7',
      ),
    ).toBe(
      'another legible restore is replacing the data in the SQLite file /srv/legible.db (pid 4242 on build-7, since 2026-11-25T10:00:00.000Z; pid 77 on web-2, since 2026-11-25T10:00:00.000Z): wait until it has finished, then restore; the mark /srv/legible.db.restore-web-2-77.json cannot be checked from this machine (build-7): delete it if that restore has ended',
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
      { file: a.file, mark: mark({ url: 'http://localhost:4101', database }) },
      { file: b.file, mark: mark({ pid: 4243, database }) },
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

  it('through a symbolic link to the folder or to the file: the mark goes next to the real file, records its real path, and every path finds it', () => {
    const dir = tempProject();
    mkdirSync(path.join(dir, 'real'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'folder-link'));
    const database = path.join(dir, 'real', 'legible.db');
    writeFileSync(database, '');
    symlinkSync(database, path.join(dir, 'file-link.db'));
    // A relative link, through the linked folder.
    symlinkSync(path.join('folder-link', 'legible.db'), path.join(dir, 'relative-link.db'));
    const paths = [
      database,
      path.join(dir, 'folder-link', 'legible.db'),
      path.join(dir, 'file-link.db'),
      path.join(dir, 'relative-link.db'),
      path.join(dir, 'folder-link', '..', 'real', 'legible.db'),
    ];
    for (const via of paths) {
      const held = markSqliteInUse(via, mark());
      expect(held.file).toBe(markFileFor(database, 'build-7', 4242));
      for (const other of paths)
        expect(findServerMarks(other), `marked via ${via}, found via ${other}`).toEqual([
          { file: held.file, mark: mark({ database }) },
        ]);
      held.release();
      for (const other of paths) expect(findServerMarks(other)).toEqual([]);
    }
    expect(readdirSync(path.join(dir, 'real'))).toEqual(['legible.db']);
  });

  it('resolves the real path of a file that does not exist yet (in a linked folder, a folder to come, or where a dangling link points)', () => {
    const dir = tempProject();
    mkdirSync(path.join(dir, 'real'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    symlinkSync(path.join(dir, 'real', 'later.db'), path.join(dir, 'dangling.db'));
    expect(realDatabasePath(path.join(dir, 'link', 'new.db'))).toBe(path.join(dir, 'real', 'new.db'));
    expect(realDatabasePath(path.join(dir, 'link', 'a', 'b', 'new.db'))).toBe(
      path.join(dir, 'real', 'a', 'b', 'new.db'),
    );
    expect(realDatabasePath(path.join(dir, 'dangling.db'))).toBe(path.join(dir, 'real', 'later.db'));
    const held = markSqliteInUse(path.join(dir, 'link', 'new.db'), mark());
    expect(findServerMarks(path.join(dir, 'real', 'new.db')).map((f) => f.file)).toEqual([held.file]);
    held.release();
  });

  it("does not take the marks of a database whose name starts with this one's and .server- for its own", () => {
    const dir = tempProject();
    const database = path.join(dir, 'legible.db');
    const lookalike = path.join(dir, 'legible.db.server-x.db');
    const theirs = markSqliteInUse(lookalike, mark({ pid: 77 }));
    // As an earlier Legible wrote it: no path recorded.
    const old = `${lookalike}.server-build-7-78.json`;
    writeFileSync(old, JSON.stringify(mark({ pid: 78 })));
    expect(findServerMarks(database)).toEqual([]);
    const ours = markSqliteInUse(database, mark());
    expect(findServerMarks(database)).toEqual([{ file: ours.file, mark: mark({ database }) }]);
    expect(findServerMarks(lookalike)).toEqual([
      { file: theirs.file, mark: mark({ pid: 77, database: lookalike }) },
      { file: old, mark: mark({ pid: 78 }) },
    ]);
    ours.release();
    theirs.release();
  });

  it("keeps servers' and restores' marks apart: each kind is found only as itself", () => {
    const dir = tempProject();
    const database = path.join(dir, 'legible.db');
    const server = markSqliteInUse(database, mark());
    const restore = markSqliteInUse(database, mark({ pid: 5151, url: null }), 'restore');
    expect(restore.file).toBe(`${database}.restore-build-7-5151.json`);
    expect(restore.file).toBe(markFileFor(database, 'build-7', 5151, 'restore'));
    expect(findServerMarks(database)).toEqual([{ file: server.file, mark: mark({ database }) }]);
    expect(findServerMarks(database, 'restore')).toEqual([
      { file: restore.file, mark: mark({ pid: 5151, url: null, database }) },
    ]);
    // A restore's mark under a server's name (or the reverse) is not taken for one.
    writeFileSync(`${database}.restore-build-7-6.json`, JSON.stringify(mark({ pid: 7 })));
    expect(findServerMarks(database, 'restore').map((f) => f.mark?.pid)).toEqual([5151]);
    restore.release();
    server.release();
    expect(findServerMarks(database, 'restore')).toEqual([]);
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

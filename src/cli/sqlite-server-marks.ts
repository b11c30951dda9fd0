/**
 * Marks that a `legible serve` process is using a SQLite file, so that `legible restore` can
 * refuse to replace the rows under it (PostgreSQL lists its sessions; a SQLite file cannot tell
 * who has it open). Each server process writes its own mark next to the database's real file
 * (symbolic links resolved, so every path to the file finds it), `<file>.server-<host>-<pid>.json`
 * (several servers may share one file), and removes it when it stops. A server killed with
 * SIGKILL leaves its mark behind: a mark whose process no longer runs on this machine is stale; a
 * mark from another machine (a shared folder) cannot be checked. The same host name is not
 * enough to call a mark this machine's (a container with the host's network, a cloned VM): where
 * Linux tells them, a mark also records the boot id and pid namespace, and the process's start
 * time so that a pid reused by another process is not taken for the server.
 *
 * `legible restore` marks the file the same way while it runs (`<file>.restore-<host>-<pid>.json`),
 * so that a server starting meanwhile refuses instead of migrating or writing under it. Each side
 * writes its own mark before it looks for the other's, so of a server and a restore starting
 * together at least one sees the other.
 */
import { randomBytes } from 'node:crypto';
import {
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a mark says about the server that wrote it. */
export interface ServerMark {
  pid: number;
  hostname: string;
  /** Where the server answers; null while it is starting (before it listens). */
  url: string | null;
  /** ISO time the server started. */
  startedAt: string;
  legibleVersion: string;
  /** The database's real path (symbolic links resolved) when the mark was written; older marks lack it. */
  database?: string;
  /** The machine's boot id (Linux: /proc/sys/kernel/random/boot_id); absent where it cannot be read. */
  bootId?: string;
  /** The server's pid namespace (Linux: "pid:[4026531836]"); absent where it cannot be read. */
  pidNamespace?: string;
  /** When the server's process started, in clock ticks after boot (Linux: /proc/<pid>/stat); absent where it cannot be read. */
  processStartTime?: number;
}

/** A mark found next to a database: the file, and what it says (null when it cannot be read as one). */
export interface FoundMark {
  file: string;
  mark: ServerMark | null;
}

/** A mark written by this process: rewritten by `update`, removed by `release` (or when the process exits). */
export interface HeldMark {
  file: string;
  update(changes: Partial<ServerMark>): void;
  release(): void;
}

/**
 * The signals that stop a process holding a mark, and the exit code of a process they end at once
 * (128 + the number). Node's default for them ends the process without its exit hooks, leaving
 * the mark: a holder listens for them.
 */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** Who wrote a mark: a `legible serve` process, or a `legible restore` while it runs. */
export type MarkKind = 'server' | 'restore';

const MARK_INFIX: Record<MarkKind, string> = { server: '.server-', restore: '.restore-' };
const MARK_SUFFIX = '.json';

/** This machine's name, as marks record it. */
export function thisHostname(): string {
  return os.hostname();
}

/** This boot of this machine (a fresh id at each boot; another for each VM), or null where it cannot be read. */
export function thisBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** This process's pid namespace ("pid:[4026531836]"), or null where it cannot be read. */
export function thisPidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid') || null;
  } catch {
    return null;
  }
}

/**
 * When the process `pid` started, in clock ticks after boot (field 22 of /proc/<pid>/stat), or
 * null where it cannot be read (no /proc, no such process).
 */
export function processStartTime(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const value = Number(fields[22 - 3]);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** What a mark records of this process and machine beyond its pid and host name (what can be read here). */
export function thisProcessIdentity(): Pick<ServerMark, 'bootId' | 'pidNamespace' | 'processStartTime'> {
  const bootId = thisBootId();
  const pidNamespace = thisPidNamespace();
  const startTime = processStartTime(process.pid);
  return {
    ...(bootId !== null ? { bootId } : {}),
    ...(pidNamespace !== null ? { pidNamespace } : {}),
    ...(startTime !== null ? { processStartTime: startTime } : {}),
  };
}

/** The mark of this process (a server before it listens, or a restore), started at `startedAt`. */
export function markOfThisProcess(startedAt: string, legibleVersion: string): ServerMark {
  return {
    pid: process.pid,
    hostname: thisHostname(),
    url: null,
    startedAt,
    legibleVersion,
    ...thisProcessIdentity(),
  };
}

/**
 * The real path of the database file `database`: symbolic links (to the file or to any folder on
 * the way) resolved. For a file that does not exist yet, the real path of the nearest folder that
 * does (or where a dangling link points), plus the rest.
 */
export function realDatabasePath(database: string): string {
  const resolve = (file: string, depth: number): string => {
    try {
      return realpathSync.native(file);
    } catch {
      // Not there (yet), a dangling link, or not ours to resolve: worked out from what is there.
    }
    if (depth > 40) return file;
    let target: string | null = null;
    try {
      target = readlinkSync(file);
    } catch {
      // Not a symbolic link.
    }
    if (target !== null) return resolve(path.resolve(path.dirname(file), target), depth + 1);
    const parent = path.dirname(file);
    if (parent === file) return file;
    return path.join(resolve(parent, depth + 1), path.basename(file));
  };
  return resolve(path.resolve(database), 0);
}

/** The mark file a server (or restore) process with `pid` on `hostname` writes for `database`. */
export function markFileFor(
  database: string,
  hostname: string,
  pid: number,
  kind: MarkKind = 'server',
): string {
  return `${database}${MARK_INFIX[kind]}${hostname.replace(/[^A-Za-z0-9._-]/g, '_')}-${pid}${MARK_SUFFIX}`;
}

/** Writes `text` to `file` so that a reader sees the old content or the new, never half of it. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o644 });
    renameSync(temp, file);
  } catch (error) {
    // Best effort: the temporary file is ours and useless once the write has failed.
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Marks `database` as used by this process until `release()` or the process's exit. The mark goes
 * next to the database's real file and records its real path.
 * @throws the file system's error when the mark cannot be written (the caller decides what that means)
 */
export function markSqliteInUse(database: string, mark: ServerMark, kind: MarkKind = 'server'): HeldMark {
  const real = realDatabasePath(database);
  const file = markFileFor(real, mark.hostname, mark.pid, kind);
  let current: ServerMark = { ...mark, database: real };
  writeAtomically(file, `${JSON.stringify(current, null, 2)}\n`);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      unlinkSync(file);
    } catch {
      // Already gone (removed by hand, or by a restore that took this process for a dead one).
    }
  };
  // A crash that still runs exit handlers (an uncaught error, process.exit) takes the mark too.
  process.on('exit', release);
  return {
    file,
    update: (changes) => {
      if (released) return;
      current = { ...current, ...changes };
      writeAtomically(file, `${JSON.stringify(current, null, 2)}\n`);
    },
    release,
  };
}

function parseMark(text: string): ServerMark | null {
  try {
    const value = JSON.parse(text) as Partial<ServerMark>;
    if (
      typeof value.pid !== 'number' ||
      !Number.isInteger(value.pid) ||
      value.pid <= 0 ||
      typeof value.hostname !== 'string' ||
      typeof value.startedAt !== 'string'
    )
      return null;
    return {
      pid: value.pid,
      hostname: value.hostname,
      url: typeof value.url === 'string' ? value.url : null,
      startedAt: value.startedAt,
      legibleVersion: typeof value.legibleVersion === 'string' ? value.legibleVersion : 'unknown',
      ...(typeof value.database === 'string' ? { database: value.database } : {}),
      ...(typeof value.bootId === 'string' ? { bootId: value.bootId } : {}),
      ...(typeof value.pidNamespace === 'string' ? { pidNamespace: value.pidNamespace } : {}),
      ...(Number.isSafeInteger(value.processStartTime) && (value.processStartTime as number) >= 0
        ? { processStartTime: value.processStartTime as number }
        : {}),
    };
  } catch {
    return null;
  }
}

/** `<host>-<pid>.json` after `<file>.server-` (or `.restore-`): what a mark's name ends with. */
const MARK_NAME_END = /^[A-Za-z0-9._-]+-\d+\.json$/;

/**
 * The marks of `kind` (servers' unless told) of `database` (none when its folder does not exist), looked for next to its real
 * file, whatever path (through symbolic links) names it here or named it to the server. A mark
 * is the database's when its name is the one a server of the host and pid it records writes for
 * this file (so `legible.db.server-x.db`'s marks are not `legible.db`'s), whatever path it
 * recorded (a shared folder mounted elsewhere on another machine). A mark that cannot be read (not
 * JSON, or not readable by this user) is counted by its name. A mark removed while it is being read belongs to a server that has just
 * stopped, and is left out.
 * @throws the file system's error when the folder cannot be listed
 */
export function findServerMarks(database: string, kind: MarkKind = 'server'): FoundMark[] {
  const real = realDatabasePath(database);
  const folder = path.dirname(real);
  const prefix = `${path.basename(real)}${MARK_INFIX[kind]}`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: FoundMark[] = [];
  for (const name of names.sort()) {
    if (!name.startsWith(prefix) || !MARK_NAME_END.test(name.slice(prefix.length))) continue;
    const file = path.join(folder, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      // Another user's mark this process may not read (EACCES): counted by its name, unchecked.
      found.push({ file, mark: null });
      continue;
    }
    const mark = parseMark(text);
    if (mark !== null && path.basename(markFileFor(real, mark.hostname, mark.pid, kind)) !== name) continue;
    found.push({ file, mark });
  }
  return found;
}

/** True when a process with `pid` runs on this machine (one of another user's counts: EPERM). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks sorted by what a restore can know of them. */
export interface ClassifiedMarks {
  /** Servers on this machine whose process runs. */
  running: FoundMark[];
  /**
   * Servers on other machines (a shared folder), or in another pid namespace (a container) or
   * boot (a cloned VM) under the same host name, or marks that cannot be read: nobody here can tell.
   */
  unknown: FoundMark[];
  /** Servers on this machine whose process has gone (killed without a chance to clean up), or whose pid another process now has. */
  stale: FoundMark[];
}

/** Where a restore looks at marks from. Left out, the boot id, pid namespace and start times are this process's and machine's. */
export interface MarkContext {
  hostname: string;
  isRunning: (pid: number) => boolean;
  /** This machine's boot id; null where it cannot be read. */
  bootId?: string | null;
  /** This process's pid namespace; null where it cannot be read. */
  pidNamespace?: string | null;
  /** When the process `pid` started (see processStartTime); null where it cannot be read. */
  startTimeOf?: (pid: number) => number | null;
}

/**
 * Sorts marks into running, unknown and stale. A mark's pid means something here only when the
 * mark is from this host name and, for each of boot id and pid namespace it records, the same
 * one as here (one it records that cannot be read here does not match); otherwise it cannot be
 * checked. A mark without them (an older Legible's, or where /proc is missing) is checked by
 * host name alone. A checkable pid that no longer runs is stale; so is one that runs but started
 * at another time than the mark records (the pid was reused). `isRunning` and `startTimeOf` are
 * asked only about checkable pids.
 */
export function classifyServerMarks(marks: FoundMark[], context: MarkContext): ClassifiedMarks {
  const bootId = context.bootId === undefined ? thisBootId() : context.bootId;
  const pidNamespace = context.pidNamespace === undefined ? thisPidNamespace() : context.pidNamespace;
  const startTimeOf = context.startTimeOf ?? processStartTime;
  const out: ClassifiedMarks = { running: [], unknown: [], stale: [] };
  for (const found of marks) {
    const m = found.mark;
    if (
      m === null ||
      m.hostname !== context.hostname ||
      (m.bootId !== undefined && m.bootId !== bootId) ||
      (m.pidNamespace !== undefined && m.pidNamespace !== pidNamespace)
    )
      out.unknown.push(found);
    else if (!context.isRunning(m.pid)) out.stale.push(found);
    else if (m.processStartTime === undefined) out.running.push(found);
    else {
      const startTime = startTimeOf(m.pid);
      if (startTime !== null && startTime !== m.processStartTime) out.stale.push(found);
      else out.running.push(found);
    }
  }
  return out;
}

/**
 * The end of a refusal that names marks from other machines: "; the mark … cannot be checked from
 * this machine (build-7): delete it if that server has stopped" (empty when there are none).
 * `who` is the holder in the singular and the plural, `ended` what it must have done.
 */
function uncheckedMarks(
  unknown: readonly FoundMark[],
  hostname: string,
  who: readonly [one: string, many: string],
  ended: string,
): string {
  if (unknown.length === 0) return '';
  const one = unknown.length === 1;
  return `; ${one ? 'the mark' : 'the marks'} ${unknown.map((m) => m.file).join(', ')} cannot be checked from this machine (${hostname}): delete ${one ? `it if ${who[0]}` : `them if ${who[1]}`} ${ended}`;
}

/** "pid 4242 on build-7 at http://localhost:4100, since 2026-11-25T10:00:00.000Z" */
export function describeMark(found: FoundMark): string {
  const m = found.mark;
  if (m === null) return `an unreadable mark ${found.file}`;
  return `pid ${m.pid} on ${m.hostname}${m.url ? ` at ${m.url}` : ' (starting)'}, since ${m.startedAt}`;
}

/**
 * Why a restore into `database` is refused, as one line naming each server, or null when no
 * server may be using it. Marks from other hosts are refused too: whether their servers still run
 * cannot be checked from `hostname`.
 */
export function refusalForServers(database: string, marks: ClassifiedMarks, hostname: string): string | null {
  const servers = [...marks.running, ...marks.unknown];
  if (servers.length === 0) return null;
  const one = servers.length === 1;
  const listed = servers.map(describeMark).join('; ');
  const unchecked = uncheckedMarks(
    marks.unknown,
    hostname,
    ['that server has', 'those servers have'],
    'stopped',
  );
  return `${one ? 'a Legible server is' : `${servers.length} Legible servers are`} using the SQLite file ${database} (${listed}): stop ${one ? 'it' : 'them'} before restoring, or what ${one ? 'it writes' : 'they write'} meanwhile is lost${unchecked}; --even-if-connected restores anyway`;
}

/**
 * Removes the marks found stale (their process no longer runs on this machine), saying
 * `note(mark)` for each one removed. Best effort: a mark this user may not remove (another user's)
 * stays, and is ignored all the same.
 */
export function removeStaleMarks(
  stale: readonly FoundMark[],
  note: (mark: FoundMark) => string,
  say: (line: string) => void,
): void {
  for (const mark of stale) {
    try {
      rmSync(mark.file, { force: true });
      say(`${note(mark)}\n`);
    } catch {
      // Another user's file: left where it is.
    }
  }
}

/** "pid 4242 on build-7, since 2026-11-25T10:00:00.000Z": a restore's mark. */
export function describeRestoreMark(found: FoundMark): string {
  const m = found.mark;
  if (m === null) return `an unreadable mark ${found.file}`;
  return `pid ${m.pid} on ${m.hostname}, since ${m.startedAt}`;
}

/**
 * Why a server may not start on `database`, as one line naming each restore that is replacing its
 * data, or null when none is. Marks from other hosts count too: whether those restores still run
 * cannot be checked from `hostname`.
 */
export function refusalForRestores(
  database: string,
  marks: ClassifiedMarks,
  hostname: string,
): string | null {
  const restores = [...marks.running, ...marks.unknown];
  if (restores.length === 0) return null;
  const one = restores.length === 1;
  const listed = restores.map(describeRestoreMark).join('; ');
  const unchecked = uncheckedMarks(
    marks.unknown,
    hostname,
    ['that restore has', 'those restores have'],
    'ended',
  );
  return `${one ? 'legible restore is' : `${restores.length} restores are`} replacing the data in the SQLite file ${database} (${listed}): start the server once ${one ? 'it has' : 'they have'} finished, or it would migrate and write under ${one ? 'it' : 'them'}${unchecked}`;
}

/**
 * Why a restore may not replace `database` while another restore is (its deletes and inserts would
 * interleave), as one line naming each, or null when none is. Marks from other hosts count too.
 */
export function refusalForOtherRestores(
  database: string,
  marks: ClassifiedMarks,
  hostname: string,
): string | null {
  const others = [...marks.running, ...marks.unknown];
  if (others.length === 0) return null;
  const unchecked = uncheckedMarks(
    marks.unknown,
    hostname,
    ['that restore has', 'those restores have'],
    'ended',
  );
  return `another legible restore is replacing the data in the SQLite file ${database} (${others.map(describeRestoreMark).join('; ')}): wait until it has finished, then restore${unchecked}`;
}

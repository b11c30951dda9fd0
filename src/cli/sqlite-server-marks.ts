/**
 * Marks that a `legible serve` process is using a SQLite file, so that `legible restore` can
 * refuse to replace the rows under it (PostgreSQL lists its sessions; a SQLite file cannot tell
 * who has it open). Each server process writes its own mark next to the database,
 * `<file>.server-<host>-<pid>.json` (several servers may share one file), and removes it when it
 * stops. A server killed with SIGKILL leaves its mark behind: on the same host, a mark whose
 * process no longer runs is stale; a mark from another host (a shared folder) cannot be checked.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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

const MARK_INFIX = '.server-';
const MARK_SUFFIX = '.json';

/** This machine's name, as marks record it. */
export function thisHostname(): string {
  return os.hostname();
}

/** The mark file a server process with `pid` on `hostname` writes for `database`. */
export function markFileFor(database: string, hostname: string, pid: number): string {
  return `${database}${MARK_INFIX}${hostname.replace(/[^A-Za-z0-9._-]/g, '_')}-${pid}${MARK_SUFFIX}`;
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
 * Marks `database` as used by this process until `release()` or the process's exit.
 * @throws the file system's error when the mark cannot be written (the caller decides what that means)
 */
export function markSqliteInUse(database: string, mark: ServerMark): HeldMark {
  const file = markFileFor(database, mark.hostname, mark.pid);
  let current = { ...mark };
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
    };
  } catch {
    return null;
  }
}

/**
 * The marks next to `database` (none when its folder does not exist). A mark removed while it is
 * being read belongs to a server that has just stopped, and is left out.
 * @throws the file system's error when the folder cannot be listed
 */
export function findServerMarks(database: string): FoundMark[] {
  const folder = path.dirname(database);
  const prefix = `${path.basename(database)}${MARK_INFIX}`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: FoundMark[] = [];
  for (const name of names.sort()) {
    if (!name.startsWith(prefix) || !name.endsWith(MARK_SUFFIX)) continue;
    const file = path.join(folder, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    found.push({ file, mark: parseMark(text) });
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
  /** Servers on other machines (a shared folder), or marks that cannot be read: nobody here can tell. */
  unknown: FoundMark[];
  /** Servers on this machine whose process has gone (killed without a chance to clean up). */
  stale: FoundMark[];
}

/** Sorts marks into running, unknown and stale; `isRunning` is asked only about this host's pids. */
export function classifyServerMarks(
  marks: FoundMark[],
  context: { hostname: string; isRunning: (pid: number) => boolean },
): ClassifiedMarks {
  const out: ClassifiedMarks = { running: [], unknown: [], stale: [] };
  for (const found of marks) {
    if (found.mark === null || found.mark.hostname !== context.hostname) out.unknown.push(found);
    else if (context.isRunning(found.mark.pid)) out.running.push(found);
    else out.stale.push(found);
  }
  return out;
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
  const oneUnknown = marks.unknown.length === 1;
  const unchecked =
    marks.unknown.length === 0
      ? ''
      : `; ${oneUnknown ? 'the mark' : 'the marks'} ${marks.unknown.map((m) => m.file).join(', ')} cannot be checked from this machine (${hostname}): delete ${oneUnknown ? 'it if that server has' : 'them if those servers have'} stopped`;
  return `${one ? 'a Legible server is' : `${servers.length} Legible servers are`} using the SQLite file ${database} (${listed}): stop ${one ? 'it' : 'them'} before restoring, or what ${one ? 'it writes' : 'they write'} meanwhile is lost${unchecked}; --even-if-connected restores anyway`;
}

/**
 * Creating a folder and its missing parents, one level at a time. `mkdirSync(dir, { recursive:
 * true })` never returns on Node 20.20 for some paths it cannot create (under /proc, for one: the
 * kernel answers ENOENT for a parent that exists, and libuv retries forever). Walking up to the
 * deepest folder that exists and creating each missing one with a plain mkdir fails at once, with
 * the folder that could not be made.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** A folder that could not be created: the message names it, what it was for, and why. */
export class MakeDirectoryError extends Error {
  /** The folder that could not be created (or the file in the way). */
  readonly folder: string;
  /** The errno code behind it (ENOENT, EACCES, ENOTDIR, …). */
  readonly code: string | undefined;
  constructor(message: string, folder: string, code: string | undefined, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'MakeDirectoryError';
    this.folder = folder;
    this.code = code;
  }
}

function reasonFor(code: string | undefined, folder: string, error: unknown): string {
  const parent = path.dirname(folder);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied in ${parent}: choose a folder you can write to`;
    case 'EROFS':
      return `${parent} is on a read-only file system: choose another location`;
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOENT':
      // The parent exists (we just checked), yet the kernel says it does not: a virtual file
      // system such as /proc or /sys, which does not take new folders.
      return `${parent} does not accept new folders: choose another location`;
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return (error as Error).message ?? String(error);
  }
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes `folder` and any missing parents, from the deepest existing ancestor down, with a plain
 * (non-recursive) mkdir each. `purpose` completes "cannot create the folder X for …" in errors,
 * e.g. "the backup /srv/backups/a.db".
 * @throws MakeDirectoryError naming the folder, the purpose and the reason
 */
export function makeDirectory(folder: string, purpose: string): void {
  const target = path.resolve(folder);
  const missing: string[] = [];
  let current = target;
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const parent = path.dirname(current);
        missing.push(current);
        if (parent === current) break;
        current = parent;
        continue;
      }
      if (code === 'ENOTDIR') {
        // A file somewhere above `current`: keep walking up to find it and say which.
        missing.push(current);
        current = path.dirname(current);
        continue;
      }
      throw new MakeDirectoryError(
        `cannot create the folder ${target} for ${purpose}: cannot look at ${current}: ${reasonFor(code, current, error)}`,
        current,
        code,
        error,
      );
    }
    if (!isDirectory)
      throw new MakeDirectoryError(
        `cannot create the folder ${missing[missing.length - 1] ?? target} for ${purpose}: ${current} is a file, not a folder`,
        current,
        'ENOTDIR',
      );
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made by someone else in the meantime: fine if it is a folder.
      if (code === 'EEXIST' && isFolder(dir)) continue;
      throw new MakeDirectoryError(
        `cannot create the folder ${dir} for ${purpose}: ${reasonFor(code, dir, error)}`,
        dir,
        code,
        error,
      );
    }
  }
}

import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MakeDirectoryError, makeDirectory } from './make-directory.js';

const temp = () => mkdtempSync(path.join(tmpdir(), 'legible-mkdir-'));

function thrown(work: () => void): MakeDirectoryError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(MakeDirectoryError);
    return error as MakeDirectoryError;
  }
  throw new Error('expected makeDirectory to throw');
}

describe('makeDirectory', () => {
  it('creates every missing folder, and does nothing for one that exists', () => {
    const root = temp();
    const deep = path.join(root, 'a', 'b', 'c');
    makeDirectory(deep, 'the test');
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirectory(deep, 'the test');
    makeDirectory(root, 'the test');
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('fails at once, naming the folder, the purpose and the reason, under /proc (where a recursive mkdir never returns)', () => {
    if (!existsSync('/proc/self')) return; // only Linux has /proc
    const started = Date.now();
    const error = thrown(() => makeDirectory('/proc/nope/deeper', 'the backup /proc/nope/deeper/x.db'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.folder).toBe('/proc/nope');
    expect(error.message).toMatch(
      /^cannot create the folder \/proc\/nope for the backup \/proc\/nope\/deeper\/x\.db: /,
    );
    expect(error.message).not.toContain('ENOENT:');
  });

  it('says which part of the path is a file', () => {
    const root = temp();
    writeFileSync(path.join(root, 'file'), 'x');
    const error = thrown(() => makeDirectory(path.join(root, 'file', 'a', 'b'), 'the database x.db'));
    expect(error.message).toBe(
      `cannot create the folder ${path.join(root, 'file', 'a')} for the database x.db: ${path.join(root, 'file')} is a file, not a folder`,
    );
  });
});

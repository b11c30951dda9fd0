/** Where the installed package lives (for docs/ and the version), from src/cli or dist/cli alike. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let cachedVersion: string | null = null;

/** The package version from package.json ("0.0.0" if it cannot be read). */
export function packageVersion(): string {
  if (cachedVersion === null) {
    try {
      cachedVersion = (
        JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
      ).version;
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}

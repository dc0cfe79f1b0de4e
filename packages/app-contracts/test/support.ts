import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GOOD_APP = join(import.meta.dirname, 'fixtures', 'good-app');

/**
 * Copies of the good fixture app with edits applied, so each test shows exactly one breakage. `parent` is where
 * copies go: a temp dir, or beside the fixture (prefix `.scratch-`, git-ignored) when Forge's bundler must resolve
 * the repo's node_modules.
 */
export function fixtureCopies(parent: string, prefix = 'contracts-') {
  const temps: string[] = [];
  return {
    appWith(edit: (dir: string) => void): string {
      const dir = mkdtempSync(join(parent, prefix));
      temps.push(dir);
      cpSync(GOOD_APP, dir, { recursive: true });
      edit(dir);
      return dir;
    },
    cleanUp(): void {
      for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function replaceIn(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture edit did not apply: ${from}`);
  writeFileSync(path, text.replace(from, to));
}

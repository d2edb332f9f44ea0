// The package's own metadata and files, located from this module so it works from any working directory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Package root: the nearest folder above this module with a package.json. Once built this module
 * is dist/src/util/package-info.js, or a chunk of the CLI bundle in dist/bundle/.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRoot();

const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

export const TOOL = { name: 'pgl-preflight' as const, version: pkg.version };

/** Rule docs live beside the rule sources: rules/<area>/<name>.md. */
export function ruleDocPath(ruleId: string): string {
  return resolve(PACKAGE_ROOT, 'rules', `${ruleId}.md`);
}

// The package's own metadata and files, located from this module so it works from any working directory.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package root: this file is dist/src/util/package-info.js once built. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

export const TOOL = { name: 'pgl-preflight' as const, version: pkg.version };

/** Rule docs live beside the rule sources: rules/<area>/<name>.md. */
export function ruleDocPath(ruleId: string): string {
  return resolve(PACKAGE_ROOT, 'rules', `${ruleId}.md`);
}

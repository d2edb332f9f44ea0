// Output files appear whole or not at all: everything is written to temporary files first, then renamed.
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../util/errors.js';

export interface OutputFile {
  path: string;
  content: string;
}

export function writeAllAtomically(files: readonly OutputFile[]): void {
  const temps: string[] = [];
  try {
    for (const file of files) {
      const temp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.tmp`);
      try {
        writeFileSync(temp, file.content, { encoding: 'utf8', flag: 'wx' });
      } catch (err) {
        throw new InputError(`${file.path}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      temps.push(temp);
    }
    files.forEach((file, i) => renameSync(temps[i]!, file.path));
  } catch (err) {
    for (const temp of temps) {
      try {
        unlinkSync(temp);
      } catch {
        // already renamed or gone
      }
    }
    throw err;
  }
}

// Output files appear whole or not at all, and all of them or none: every target is checked first,
// each file is written to a unique temporary file beside its target and fsynced, then the temporary
// files are renamed over their targets. A failure part-way puts back the files already replaced.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../util/errors.js';
import { chunksOf, type Rendered } from '../report/rendered.js';

export interface OutputFile {
  path: string;
  /** The text, or its pieces in order (a large report is written as it is produced). */
  content: Rendered;
}

/** The file system calls used here; tests replace one to make a write fail part-way. */
export type WriteFs = Pick<
  typeof nodeFs,
  | 'openSync'
  | 'writeSync'
  | 'fsyncSync'
  | 'closeSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'linkSync'
  | 'lstatSync'
  | 'mkdirSync'
  | 'accessSync'
  | 'fchmodSync'
>;

interface Prepared {
  path: string;
  content: Rendered;
  temp: string;
  /** The target's mode when it exists (kept on the new file), undefined when it is created. */
  mode: number | undefined;
  backup?: string;
  replaced?: boolean;
}

function isFsError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | null;
  return typeof e?.code === 'string' && typeof e.syscall === 'string';
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}

function uniqueSibling(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`);
}

/** Refuses what cannot be replaced whole: a directory, a device, a FIFO, a socket or a symlink. */
function checkTarget(path: string, fs: WriteFs): number | undefined {
  let stat: nodeFs.Stats;
  try {
    stat = fs.lstatSync(path);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw new InputError(`${path}: cannot write (${errCode(err)})`);
  }
  if (stat.isSymbolicLink()) throw new InputError(`${path}: is a symbolic link; name the file itself`);
  if (!stat.isFile()) throw new InputError(`${path}: is not a regular file; pgl-preflight replaces output files whole`);
  return stat.mode & 0o7777;
}

function prepare(files: readonly OutputFile[], fs: WriteFs): Prepared[] {
  const seen = new Set<string>();
  return files.map((file) => {
    if (seen.has(file.path)) throw new InputError(`${file.path}: named as output twice`);
    seen.add(file.path);
    const mode = checkTarget(file.path, fs);
    const dir = dirname(file.path);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, nodeFs.constants.W_OK);
    } catch (err) {
      throw new InputError(`${file.path}: cannot write into ${dir} (${errCode(err)})`);
    }
    return { path: file.path, content: file.content, temp: uniqueSibling(file.path, 'tmp'), mode };
  });
}

function writeTemp(file: Prepared, fs: WriteFs): void {
  // wx: a leftover file of the same (random) name is never reused or followed.
  const fd = fs.openSync(file.temp, 'wx', file.mode ?? 0o666);
  try {
    if (file.mode !== undefined) fs.fchmodSync(fd, file.mode);
    for (const chunk of chunksOf(file.content)) {
      const bytes = Buffer.from(chunk, 'utf8');
      let offset = 0;
      while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // best effort while cleaning up after a failure
  }
}

export function writeAllAtomically(files: readonly OutputFile[], fs: WriteFs = nodeFs): void {
  const prepared = prepare(files, fs);
  const created: Prepared[] = [];
  try {
    for (const file of prepared) {
      created.push(file);
      try {
        writeTemp(file, fs);
      } catch (err) {
        // The content is produced while it is written (reports are streamed): only a file-system error
        // is the target's fault; anything else is a bug in rendering and goes on as it is.
        if (!isFsError(err)) throw err;
        throw new InputError(`${file.path}: cannot write (${errCode(err)})`);
      }
    }
    // Keep the old version of each existing target until every new one is in place.
    for (const file of prepared) {
      if (file.mode === undefined) continue;
      const backup = uniqueSibling(file.path, 'bak');
      try {
        fs.linkSync(file.path, backup);
      } catch (err) {
        throw new InputError(`${file.path}: cannot keep the previous version while replacing it (${errCode(err)})`);
      }
      file.backup = backup;
    }
    for (const file of prepared) {
      try {
        fs.renameSync(file.temp, file.path);
      } catch (err) {
        throw new InputError(`${file.path}: cannot replace (${errCode(err)})`);
      }
      file.replaced = true;
    }
  } catch (err) {
    for (const file of created) {
      if (file.replaced) {
        // Put the previous version back, or remove a file that did not exist before.
        if (file.backup) {
          const backup = file.backup;
          quietly(() => fs.renameSync(backup, file.path));
        } else quietly(() => fs.unlinkSync(file.path));
      } else {
        quietly(() => fs.unlinkSync(file.temp));
      }
      const backup = file.backup;
      if (backup && !file.replaced) quietly(() => fs.unlinkSync(backup));
    }
    throw err;
  }
  for (const { backup } of prepared) if (backup) quietly(() => fs.unlinkSync(backup));
}

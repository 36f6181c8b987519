/**
 * `-o FILE` writes atomically: the text goes to a temporary file in the same directory, which is
 * flushed and then renamed over FILE. A run that fails at any point — before writing, while
 * writing, or at the rename — removes its temporary file and leaves an existing FILE untouched.
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DdxError } from '@ddx/ast';

let counter = 0;

/** Writes through a symbolic link to its target, as an ordinary write would. */
function targetOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

export function writeFileAtomic(file: string, text: string, cwd: string): void {
  const target = targetOf(resolve(cwd, file));
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.${counter++}.tmp`,
  );
  let descriptor: number | undefined;
  try {
    // An existing file keeps its permissions; a new one gets the usual 0o666 less the umask.
    const mode = modeOf(target);
    descriptor = openSync(temporary, 'wx', mode ?? 0o666);
    if (mode !== undefined) fchmodSync(descriptor, mode);
    writeSync(descriptor, text);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DdxError('io', `cannot write: ${describeErrno(reason)}`, { file, cause: error });
  }
}

export function describeErrno(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code;
  }
}

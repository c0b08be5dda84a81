/**
 * Packer's debug log: `PACKER_LOG_PATH` writes it to that file (created or truncated); otherwise `PACKER_LOG`
 * (non-empty, not `0`) sends it to stderr without the `ui:` lines, which stdout already shows.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface PackerLog {
  /** Takes whole lines, newline included, already masked. */
  readonly write: (line: string) => void;
  readonly close: () => void;
}

export function openPackerLog(env: Readonly<Record<string, string | undefined>>, cwd: string, stderr: (text: string) => void): PackerLog | undefined {
  const path = env.PACKER_LOG_PATH ?? '';
  if (path !== '') {
    const file = resolve(cwd, path);
    mkdirSync(dirname(file), { recursive: true });
    // Synchronous writes: the log stays complete when the process ends on a signal.
    const fd = openSync(file, 'w');
    return { write: (line) => writeSync(fd, line), close: () => closeSync(fd) };
  }
  const level = env.PACKER_LOG ?? '';
  if (level === '' || level === '0') return undefined;
  return {
    write: (line) => {
      if (!line.includes('ui:') && !line.includes('ui error:')) stderr(line);
    },
    close: () => undefined,
  };
}

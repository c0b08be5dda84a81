/** How provisioners reach the machine being built (Packer's `packersdk.Communicator`). */

export interface CommandOutput {
  /** Raw output chunks; use `lineSplitter` to turn them into UI lines. */
  readonly stdout: (chunk: string) => void;
  readonly stderr: (chunk: string) => void;
}

/** The SSH convention for "connection dropped before an exit status": provisioners may tolerate it. */
export const EXIT_DISCONNECTED = 2300218;

export interface Communicator {
  /** Runs a shell command remotely; resolves to its exit status. Rejects when it cannot be started or on abort. */
  start(command: string, output: CommandOutput, signal: AbortSignal): Promise<number>;
  /** Writes a file at `dst` from local bytes. */
  upload(dst: string, content: Buffer, mode: number, signal: AbortSignal): Promise<void>;
  /** True when `upload` gives the file exactly `mode` (no umask), so a chmod to that mode afterwards changes nothing. */
  readonly uploadSetsExactMode?: boolean;
  /** Copies a local directory; a trailing `/` on `src` copies its contents instead of the directory itself. */
  uploadDir(dst: string, src: string, signal: AbortSignal): Promise<void>;
  /** Reads a remote file. */
  download(src: string, signal: AbortSignal): Promise<Buffer>;
  /** Copies a remote directory into local `dst`. */
  downloadDir(src: string, dst: string, signal: AbortSignal): Promise<void>;
}

/** Commands succeed without doing anything; transfers fail (communicator "none" and the file builder). */
export class NoneCommunicator implements Communicator {
  constructor(private readonly why = "communicator = 'none'") {}

  async start(): Promise<number> {
    return 0;
  }
  async upload(): Promise<void> {
    throw new Error(`Upload is not implemented when ${this.why}`);
  }
  async uploadDir(): Promise<void> {
    throw new Error(`UploadDir is not implemented when ${this.why}`);
  }
  async download(): Promise<Buffer> {
    throw new Error(`Download is not implemented when ${this.why}`);
  }
  async downloadDir(): Promise<void> {
    throw new Error(`DownloadDir is not implemented when ${this.why}`);
  }
}

/** Buffers chunks and calls `onLine` per complete line; `flush` emits a final unterminated line. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        onLine(pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    },
    flush() {
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}

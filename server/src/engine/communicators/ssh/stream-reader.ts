/** Pull-style reads (a byte, a line, n bytes) over a push stream: the scp protocol is a dialogue. */
import type { Readable } from 'node:stream';

export class StreamReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.notify();
    });
    const end = (): void => {
      this.ended = true;
      this.notify();
    };
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  }

  async byte(): Promise<number> {
    await this.fill(1);
    const first = this.chunks[0] as Buffer;
    const b = first[0] as number;
    this.consume(1);
    return b;
  }

  /** A `\n`-terminated line, without the terminator. */
  async line(): Promise<string> {
    const parts: Buffer[] = [];
    for (;;) {
      await this.fill(1);
      const first = this.chunks[0] as Buffer;
      const nl = first.indexOf(0x0a);
      if (nl >= 0) {
        parts.push(first.subarray(0, nl));
        this.consume(nl + 1);
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(first);
      this.consume(first.length);
    }
  }

  /** Hands exactly `n` bytes to `sink`, chunk by chunk. */
  async take(n: number, sink: (chunk: Buffer) => Promise<void> | void): Promise<void> {
    let left = n;
    while (left > 0) {
      await this.fill(1);
      const first = this.chunks[0] as Buffer;
      const part = first.subarray(0, Math.min(left, first.length));
      this.consume(part.length);
      left -= part.length;
      await sink(part);
    }
  }

  private async fill(n: number): Promise<void> {
    while (this.buffered < n) {
      if (this.ended) throw new Error('scp: connection closed unexpectedly');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private consume(n: number): void {
    let left = n;
    while (left > 0) {
      const first = this.chunks[0] as Buffer;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.buffered -= n;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

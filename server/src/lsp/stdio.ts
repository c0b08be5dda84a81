/**
 * The stdio transport with each message written to the pipe in one piece. vscode-jsonrpc writes a message's
 * header and body as two writes, and each write to a pipe wakes the reading editor: on this kind of machine that
 * costs a few tenths of a millisecond per message, on the path of every keystroke's diagnostics.
 */
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';

/** Holds a header until its body comes, then writes both at once; anything else passes through. */
export class WholeMessages extends Writable {
  private header: Buffer | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    super({ decodeStrings: true });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.header && isHeader(chunk)) {
      this.header = chunk;
      callback();
      return;
    }
    const data = this.header ? Buffer.concat([this.header, chunk]) : chunk;
    this.header = undefined;
    this.out.write(data, (err) => callback(err ?? null));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.header) return callback();
    const data = this.header;
    this.header = undefined;
    this.out.write(data, (err) => callback(err ?? null));
  }
}

const HEADER_START = Buffer.from('Content-Length:', 'ascii');
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

function isHeader(chunk: Buffer): boolean {
  return chunk.length < 256 && chunk.subarray(0, HEADER_START.length).equals(HEADER_START) && chunk.subarray(chunk.length - HEADER_END.length).equals(HEADER_END);
}

/**
 * A connection over stdin/stdout. With its own streams vscode-languageserver no longer redirects the console, so
 * that is done here: stdout carries the protocol, and a stray console.log from a library would corrupt it.
 */
export function stdioConnection(): Connection {
  const connection = createConnection(ProposedFeatures.all, process.stdin, new WholeMessages(process.stdout));
  const log = (write: (message: string) => void) => (...args: unknown[]) => write(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = log((m) => connection.console.log(m));
  console.info = log((m) => connection.console.info(m));
  console.debug = log((m) => connection.console.log(m));
  console.warn = log((m) => connection.console.warn(m));
  console.error = log((m) => connection.console.error(m));
  return connection;
}

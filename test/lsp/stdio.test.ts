/**
 * The stdio transport writes each message in one piece (server/src/lsp/stdio.ts), byte for byte what
 * vscode-jsonrpc's writer produces in two.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-jsonrpc/node';
import { WholeMessages } from '../../server/src/lsp/stdio.js';

/** A sink recording each write it receives. */
function recordingSink(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, writes };
}

const MESSAGES: Message[] = [
  { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.pkr.hcl', diagnostics: [] } } as Message,
  { jsonrpc: '2.0', id: 1, result: { contents: 'naïve 中文 😀 — "quoted"\r\n' } } as Message,
  { jsonrpc: '2.0', id: 2, result: 'x'.repeat(100_000) } as Message,
];

test('each message reaches the pipe in one write, with the bytes the plain writer produces', async () => {
  const whole = recordingSink();
  const plain = recordingSink();
  const wholeWriter = new StreamMessageWriter(new WholeMessages(whole.stream));
  const plainWriter = new StreamMessageWriter(plain.stream);
  for (const m of MESSAGES) {
    await wholeWriter.write(m);
    await plainWriter.write(m);
  }
  assert.equal(plain.writes.length, MESSAGES.length * 2, 'the plain writer writes header and body apart');
  assert.equal(whole.writes.length, MESSAGES.length);
  assert.deepEqual(Buffer.concat(whole.writes), Buffer.concat(plain.writes));
});

test('a reader on the other end gets every message back', async () => {
  const pipe = new PassThrough();
  const writer = new StreamMessageWriter(new WholeMessages(pipe));
  const reader = new StreamMessageReader(pipe);
  const got: Message[] = [];
  const all = new Promise<void>((resolve) =>
    reader.listen((m) => {
      got.push(m);
      if (got.length === MESSAGES.length) resolve();
    }),
  );
  for (const m of MESSAGES) await writer.write(m);
  await all;
  assert.deepEqual(got, MESSAGES);
  reader.dispose();
});

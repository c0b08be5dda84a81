// Language-server figures (printed, not asserted): startup to first diagnostics, keystroke → published
// diagnostics and completion latency on a 5,000-line template, and server RSS with a 50,000-line workspace open.
// Runs the bundled dist/server.js over stdio like an editor does.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generateTemplateOfLines } from './bench-template.mjs';

const SAMPLES = Number(process.env.BENCH_LSP_SAMPLES ?? 200);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x) => `${x.toFixed(1)} ms`;

// The V8 flags the client launches the server with (client/src/extension.ts); BENCH_LSP_NODE_FLAGS to try others.
const SERVER_NODE_FLAGS = process.env.BENCH_LSP_NODE_FLAGS ? process.env.BENCH_LSP_NODE_FLAGS.split(' ') : ['--max-semi-space-size=8', '--heap-growing-percent=75'];

async function startServer(settings) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiters.get(p.uri);
    if (w && (w.version === undefined || p.version === w.version)) {
      waiters.delete(p.uri);
      w.resolve(performance.now());
    }
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { settings } });
  await conn.sendNotification('initialized', {});
  const published = (uri, version) => new Promise((resolve) => waiters.set(uri, { version, resolve }));
  // VmRSS: resident now; VmHWM: the most it has been resident since it started (what the user saw at worst).
  const statusMb = (field) => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  };
  const rssMb = () => statusMb('VmRSS');
  const peakMb = () => statusMb('VmHWM');
  // User + system CPU time of the server in ms (clock ticks of 10 ms): what it spent, whatever the machine's load.
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const stop = async () => {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    conn.dispose();
    child.kill();
  };
  return { conn, t0, published, rssMb, peakMb, cpuMs, stop };
}

const root = mkdtempSync(join(tmpdir(), 'ps-bench-lsp-'));
try {
  const text = generateTemplateOfLines(5000);
  const dir = join(root, 'single');
  mkdirSync(dir);
  const file = join(dir, 'main.pkr.hcl');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const lineCount = text.split('\n').length;

  // Startup: process spawn → first diagnostics of the 5,000-line file.
  const s = await startServer({ packer: { diagnosticsDelay: 0 } });
  const first = s.published(uri, 1);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'packer', version: 1, text } });
  const firstAt = await first;
  console.log(`lsp: startup to first diagnostics (${lineCount}-line template): ${ms(firstAt - s.t0)}, server CPU ${ms(s.cpuMs())}`);

  // Keystrokes: type a character inside a local's string, wait for the diagnostics of that version. Typing starts
  // a second after the file opened, as when someone opens a file and then types: the server collects what the
  // open left behind once it is quiet (idle-gc.ts); the first keystrokes still run code the open did not
  // (compiled on first use) and are counted.
  await new Promise((r) => setTimeout(r, 1000));
  const target = text.indexOf('-${upper("x")}');
  const before = text.slice(0, target);
  const line = before.split('\n').length - 1;
  const character = target - (before.lastIndexOf('\n') + 1);
  let version = 1;
  /** Sends one change and resolves with the ms until the diagnostics of its version are published. */
  const change = async (range, newText) => {
    version++;
    const done = s.published(uri, version);
    const t = performance.now();
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    return (await done) - t;
  };
  /**
   * `samples` changes, alternately `forward` and `back` (which undoes it), each sent as soon as the last one's
   * diagnostics came or, with `paceMs`, that long after the last one was sent; prints the figures under `label`.
   */
  const typing = async (label, samples, forward, back, paceMs = 0) => {
    const latencies = [];
    const cpuBefore = s.cpuMs();
    for (let i = 0; i < samples; i++) {
      const latency = await (i % 2 === 0 ? change(...forward) : change(...back));
      latencies.push(latency);
      if (paceMs > latency) await new Promise((r) => setTimeout(r, paceMs - latency));
    }
    console.log(`lsp: ${label} → published diagnostics: p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}; server CPU ${ms((s.cpuMs() - cpuBefore) / samples)} per keystroke`);
  };
  /** Typing a character at `at` and deleting it again. */
  const typeAt = (label, samples, at, paceMs = 0) =>
    typing(label, samples, [{ start: at, end: at }, 'x'], [{ start: at, end: { line: at.line, character: at.character + 1 } }, ''], paceMs);
  const fewer = Math.max(10, Math.floor(SAMPLES / 4));

  await typeAt(`keystroke (${lineCount} lines, debounce 0, typing from 1 s after the open)`, SAMPLES, { line, character });
  // A fast typist's pace: the server is idle between keystrokes, as when someone types.
  await typeAt(`keystroke at 10 per second (${lineCount} lines)`, SAMPLES, { line, character }, 100);

  // The editor asks for the semantic tokens' delta after keystrokes: each needs the tree re-parsed.
  const tokenDeltas = async (label) => {
    let lastTokens = (await s.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })).resultId;
    const tokenTimes = [];
    for (let i = 0; i < fewer; i++) {
      await change({ start: { line, character }, end: { line, character: character + (i % 2) } }, i % 2 === 0 ? 'x' : '');
      const t = performance.now();
      const delta = await s.conn.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: lastTokens });
      tokenTimes.push(performance.now() - t);
      if (!delta?.edits) throw new Error('no semantic tokens delta');
      lastTokens = delta.resultId;
    }
    console.log(`lsp: semantic tokens delta after a keystroke (${label}): p50 ${ms(pct(tokenTimes, 50))}, p95 ${ms(pct(tokenTimes, 95))}`);
  };
  await tokenDeltas(`${lineCount} lines`);

  // Enter and Backspace at the end of that line (a blank line comes and goes): each changes the line count, so
  // every item below moves (its positions moved in place, hcl/syntax/shift.ts) instead of being reused as it is.
  // As many as the character keystrokes: a p95 of fewer samples is little more than their third-slowest.
  const lineEnd = { line, character: text.split('\n')[line].length };
  await typing('Enter/Backspace (line count changes)', SAMPLES, [{ start: lineEnd, end: lineEnd }, '\n'], [{ start: lineEnd, end: { line: line + 1, character: 0 } }, '']);

  // A syntax error in the file (an unclosed list typed at its end): typing elsewhere, then inside the broken line.
  const brokenLine = { line: lineCount - 1, character: 0 };
  const broken = 'broken = [1 2';
  await change({ start: brokenLine, end: brokenLine }, `${broken}\n`);
  await typeAt('keystroke in another item while the file has a syntax error', fewer, { line, character });
  await typeAt('keystroke in the broken item while the file has a syntax error', fewer, { line: brokenLine.line, character: broken.length });
  await tokenDeltas(`${lineCount} lines, while the file has a syntax error`);
  await change({ start: brokenLine, end: { line: brokenLine.line + 1, character: 0 } }, '');

  // Completion after `var.` and on an empty body line, at the end of the big file.
  const completionLine = lineCount - 3;
  const completions = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: i % 2 ? line : completionLine, character: i % 2 ? character : 0 } });
    completions.push(performance.now() - t);
  }
  console.log(`lsp: completion (${lineCount} lines): p50 ${ms(pct(completions, 50))}, p95 ${ms(pct(completions, 95))}`);
  await s.stop();

  // Memory: ten template directories of 5,000 lines each, all open.
  const w = await startServer({ packer: { diagnosticsDelay: 0 } });
  const waits = [];
  let totalLines = 0;
  for (let k = 0; k < 10; k++) {
    const d = join(root, `ws-${k}`);
    mkdirSync(d);
    const f = join(d, 'main.pkr.hcl');
    writeFileSync(f, text);
    totalLines += lineCount;
    const u = pathToFileURL(f).href;
    waits.push(w.published(u, 1));
    await w.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'packer', version: 1, text } });
  }
  // The editor shows the last one opened: it asks for its folding ranges and semantic tokens (which need the
  // syntax tree), and after each keystroke for the semantic tokens' delta.
  const hotUri = pathToFileURL(join(root, 'ws-9', 'main.pkr.hcl')).href;
  let tokensId;
  const shown = async () => {
    const tokens = tokensId
      ? await w.conn.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri: hotUri }, previousResultId: tokensId })
      : await w.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: hotUri } });
    if (!tokens?.resultId) throw new Error('no semantic tokens for the shown document');
    tokensId = tokens.resultId;
    await w.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: hotUri } });
  };
  await Promise.all(waits);
  await shown();
  const atOnce = w.rssMb();
  // The server collects the garbage of its analyses once idle (idle-gc.ts): the figure that stays is the second.
  await new Promise((r) => setTimeout(r, 2000));
  const idle = w.rssMb();
  // Then typing in the shown one: the analyses of each keystroke leave garbage the heap grows for.
  for (let v = 2; v <= 41; v++) {
    const done = w.published(hotUri, v);
    const edit = v % 2 === 0 ? { range: { start: { line, character }, end: { line, character } }, text: 'x' } : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    await w.conn.sendNotification('textDocument/didChange', { textDocument: { uri: hotUri, version: v }, contentChanges: [edit] });
    await done;
    await shown();
  }
  console.log(
    `lsp: server RSS with a ${totalLines}-line workspace open: ${atOnce.toFixed(0)} MB right after the last diagnostics, ${idle.toFixed(0)} MB after 2 s idle, ${w.rssMb().toFixed(0)} MB after 40 keystrokes; peak ${w.peakMb().toFixed(0)} MB`,
  );
  await w.stop();
} finally {
  rmSync(root, { recursive: true, force: true });
}

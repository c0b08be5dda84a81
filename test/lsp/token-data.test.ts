/**
 * Semantic token data in typed arrays (server/src/lsp/token-data.ts): encoded exactly as vscode-languageserver's
 * SemanticTokensBuilder encodes the same tokens, and deltas that, applied to the previous data, give the new.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SemanticTokensBuilder, type SemanticTokensDelta } from 'vscode-languageserver';
import { TokenData, TokenResults } from '../../server/src/lsp/token-data.js';
import { prng } from '../support/prng.js';

type Token = [line: number, char: number, length: number, type: number, modifiers: number];

/** Tokens in document order: several per line sometimes, lines skipped sometimes. */
function randomTokens(random: () => number, count: number): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < count; i++) {
    if (random() < 0.6) {
      line += 1 + Math.floor(random() * 3);
      char = Math.floor(random() * 8);
    } else char += 1 + Math.floor(random() * 10);
    const length = 1 + Math.floor(random() * 12);
    tokens.push([line, char, length, Math.floor(random() * 11), Math.floor(random() * 8)]);
    char += length;
  }
  return tokens;
}

function dataOf(tokens: readonly Token[]): TokenData {
  const data = new TokenData();
  for (const t of tokens) data.push(...t);
  return data;
}

function applyDelta(old: readonly number[], delta: SemanticTokensDelta): number[] {
  const out = [...old];
  for (const e of [...delta.edits].reverse()) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

test('token data is encoded as the protocol builder encodes it, across growth of the array', () => {
  const random = prng(4242);
  for (const count of [0, 1, 2, 819, 820, 3000]) {
    const tokens = randomTokens(random, count);
    const reference = new SemanticTokensBuilder();
    for (const t of tokens) reference.push(...t);
    assert.deepEqual(Array.from(dataOf(tokens).values), reference.build().data, `${count} tokens`);
  }
});

test('a delta applied to the previous data gives the new data', () => {
  const random = prng(99);
  const results = new TokenResults();
  const uri = 'file:///t/main.pkr.hcl';
  let tokens = randomTokens(random, 200);
  let sent = results.full(uri, dataOf(tokens));
  let nonEmpty = 0;
  for (let i = 0; i < 300; i++) {
    // Typing: a token grows or shrinks, tokens come or go in one place, now and then nothing changes.
    const next = tokens.map((t) => [...t] as Token);
    const at = Math.floor(random() * (next.length + 1));
    const change = random();
    if (change < 0.3 && next[at]) next[at]![2] += random() < 0.5 ? 1 : -Math.min(1, next[at]![2] - 1);
    else if (change < 0.5) next.splice(at, Math.floor(random() * 3));
    else if (change < 0.8) next.splice(at, 0, ...randomTokens(random, 1 + Math.floor(random() * 3)).map(([, c, l, ty, m]) => [next[at - 1]?.[0] ?? 0, (next[at - 1]?.[1] ?? 0) + (next[at - 1]?.[2] ?? 0) + c + 1, l, ty, m] as Token));
    const fresh = Array.from(dataOf(next).values);
    const delta = results.delta(uri, sent.resultId!, dataOf(next));
    assert.ok('edits' in delta, 'a delta against the last result');
    assert.deepEqual(applyDelta(sent.data, delta), fresh, `step ${i}`);
    if (delta.edits.length > 0) nonEmpty++;
    assert.ok(delta.edits.every((e) => e.deleteCount + (e.data?.length ?? 0) <= Math.max(sent.data.length, fresh.length)));
    sent = { resultId: delta.resultId, data: fresh };
    tokens = next;
  }
  assert.ok(nonEmpty > 150, `${nonEmpty} deltas changed something`);
});

test('a delta against a result the server no longer has is the full data; forgetting a document drops its result', () => {
  const results = new TokenResults();
  const uri = 'file:///t/a.pkr.hcl';
  const tokens = randomTokens(prng(5), 20);
  const first = results.full(uri, dataOf(tokens));
  const stale = results.delta(uri, 'not-a-result', dataOf(tokens));
  assert.ok('data' in stale);
  assert.deepEqual(stale.data, first.data);
  assert.notEqual(stale.resultId, first.resultId);
  assert.deepEqual(results.delta(uri, stale.resultId!, dataOf(tokens)), { resultId: String(Number(stale.resultId) + 1), edits: [] });
  results.forget(uri);
  assert.ok('data' in results.delta(uri, String(Number(stale.resultId) + 1), dataOf(tokens)));
});

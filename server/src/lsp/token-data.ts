/**
 * Semantic token data as the protocol encodes it (five numbers per token, positions relative to the previous
 * token), in a typed array (records.ts): a 5,000-line file has ~18,000 tokens, and the editor asks after every
 * keystroke.
 */
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver';
import { Records } from './records.js';

/** Where semantic-tokens.ts pushes tokens, in document order. */
export interface TokenSink {
  push(line: number, char: number, length: number, tokenType: number, tokenModifiers: number): void;
}

export class TokenData implements TokenSink {
  private readonly records = new Records();
  private prevLine = 0;
  private prevChar = 0;

  push(line: number, char: number, length: number, tokenType: number, tokenModifiers: number): void {
    this.records.append(line - this.prevLine, line === this.prevLine ? char - this.prevChar : char, length, tokenType, tokenModifiers);
    this.prevLine = line;
    this.prevChar = char;
  }

  get values(): Uint32Array {
    return this.records.values;
  }
}

/**
 * The last full token data sent for each document, so a delta request gets only what changed: one edit from the
 * first differing number to the last (typing changes a few tokens in one place).
 */
export class TokenResults {
  private readonly last = new Map<string, { id: string; data: Uint32Array }>();
  private next = 1;

  full(uri: string, tokens: TokenData): SemanticTokens {
    const data = tokens.values;
    const id = String(this.next++);
    this.last.set(uri, { id, data });
    return { resultId: id, data: Array.from(data) };
  }

  delta(uri: string, previousResultId: string, tokens: TokenData): SemanticTokens | SemanticTokensDelta {
    const previous = this.last.get(uri);
    if (!previous || previous.id !== previousResultId) return this.full(uri, tokens);
    const data = tokens.values;
    const old = previous.data;
    const id = String(this.next++);
    this.last.set(uri, { id, data });
    let prefix = 0;
    const shorter = Math.min(old.length, data.length);
    while (prefix < shorter && old[prefix] === data[prefix]) prefix++;
    if (prefix === old.length && prefix === data.length) return { resultId: id, edits: [] };
    let suffix = 0;
    while (suffix < shorter - prefix && old[old.length - 1 - suffix] === data[data.length - 1 - suffix]) suffix++;
    return { resultId: id, edits: [{ start: prefix, deleteCount: old.length - prefix - suffix, data: Array.from(data.subarray(prefix, data.length - suffix)) }] };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

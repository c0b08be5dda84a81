/**
 * `HclParser.editModel` on texts with CRLF line ends and a byte-order mark: typing, Enter (as "\r\n") and
 * deleting lines give the model a fresh parse gives, and typing in a value is still handled item by item.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHclParser, type TextEdit } from '../support/parser.js';
import type { SyntaxModel } from '../../server/src/hcl/parse.js';
import { prng } from '../support/prng.js';
import { positionAt as at } from '../support/text-edits.js';

const TEMPLATE = '\uFEFFvariable "region" {\r\n  default = "eu-west-1"\r\n}\r\n\r\nlocals {\r\n  a = "x-${var.region}"\r\n  b = [1, 2]\r\n}\r\n\r\ntop = 1\r\n';

const TYPING = ['x', 'ab', '1', ' ', '\r\n', '\r\n  k = 2', ''];

test('CRLF and a BOM: whenever editModel answers, it equals a fresh parse', async () => {
  const parser = await getHclParser();
  let answered = 0;
  for (let run = 0; run < 40; run++) {
    const random = prng(300 + run);
    const restart = (): SyntaxModel => {
      const parsed = parser.parse(TEMPLATE, 'f.pkr.hcl');
      parsed.tree.delete();
      return parsed;
    };
    let model = restart();
    for (let step = 0; step < 15; step++) {
      const text = model.text;
      // Inside strings and numbers mostly, where typing keeps the file clean.
      const inside = [...text.matchAll(/"[^"\r\n]*"|\b\d+\b/g)].flatMap((m) => [m.index + 1, m.index + m[0].length - 1]);
      const start = random() < 0.85 ? inside[Math.floor(random() * inside.length)]! : Math.floor(random() * text.length);
      const end = Math.min(text.length, start + (random() < 0.7 ? 0 : 2));
      const inserted = TYPING[Math.floor(random() * TYPING.length)]!;
      const next = text.slice(0, start) + inserted + text.slice(end);
      const edit: TextEdit = { range: { start: at(text, start), end: at(text, end) }, newText: inserted };
      const fresh = parser.parse(next, 'f.pkr.hcl');
      fresh.tree.delete();
      const edited = parser.editModel(model, [edit], next);
      if (edited) {
        answered++;
        assert.deepEqual(JSON.parse(JSON.stringify(edited.ast)), JSON.parse(JSON.stringify(fresh.ast)), JSON.stringify(next));
        assert.deepEqual(edited.diagnostics, fresh.diagnostics);
        assert.equal(edited.lines.lineCount, fresh.lines.lineCount);
        model = edited;
        // An edit gives up the model it started from (its items move in place): a text with errors starts over.
      } else model = fresh.diagnostics.length === 0 ? fresh : restart();
    }
  }
  assert.ok(answered > 200, `editModel answered only ${answered} times`);
});

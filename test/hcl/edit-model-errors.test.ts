/**
 * `HclParser.editModel` on files with syntax errors: typing inside the broken part (re-parsing the part between
 * the clean items around it) and typing in a clean item while another is broken (re-parsing that item alone).
 * Whenever it answers, the answer must equal a fresh parse of the new text, AST and diagnostics alike; the tests
 * also count how often each way answered, so they cannot pass by declining.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getHclParser, type HclParser, type TextEdit } from '../support/parser.js';
import type { SyntaxModel } from '../../server/src/hcl/parse.js';
import { comparePositions } from '../../server/src/hcl/diagnostic.js';
import { healthOf } from '../../server/src/hcl/syntax/health.js';
import { SAMPLE_ITEMS, lspEdit, renderAst as render } from '../support/text-edits.js';

// The sample's heredoc as a string: with a heredoc after the errors editModel declines (tested in edit-model.test.ts).
const WITHOUT_HEREDOC = SAMPLE_ITEMS.replace(/<<-EOT\n[^]*?\n\s*EOT\n/, '"#!/bin/sh"\n');

const TEMPLATE = `${WITHOUT_HEREDOC}
variable "count" {
  default = 3
}

build {
  sources = ["source.amazon-ebs.main"]

  provisioner "shell" {
    inline = ["echo \${var.region}", "echo done"]
  }
}

last = "end"
`;

/** What someone half-way through typing leaves behind, placed at the start of a line. */
const BROKEN_LINES = ['broken = [1 2]\n', 'x = "abc\n', 'y = [1,\n', 'z = \n', 'w = (1 + \n', 'v = { a = 1 \n', 'q = foo(1,\n', 'b "x" {\n  k = \n}\n', 'u = 1 +\n'];

function assertSameAsFresh(model: SyntaxModel, fresh: SyntaxModel, why: string): void {
  assert.equal(render(model.ast), render(fresh.ast), why);
  assert.deepEqual(model.diagnostics, fresh.diagnostics, why);
  assert.equal(model.text, fresh.text);
  assert.equal(model.lines.lineCount, fresh.lines.lineCount);
}

function parseModel(parser: HclParser, text: string): SyntaxModel {
  const parsed = parser.parse(text, 'f.pkr.hcl');
  parsed.tree.delete();
  return parsed;
}

/** Line starts of `text`: where a broken line is inserted. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Whether an edit of `model` lies in its broken part: after its last clean item before the errors, before the first after them. */
function inBrokenPart(model: SyntaxModel, edit: TextEdit): boolean {
  const health = healthOf(model.ast);
  if (health?.kind !== 'confined') return false;
  const items = model.ast.body.items;
  const lo = items[health.lo];
  const hi = items[health.hi];
  return (!lo || comparePositions(lo.range.end, edit.range.start) <= 0) && (!hi || comparePositions(edit.range.end, hi.range.start) <= 0);
}

const TYPING = ['x', 'ab', '9', ' ', '-', '😀', '\n', 'k = 1\n', '"', ']', ')', '}', ',', '2'];
// No '.': `x .` then a line starting with a digit crashes the converter (a legacy index split over lines), in a
// fresh parse as much as here.
const BREAKING = ['"', '{', '}', '${', '# c', '[', ']', '(', ')', ',', 'EOT', '<<EOT\n', '/*', '= ='];

interface Counts {
  /** Answers for edits in the broken part of a file with errors. */
  broken: number;
  /** Answers for edits in a clean item of a file with errors elsewhere. */
  elsewhere: number;
  declined: number;
}

/** Runs random edit sequences from `text` with a broken line inserted, checking every answer against a fresh parse. */
async function runEdits(parser: HclParser, counts: Counts, numRuns: number, nearBroken: boolean, seed: number): Promise<void> {
  const starts = lineStarts(TEMPLATE);
  const edit = fc.record({
    pick: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })),
    near: fc.noBias(fc.integer({ min: -12, max: 12 })),
    remove: fc.nat(2),
    insert: fc.oneof({ arbitrary: fc.constantFrom(...TYPING), weight: 4 }, { arbitrary: fc.constantFrom(...BREAKING), weight: 1 }),
  });
  const scenario = fc.record({
    line: fc.noBias(fc.integer({ min: 0, max: starts.length - 1 })),
    broken: fc.constantFrom(...BROKEN_LINES),
    steps: fc.array(edit, { minLength: 1, maxLength: 10 }),
  });
  await fc.assert(
    fc.asyncProperty(scenario, async ({ line, broken, steps }) => {
      const where = starts[line] ?? 0;
      let text = TEMPLATE.slice(0, where) + broken + TEMPLATE.slice(where);
      let model = parseModel(parser, text);
      // The place being typed at: in the broken line, or anywhere.
      let cursor = where + broken.length - 1;
      for (const step of steps) {
        const start = nearBroken ? Math.max(0, Math.min(text.length, cursor + step.near)) : Math.floor(step.pick * text.length);
        const end = Math.min(text.length, start + step.remove);
        const change = lspEdit(text, start, end, step.insert);
        text = text.slice(0, start) + step.insert + text.slice(end);
        cursor = start + step.insert.length;
        const fresh = parseModel(parser, text);
        const edited = parser.editModel(model, [change], text);
        if (!edited) {
          counts.declined++;
          model = fresh;
          continue;
        }
        assertSameAsFresh(edited, fresh, JSON.stringify({ before: model.text, change }));
        if (model.diagnostics.length > 0) {
          if (inBrokenPart(model, change)) counts.broken++;
          else counts.elsewhere++;
        }
        model = edited;
      }
    }),
    // A fixed seed keeps the counts below stable; the runs still cover hundreds of files and thousands of edits.
    { numRuns, seed },
  );
}

test('typing next to a syntax error: whenever editModel answers, it equals a fresh parse', async () => {
  const parser = await getHclParser();
  const counts: Counts = { broken: 0, elsewhere: 0, declined: 0 };
  await runEdits(parser, counts, 300, true, 4);
  assert.ok(counts.broken > 600, `answered in the broken part only ${counts.broken} times (${JSON.stringify(counts)})`);
  assert.ok(counts.declined > 50, `declined only ${counts.declined} times`);
});

test('typing anywhere in a file with a syntax error: whenever editModel answers, it equals a fresh parse', async () => {
  const parser = await getHclParser();
  const counts: Counts = { broken: 0, elsewhere: 0, declined: 0 };
  await runEdits(parser, counts, 300, false, 5);
  assert.ok(counts.elsewhere > 120, `answered in clean items only ${counts.elsewhere} times (${JSON.stringify(counts)})`);
  assert.ok(counts.broken > 300, `answered in the broken part only ${counts.broken} times (${JSON.stringify(counts)})`);
  assert.ok(counts.declined > 50, `declined only ${counts.declined} times`);
});

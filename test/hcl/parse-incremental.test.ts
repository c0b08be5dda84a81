/**
 * Incremental parsing (`parse(text, file, { parsed, edits })`) reuses the converted AST of untouched top-level
 * items; whatever the edits, the result must equal a fresh parse of the new text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getHclParser, type ParsedFile, type TextEdit } from '../support/parser.js';
import { lspEdit, renderAst as render } from '../support/text-edits.js';

const TEMPLATE = `# header comment
variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  name  = "\${var.region}-\${upper("app")}"
  sizes = [for n in [1, 2, 3] : n * 2 if n != 2]
}

source "amazon-ebs" "main" {
  ami_name  = "ami-\${local.name}"
  user_data = <<-EOT
    #!/bin/sh
    echo "\${local.name}"
    EOT
  tags = { Name = "x", Count = 3 }
}

top = 1 + 2
build {
  sources = ["source.amazon-ebs.main"]
}
`;

function assertSameAsFresh(incremental: ParsedFile, fresh: ParsedFile): void {
  assert.equal(render(incremental.ast), render(fresh.ast));
  assert.deepEqual(incremental.diagnostics, fresh.diagnostics);
}

const SNIPPETS = ['x', '"', '{', '}', '\n', ' = ', '${', '}"', '1', '# c\n', '[', ']', 'a = 1\n', '<<EOT\n', 'EOT\n', '\\', '😀', 'b {\n', '\n\n', '%{ if x }'];

test('random edit sequences give the same AST and diagnostics as fresh parses', async () => {
  const parser = await getHclParser();
  const change = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat(6),
    insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 4 })),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (steps) => {
      let current = parser.parse(TEMPLATE, 'f.hcl');
      for (const changes of steps) {
        // Several edits in one change event apply one after the other, as in LSP didChange.
        let text = current.text;
        const edits: TextEdit[] = [];
        for (const c of changes) {
          const start = Math.floor(c.at * text.length);
          const end = Math.min(text.length, start + c.remove);
          edits.push(lspEdit(text, start, end, c.insert));
          text = text.slice(0, start) + c.insert + text.slice(end);
        }
        const incremental = parser.parse(text, 'f.hcl', { parsed: current, edits });
        const fresh = parser.parse(text, 'f.hcl');
        assertSameAsFresh(incremental, fresh);
        fresh.tree.delete();
        current.tree.delete();
        current = incremental;
      }
      current.tree.delete();
    }),
    { numRuns: 150 },
  );
});

test('a text with errors equals a fresh parse where tree-sitter recovers differently from the old tree', async () => {
  // Found by the property above: `b {` typed above the file and its last newline turned into `{`.
  const parser = await getHclParser();
  const first = parser.parse(TEMPLATE, 'f.hcl');
  const edits = [lspEdit(TEMPLATE, 0, 0, 'b {\n'), lspEdit(`b {\n${TEMPLATE}`, TEMPLATE.length + 3, TEMPLATE.length + 4, '{')];
  const text = `b {\n${TEMPLATE.slice(0, -1)}{`;
  const next = parser.parse(text, 'f.hcl', { parsed: first, edits });
  const fresh = parser.parse(text, 'f.hcl');
  assertSameAsFresh(next, fresh);
  assert.equal(next.diagnostics.length, 1);
  for (const p of [first, next, fresh]) p.tree.delete();
});

test('items above an edit are reused as they are, items below it are moved', async () => {
  const parser = await getHclParser();
  const first = parser.parse(TEMPLATE, 'f.hcl');
  const previousItems = [...first.ast.body.items];
  const linesBefore = previousItems.map((i) => i.range.start.line);
  const at = TEMPLATE.indexOf('"ami-') + 1;
  const text = TEMPLATE.slice(0, at) + 'new-\n' + TEMPLATE.slice(at);
  const next = parser.parse(text, 'f.hcl', { parsed: first, edits: [lspEdit(TEMPLATE, at, at, 'new-\n')] });
  const fresh = parser.parse(text, 'f.hcl');
  assertSameAsFresh(next, fresh);
  const [variable, locals, source, top, build] = next.ast.body.items;
  assert.equal(variable, previousItems[0]);
  assert.equal(locals, previousItems[1]);
  assert.notEqual(source, previousItems[2]);
  // Moved one line down, in place: the same objects, their lines moved.
  assert.equal(top, previousItems[3]);
  assert.equal(build, previousItems[4]);
  assert.equal(top!.range.start.line, linesBefore[3]! + 1);
  assert.equal(build!.range.start.line, linesBefore[4]! + 1);
  assert.equal(variable!.range.start.line, linesBefore[0]);
  for (const p of [first, next, fresh]) p.tree.delete();
});

test('an item with a syntax error is converted again, and reported again, after an unrelated edit', async () => {
  const parser = await getHclParser();
  const broken = TEMPLATE.replace('top = 1 + 2', 'top = 1 +');
  const first = parser.parse(broken, 'f.hcl');
  assert.deepEqual(first.diagnostics.map((d) => d.summary), ['Invalid expression']);
  const text = 'x = 0\n' + broken;
  const next = parser.parse(text, 'f.hcl', { parsed: first, edits: [lspEdit(broken, 0, 0, 'x = 0\n')] });
  const fresh = parser.parse(text, 'f.hcl');
  assertSameAsFresh(next, fresh);
  assert.equal(next.diagnostics[0]?.range?.start.line, (first.diagnostics[0]?.range?.start.line ?? 0) + 1);
  for (const p of [first, next, fresh]) p.tree.delete();
});

test('edits that do not lead to the new text fall back to a full parse', async () => {
  const parser = await getHclParser();
  const first = parser.parse(TEMPLATE, 'f.hcl');
  const text = TEMPLATE.replace('eu-west-1', 'us-east-2');
  const next = parser.parse(text, 'f.hcl', { parsed: first, edits: [lspEdit(TEMPLATE, 0, 0, 'unrelated')] });
  const fresh = parser.parse(text, 'f.hcl');
  assertSameAsFresh(next, fresh);
  for (const p of [first, next, fresh]) p.tree.delete();
});

test('a text with errors, parsed afresh, reuses the clean items of the previous parse by their text', async () => {
  const parser = await getHclParser();
  const random = (await import('../support/prng.js')).prng(4242);
  const BROKEN = ['x = [1 2]\n', 'y = 1 +\n', 'z = "a\n', 'w = {\n', 'b "l" {\n  k = \n}\n'];
  let reusedItems = 0;
  let brokenParses = 0;
  for (let run = 0; run < 40; run++) {
    const lineStarts = [0, ...[...TEMPLATE.matchAll(/\n/g)].map((m) => m.index + 1).filter((i) => i < TEMPLATE.length)];
    const where = lineStarts[Math.floor(random() * lineStarts.length)]!;
    let current = parser.parse(TEMPLATE.slice(0, where) + BROKEN[run % BROKEN.length]! + TEMPLATE.slice(where), 'f.hcl');
    for (let step = 0; step < 8; step++) {
      const start = Math.floor(random() * current.text.length);
      const end = Math.min(current.text.length, start + Math.floor(random() * 3));
      const insert = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
      const text = current.text.slice(0, start) + insert + current.text.slice(end);
      const next = parser.parse(text, 'f.hcl', { parsed: current, edits: [lspEdit(current.text, start, end, insert)] });
      const fresh = parser.parse(text, 'f.hcl');
      assertSameAsFresh(next, fresh);
      if (next.diagnostics.length > 0) {
        brokenParses++;
        const before = new Set<object>(current.ast.body.items);
        reusedItems += next.ast.body.items.filter((i) => before.has(i)).length;
      }
      for (const p of [current, fresh]) p.tree.delete();
      current = next;
    }
    current.tree.delete();
  }
  assert.ok(brokenParses > 100, `only ${brokenParses} parses of texts with errors`);
  assert.ok(reusedItems > brokenParses * 1.5, `only ${reusedItems} items reused in ${brokenParses} parses of texts with errors`);
});

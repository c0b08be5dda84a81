/**
 * The plain-JS tree copy (syntax/tree.ts) reads tree-sitter through web-tree-sitter internals and derives what it
 * can instead of reading it. Checked here against an independent copy made through the public Node API, over
 * every conformance fixture and inputs full of errors (which take the read-everything path).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { getHclParser } from '../support/parser.js';
import { copyTree, type SyntaxNode, type TopLevelHook } from '../../server/src/hcl/syntax/tree.js';
import { directWalks } from '../../server/src/hcl/syntax/walker.js';

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return find(p);
    return p.endsWith('.hcl') ? [p] : [];
  });
}

/** The same shape as SyntaxNode, built through the public API: every node, comments left out. */
function viaPublicApi(node: Node): SyntaxNode {
  return {
    type: node.type,
    named: node.isNamed,
    missing: node.isMissing,
    start: node.startIndex,
    end: node.endIndex,
    children: node.children.filter((c): c is Node => c !== null && c.type !== 'comment').map(viaPublicApi),
  };
}

const copyAll: TopLevelHook = { standIn: () => undefined, copied: () => undefined };

/** Error-free, with every kind of fixed-text token, whose end the copy derives rather than reads. */
const EVERY_TOKEN = `a = f(x...)
b = { for k, v in m : k => v... if !v.c }
c = "\${~ x ~}%{~ if a ~}y%{ else }z%{ endif }%{ for i in l }\${i}%{ endfor }"
d = [null, true, false, -1, 2 * 3 / 4 % 5 + 6 - 7, a < b, a <= b, a > b, a >= b, a == b, a != b, a && b || c]
e = x.*.y[*].z[0].1
f = a ? b : c
g = <<-EOT
  h \${i}
  EOT
j { k = 1 }
`;

const BROKEN = [
  'a = \nb = [1, 2\nc = "x${y"\n',
  'block "x" {\n  a = (1 + \n',
  'x = <<EOT\nno end\n',
  'a = {\n  b = [for x in y : x if]\n',
  '}}} {{ %{ if } ${ ~} \\q 😀 \r\n a = b.',
  'a = 1 b = 2\nc { d = 1, e = 2 }\n',
  'v = "%{ for x in y }${x}%{ endif }"\n',
];

test('walks go through the direct wasm cursor', async () => {
  await getHclParser();
  // If a web-tree-sitter upgrade drops the internals, walks silently fall back to the public cursor (~5x slower).
  assert.equal(directWalks(), true);
});

test('the tree copy matches the public node API, with and without errors', async () => {
  const parser = await getHclParser();
  const inputs = [EVERY_TOKEN, ...find(CONFORMANCE_DIR).map((f) => readFileSync(f, 'utf8')), ...BROKEN];
  assert.ok(inputs.length > 150);
  const clean = parser.parse(EVERY_TOKEN, 'f.hcl');
  assert.deepEqual(clean.diagnostics, []);
  clean.tree.delete();
  let withErrors = 0;
  for (const text of inputs) {
    const { tree } = parser.parse(text, 'f.hcl');
    if (tree.rootNode.hasError) withErrors++;
    const expected = JSON.stringify(viaPublicApi(tree.rootNode));
    assert.equal(JSON.stringify(copyTree(tree, copyAll)), expected, text.slice(0, 200));
    assert.equal(JSON.stringify(copyTree(tree, copyAll, { direct: false })), expected, text.slice(0, 200));
    tree.delete();
  }
  assert.ok(withErrors >= BROKEN.length);
});

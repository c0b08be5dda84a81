import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionString, parseTemplate, TemplateError, type Tree } from '../../server/src/packer/legacy-json/go-template/parse.js';
import { execute, type GoFunc } from '../../server/src/packer/legacy-json/go-template/exec.js';

/** Expectations recorded from Go's text/template by test/upgrade/go-oracle (same stub functions as below). */
interface Expected {
  readonly input: string;
  readonly error?: string;
  readonly nodes?: readonly string[];
  readonly exec?: string;
  readonly execError?: string;
}
const CASES: Expected[] = JSON.parse(readFileSync(join(process.cwd(), 'test/upgrade/fixtures/go-template-expected.json'), 'utf8'));

const FUNCS = new Map<string, GoFunc>([
  ['user', { params: ['string'], call: ([s]) => `<user:${s}>` }],
  ['env', { params: ['string'], call: ([s]) => `<env:${s}>` }],
  ['timestamp', { params: [], call: () => '<ts>' }],
  ['isotime', { params: [], variadic: 'string', call: (a) => `<iso:${a.join(',')}>` }],
  ['split', { params: ['string', 'string', 'int'], call: ([a, b, n]) => `<split:${a},${b},${n}>` }],
  ['lower', { params: ['string'], call: ([a]) => `<lower:${a}>` }],
]);

function nodeStrings(tree: Tree): string[] {
  return tree.root.map((n) => {
    if (n.kind === 'text') return `*parse.TextNode ${n.text}`;
    if (n.kind === 'action') return `*parse.ActionNode ${actionString(n.pipe)}`;
    return `*parse.${n.goType}`;
  });
}

describe('Go text/template subset agrees with Go', () => {
  assert.ok(CASES.length > 80);
  for (const c of CASES) {
    it(JSON.stringify(c.input), () => {
      let tree: Tree;
      try {
        tree = parseTemplate('hcl2_upgrade', c.input, new Set(FUNCS.keys()));
      } catch (err) {
        assert.ok(err instanceof TemplateError);
        assert.equal(err.message, c.error);
        return;
      }
      assert.equal(c.error, undefined, 'Go fails to parse this');
      const expectedNodes = (c.nodes ?? []).map((n) => (n.startsWith('*parse.ActionNode') || n.startsWith('*parse.TextNode') ? n : n.split(' ')[0]));
      assert.deepEqual(nodeStrings(tree), expectedNodes);
      if (tree.root.some((n) => n.kind === 'other')) return;
      try {
        assert.equal(execute(tree, FUNCS), c.exec ?? '');
        assert.equal(c.execError, undefined, 'Go fails to execute this');
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        assert.equal(err.message, c.execError);
      }
    });
  }
});

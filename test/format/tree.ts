/** Parses HCL with tree-sitter for the formatter tests (the shared parser support is used once it exists). */
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let parser: Parser | undefined;

export async function treeSitterParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const lang = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'));
  const p = new Parser();
  p.setLanguage(lang);
  parser = p;
  return p;
}

export async function parseTree(text: string): Promise<Tree> {
  const tree = (await treeSitterParser()).parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Document links: paths given to file functions and provisioner `script`/`scripts`/`source` attributes. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { DocumentLink } from 'vscode-languageserver';
import type * as ast from '../hcl/ast.js';
import type { Analysis } from './analysis.js';
import { forEachExpression } from './ast-walk.js';
import type { Document } from './documents.js';
import { toLspRange } from './positions.js';
import { fileToUri } from './uris.js';

const FILE_FUNCTIONS = new Set(['file', 'templatefile', 'fileexists', 'filebase64']);
const PATH_ATTRIBUTES = new Set(['script', 'scripts', 'source']);

function literal(e: ast.Expression): string | undefined {
  return e.kind === 'template' && e.parts.length === 1 && e.parts[0]!.kind === 'literal' ? e.parts[0]!.value : undefined;
}

export function documentLinks(doc: Document, analysis: Analysis): DocumentLink[] {
  const root = analysis.template?.rootDir ?? analysis.files.root;
  const out: DocumentLink[] = [];
  const link = (e: ast.Expression) => {
    const p = literal(e);
    if (!p || p.includes('\n')) return;
    const full = isAbsolute(p) ? p : resolve(root, p);
    if (!existsSync(full)) return;
    const r = toLspRange(e.range);
    // Inside the quotes, so the link underlines the path only.
    out.push({ range: { start: { line: r.start.line, character: r.start.character + 1 }, end: { line: r.end.line, character: Math.max(r.start.character + 1, r.end.character - 1) } }, target: fileToUri(full) });
  };
  const seen = new Set<ast.Expression>();
  forEachExpression(doc.model.ast.body, (e, attr, block) => {
    if (e.kind === 'call' && FILE_FUNCTIONS.has(e.name) && e.args[0]) link(e.args[0]);
    if (e === attr.expr && block && (block.type === 'provisioner' || block.type === 'error-cleanup-provisioner') && PATH_ATTRIBUTES.has(attr.name) && !seen.has(e)) {
      seen.add(e);
      if (e.kind === 'tuple') e.items.forEach(link);
      else link(e);
    }
  });
  return out;
}

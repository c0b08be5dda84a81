/** "Build" and "Validate" lenses above each `build` block; the client runs them (see protocol.ts commands). */
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import type { Document } from './documents.js';
import { toLspRange } from './positions.js';
import { BUILD_COMMAND, VALIDATE_COMMAND } from './protocol.js';

export function codeLenses(doc: Document, analysis: Analysis): CodeLens[] {
  const out: CodeLens[] = [];
  const path = analysis.files.root;
  for (const d of analysis.index.declarations) {
    if (d.kind !== 'build' || d.uri !== doc.uri || !d.block) continue;
    const range = toLspRange(d.block.typeRange);
    const args = d.name ? [path, d.name] : [path];
    out.push({ range, command: { title: d.name ? `▶ Build ${d.name}` : '▶ Build', command: BUILD_COMMAND, arguments: args } });
    out.push({ range, command: { title: 'Validate', command: VALIDATE_COMMAND, arguments: [path] } });
  }
  return out;
}

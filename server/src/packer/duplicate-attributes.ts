/**
 * HCL rejects a body that sets the same argument twice ("Attribute redefined"), whatever the block. The parser
 * may already report it; this check covers bodies it did not, without repeating its diagnostics.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { error, posText } from './diagnostics.js';

function sameStart(a: Diagnostic, b: Diagnostic): boolean {
  return a.summary === b.summary && a.range?.file === b.range?.file && a.range?.start.line === b.range?.start.line && a.range?.start.character === b.range?.start.character;
}

export function checkDuplicateAttributes(body: ast.Body, diags: Diagnostic[]): void {
  const seen = new Map<string, ast.Attribute>();
  for (const item of body.items) {
    if (item.kind === 'block') {
      checkDuplicateAttributes(item.body, diags);
      continue;
    }
    const prev = seen.get(item.name);
    if (!prev) {
      seen.set(item.name, item);
      continue;
    }
    const d = error(
      'Attribute redefined',
      `The argument "${item.name}" was already set at ${posText(prev.nameRange)}. Each argument may be set only once.`,
      item.nameRange,
    );
    if (!diags.some((x) => sameStart(x, d))) diags.push(d);
  }
}

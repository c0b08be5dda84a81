/**
 * HCL rejects a body that sets the same argument twice ("Attribute redefined"), whatever the block. The parser
 * may already report it; this check covers bodies it did not, without repeating its diagnostics.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { MovedCache } from '../hcl/syntax/moved.js';
import { error, posText } from './diagnostics.js';

function sameStart(a: Diagnostic, b: Diagnostic): boolean {
  return a.summary === b.summary && a.range?.file === b.range?.file && a.range?.start.line === b.range?.start.line && a.range?.start.character === b.range?.start.character;
}

export function checkDuplicateAttributes(body: ast.Body, diags: Diagnostic[]): void {
  const found: Diagnostic[] = [];
  collect(body, found);
  for (const d of found) if (!diags.some((x) => sameStart(x, d))) diags.push(d);
}

/**
 * A block's findings depend on nothing but the block: kept by block, so a re-parse has only the edited block
 * walked again. Findings name lines in their text: a block an edit moved (hcl/syntax/shift.ts) that had some is
 * walked again; nearly all found nothing, which needs no re-basing.
 */
const byBlock = new MovedCache<ast.Block, readonly Diagnostic[] | undefined>((found) => (found && found.length === 0 ? found : undefined));

function collect(body: ast.Body, out: Diagnostic[]): void {
  const seen = new Map<string, ast.Attribute>();
  for (const item of body.items) {
    if (item.kind === 'block') {
      let inner = byBlock.get(item);
      if (!inner) {
        const found: Diagnostic[] = [];
        collect(item.body, found);
        inner = found;
        byBlock.set(item, inner);
      }
      out.push(...inner);
      continue;
    }
    const prev = seen.get(item.name);
    if (!prev) {
      seen.set(item.name, item);
      continue;
    }
    out.push(
      error(
        'Attribute redefined',
        `The argument "${item.name}" was already set at ${posText(prev.nameRange)}. Each argument may be set only once.`,
        item.nameRange,
      ),
    );
  }
}

/**
 * HCL's verdict on a block's labels against the label names its schema declares (hclsyntax Body.Content):
 * the same summaries, details and subjects Packer prints for every block type it decodes.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic, Range } from '../hcl/diagnostic.js';
import { error } from './diagnostics.js';

export function labelCountError(block: ast.Block, names: readonly string[]): Diagnostic | undefined {
  const n = block.labels.length;
  if (n === names.length) return undefined;
  if (n < names.length) {
    return error(`Missing ${names[n]} for ${block.type}`, `All ${block.type} blocks must have ${names.length} labels (${names.join(', ')}).`, block.openBraceRange);
  }
  const detail = names.length === 0 ? `No labels are expected for ${block.type} blocks.` : `Only ${names.length} labels (${names.join(', ')}) are expected for ${block.type} blocks.`;
  return error(`Extraneous label for ${block.type}`, detail, block.labels[names.length]!.range);
}

/** hcl.Block's DefRange: from the block type to its last label, what Packer cites for a block. */
export function definitionRange(block: ast.Block): Range {
  const last = block.labels[block.labels.length - 1];
  return last ? { file: block.typeRange.file, start: block.typeRange.start, end: last.range.end } : block.typeRange;
}

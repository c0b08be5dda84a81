/**
 * HCL's "Unsupported argument" / "Unsupported block type" diagnostics (hclsyntax Body.Content), with its
 * did-you-mean rules, for every body Packer decodes against a schema. The suggestion also rides in `data` for
 * the editor's quick fix.
 */
import type { Diagnostic, Range } from '../hcl/diagnostic.js';
import { nameSuggestion } from '../hcl/eval/suggest.js';
import { error } from './diagnostics.js';

/** What a body's schema accepts; candidates for a suggestion. */
export interface ExpectedContent {
  readonly attributes: readonly string[];
  readonly blocks: readonly string[];
}

const NOTHING: ExpectedContent = { attributes: [], blocks: [] };

function withSuggestion(d: Diagnostic, suggestion: string | undefined): Diagnostic {
  return suggestion ? { ...d, data: { suggestion } } : d;
}

export function unsupportedArgument(name: string, range: Range, expected: ExpectedContent = NOTHING): Diagnostic {
  const suggestion = nameSuggestion(name, expected.attributes);
  let hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  if (!suggestion && expected.blocks.includes(name)) hint = ` Did you mean to define a block of type "${name}"?`;
  return withSuggestion(error('Unsupported argument', `An argument named "${name}" is not expected here.${hint}`, range, 'unsupported-argument'), suggestion);
}

export function unsupportedBlock(type: string, range: Range, expected: ExpectedContent = NOTHING): Diagnostic {
  const suggestion = nameSuggestion(type, expected.blocks);
  let hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  if (!suggestion && expected.attributes.includes(type)) {
    hint = ` Did you mean to define argument "${type}"? If so, use the equals sign to assign it a value.`;
  }
  return withSuggestion(error('Unsupported block type', `Blocks of type "${type}" are not expected here.${hint}`, range, 'unsupported-block'), suggestion);
}

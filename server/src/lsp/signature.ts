/** Signature help for function calls, from the cursor context (the call may be unfinished). */
import type { SignatureHelp } from 'vscode-languageserver';
import { typeName } from '../hcl/types.js';
import type { Analysis } from './analysis.js';
import { cursorContext } from './cursor-context.js';
import { functionSignature } from './describe.js';
import type { Document } from './documents.js';

export function signatureHelp(doc: Document, offset: number, analysis: Analysis): SignatureHelp | null {
  const ctx = cursorContext(doc.text, offset);
  if (!ctx.call) return null;
  const fn = analysis.functions.get(ctx.call.name);
  if (!fn) return null;
  const params = fn.params.map((p) => ({ label: `${p.name} ${typeName(p.type)}` }));
  if (fn.varParam) params.push({ label: `...${fn.varParam.name} ${typeName(fn.varParam.type)}` });
  const active = Math.min(ctx.call.argIndex, Math.max(0, params.length - 1));
  return {
    signatures: [{ label: functionSignature(ctx.call.name, fn), ...(fn.description ? { documentation: fn.description } : {}), parameters: params, activeParameter: active }],
    activeSignature: 0,
    activeParameter: active,
  };
}

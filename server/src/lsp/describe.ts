/** Short texts about template symbols and functions, shared by completion, hover and signature help. */
import type { HclFunction } from '../hcl/function.js';
import { renderHcl } from '../hcl/render.js';
import { constraintName, typeName } from '../hcl/types.js';
import type { Value } from '../hcl/value.js';
import type { Local, Variable } from '../packer/model.js';

const MAX_VALUE_TEXT = 200;

/** A value as HCL, sensitive values masked, shortened for one-line display. */
export function valueText(v: Value | undefined, sensitive = false): string {
  if (!v) return '<unknown>';
  if (sensitive) return '<sensitive>';
  const s = renderHcl(v);
  return s.length > MAX_VALUE_TEXT ? `${s.slice(0, MAX_VALUE_TEXT - 1)}…` : s;
}

export function functionSignature(name: string, fn: HclFunction): string {
  const params = fn.params.map((p) => `${p.name} ${typeName(p.type)}`);
  if (fn.varParam) params.push(`...${fn.varParam.name} ${typeName(fn.varParam.type)}`);
  return `${name}(${params.join(', ')})`;
}

export function functionSnippet(name: string, fn: HclFunction): string {
  const params = fn.params.map((p, i) => `\${${i + 1}:${p.name}}`);
  return `${name}(${params.join(', ')}${params.length === 0 && fn.varParam ? '$1' : ''})$0`;
}

export function variableMarkdown(v: Variable): string {
  const lines = [`**variable** \`${v.name}\`: \`${constraintName(v.type)}\``];
  if (v.description) lines.push('', v.description);
  lines.push('', `Value (${v.source}): \`${valueText(v.value, v.sensitive)}\``);
  return lines.join('\n');
}

export function localMarkdown(l: Local): string {
  return `**local** \`${l.name}\`\n\nValue: \`${valueText(l.value, l.sensitive)}\``;
}

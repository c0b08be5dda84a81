/** Inlay hints: the resolved value after each `var.` / `local.` reference (sensitive values masked). */
import { InlayHintKind, type InlayHint, type Range as LspRange } from 'vscode-languageserver';
import { entriesOfValue, elementsOf, type Value } from '../hcl/value.js';
import type { Analysis } from './analysis.js';
import { valueText } from './describe.js';
import type { Document } from './documents.js';
import { offsetsOf, toLspPosition } from './positions.js';

/** Follows static steps into a known value; undefined when a step cannot be followed. */
function follow(v: Value, steps: readonly string[]): Value | undefined {
  let cur = v;
  for (const s of steps) {
    if (cur.isSensitive) return cur;
    if (!cur.isKnown || cur.isNull) return undefined;
    const k = cur.type.kind;
    if (k === 'object' || k === 'map') {
      const next = entriesOfValue(cur).get(s);
      if (!next) return undefined;
      cur = next;
    } else if (k === 'list' || k === 'tuple') {
      const next = /^\d+$/.test(s) ? elementsOf(cur)[Number(s)] : undefined;
      if (!next) return undefined;
      cur = next;
    } else return undefined;
  }
  return cur;
}

export function inlayHints(doc: Document, range: LspRange | undefined, analysis: Analysis): InlayHint[] {
  const t = analysis.template;
  if (!t) return [];
  const { start, end } = range ? offsetsOf(doc.lines, range) : { start: 0, end: doc.text.length };
  const out: InlayHint[] = [];
  for (const tr of analysis.index.traversals.get(doc.uri) ?? []) {
    if (doc.lines.offsetOf(tr.range.end) < start || doc.lines.offsetOf(tr.range.start) > end) continue;
    const [first, ...rest] = tr.steps;
    if (!first) continue;
    let value: Value | undefined;
    let sensitive = false;
    if (tr.root === 'var') {
      const v = t.variables.get(first.name);
      value = v?.value;
      sensitive = v?.sensitive ?? false;
    } else if (tr.root === 'local') {
      const l = t.locals.get(first.name);
      value = l?.value;
      sensitive = l?.sensitive ?? false;
    } else continue;
    const resolved = value ? follow(value, rest.map((s) => s.name)) : undefined;
    if (!resolved || (!resolved.isKnown && !resolved.isSensitive)) continue;
    out.push({ position: toLspPosition(tr.range.end), label: `= ${valueText(resolved, sensitive)}`, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

/** `hcp_packer_registry` blocks (top level or in a build): decoded and checked as Packer does before any build. */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { ConversionError, tryConvert } from '../hcl/convert.js';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import { type Type, type Value, STRING, elementsOf, entriesOfValue, listOf, mapOf } from '../hcl/value.js';
import { error, warning } from './diagnostics.js';

const LABEL = 'hcp_packer_registry';
const ARGUMENTS: ReadonlyMap<string, Type> = new Map([
  ['bucket_name', STRING],
  ['description', STRING],
  ['labels', mapOf(STRING)],
  ['bucket_labels', mapOf(STRING)],
  ['build_labels', mapOf(STRING)],
  ['channels', listOf(STRING)],
]);
const BUCKET_NAME = /^[a-zA-Z0-9-]{3,36}$/;

function size(v: Value | undefined): number {
  if (!v || !v.isKnown || v.isNull) return 0;
  const k = v.type.kind;
  return k === 'map' || k === 'object' ? entriesOfValue(v).size : elementsOf(v).length;
}

export function checkHcpRegistry(block: ast.Block, ctx: EvalContext, diags: Diagnostic[]): void {
  const values = new Map<string, Value>();
  let failed = false;
  for (const item of block.body.items) {
    if (item.kind === 'block') {
      diags.push(error('Unsupported block type', `Blocks of type "${item.type}" are not expected here.`, item.typeRange));
      failed = true;
      continue;
    }
    const want = ARGUMENTS.get(item.name);
    if (!want) {
      diags.push(error('Unsupported argument', `An argument named "${item.name}" is not expected here.`, item.nameRange));
      failed = true;
      continue;
    }
    const r = evaluate(item.expr, ctx);
    diags.push(...r.diagnostics);
    const v = tryConvert(r.value, want);
    if (v instanceof ConversionError) {
      diags.push(error('Unsuitable value type', `Unsuitable value: ${v.message}`, item.expr.range));
      failed = true;
      continue;
    }
    values.set(item.name, v);
  }
  if (failed) return;
  const description = values.get('description');
  // Packer counts bytes (Go len).
  if (typeof description?.raw === 'string' && Buffer.byteLength(description.raw) > 255) {
    diags.push(error(`${LABEL}.description should have a maximum length of 255 characters`, '', block.typeRange));
    return;
  }
  const bucket = values.get('bucket_name');
  if (typeof bucket?.raw === 'string' && bucket.raw !== '' && !BUCKET_NAME.test(bucket.raw)) {
    diags.push(error(`${LABEL}.bucket_name can only contain between 3 and 36 ASCII letters, numbers and hyphens`, '', block.typeRange));
  }
  const labels = size(values.get('labels'));
  if (labels > 0 && size(values.get('bucket_labels')) > 0) {
    diags.push(
      error(
        `${LABEL}.labels and ${LABEL}.bucket_labels are mutually exclusive; please use the recommended argument ${LABEL}.bucket_labels`,
        '',
        block.typeRange,
      ),
    );
    return;
  }
  if (labels > 0) {
    diags.push(
      warning(`the argument ${LABEL}.labels has been deprecated and will be removed in the next minor release; please use ${LABEL}.bucket_labels`, ''),
    );
  }
}

/**
 * Checks a block body against a schema, with the diagnostics HCL itself produces for a plugin spec
 * (hclsyntax Body.Content, hcldec AttrSpec/BlockSpec/BlockListSpec): unsupported arguments and blocks with
 * "Did you mean" suggestions, missing required arguments, repeated arguments and blocks, wrong label counts and
 * values that cannot convert to the attribute's type. Values come from an optional evaluator so that only what
 * is known statically is checked: an unknown value never produces a diagnostic.
 */
import type * as ast from '../../hcl/ast.js';
import type { Diagnostic, Range } from '../../hcl/diagnostic.js';
import { ConversionError, canConvert, mismatchMessage, tryConvert } from '../../hcl/convert.js';
import { nameSuggestion } from '../../hcl/eval/suggest.js';
import { hasDynamicTypes } from '../../hcl/types.js';
import type { Type, Value } from '../../hcl/value.js';
import { posText } from '../diagnostics.js';
import { unsupportedArgument as unsupportedArgumentOf, unsupportedBlock as unsupportedBlockOf } from '../unexpected-content.js';
import type { AttributeSchema, BlockSchema, BodySchema } from './types.js';

export interface ValidateOptions {
  /** The attribute's value when it can be computed now; undefined (or an unknown value) skips value checks. */
  readonly evaluate?: (expr: ast.Expression) => Value | undefined;
  /** The attribute's type when only that is known; used when `evaluate` gives nothing. */
  readonly evaluateType?: (expr: ast.Expression) => Type | undefined;
  /** Also warn about deprecated attributes (editors want this; Packer's own validate is silent about them). */
  readonly deprecations?: boolean;
  /**
   * Report missing required arguments and blocks (default true). Packer checks them when it prepares a build,
   * on the source body merged with the build's `source` block: turn this off for a top-level source body whose
   * builds may add the missing attributes, and check the merged body (or decodeConfig) instead.
   */
  readonly required?: boolean;
}

export function validateBody(body: ast.Body, schema: BodySchema, opts: ValidateOptions = {}): Diagnostic[] {
  const diags: Diagnostic[] = [];
  checkBody(body, schema, opts, braceRange(body), diags);
  return diags;
}

function checkBody(body: ast.Body, schema: BodySchema, opts: ValidateOptions, missingRange: Range, diags: Diagnostic[]): void {
  const seenAttrs = new Map<string, ast.Attribute>();
  const blocksSeen = new Map<string, ast.Block[]>();
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      const prev = seenAttrs.get(item.name);
      if (prev) {
        diags.push(
          err(
            'Attribute redefined',
            `The argument "${item.name}" was already set at ${posText(prev.nameRange)}. Each argument may be set only once.`,
            item.nameRange,
            'duplicate-argument',
          ),
        );
        continue;
      }
      seenAttrs.set(item.name, item);
    }
  }
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      if (seenAttrs.get(item.name) !== item) continue;
      const attrSchema = schema.attributes[item.name];
      if (attrSchema) checkAttribute(item, attrSchema, opts, diags);
      else diags.push(unsupportedArgument(item, schema, seenAttrs));
    } else if (item.type === 'dynamic') {
      checkDynamic(item, schema, opts, diags);
    } else {
      const blockSchema = schema.blocks[item.type];
      if (!blockSchema) {
        diags.push(unsupportedBlock(item.type, item.typeRange, schema));
        continue;
      }
      if (!checkLabels(item, blockSchema, diags)) continue;
      const same = blocksSeen.get(item.type) ?? [];
      same.push(item);
      blocksSeen.set(item.type, same);
      checkBody(item.body, blockSchema, opts, item.openBraceRange, diags);
    }
  }
  for (const [name, attrSchema] of Object.entries(schema.attributes)) {
    if (opts.required !== false && attrSchema.required && !seenAttrs.has(name)) {
      diags.push(err('Missing required argument', `The argument "${name}" is required, but no definition was found.`, missingRange, 'missing-argument'));
    }
  }
  for (const [type, blockSchema] of Object.entries(schema.blocks)) {
    checkBlockCount(blockSchema, blocksSeen.get(type) ?? [], body, opts.required === false ? undefined : missingRange, diags);
  }
}

function checkAttribute(item: ast.Attribute, schema: AttributeSchema, opts: ValidateOptions, diags: Diagnostic[]): void {
  if (opts.deprecations && schema.deprecated) {
    diags.push({
      severity: 'warning',
      summary: 'Deprecated argument',
      detail: `The argument "${item.name}" is deprecated. ${schema.deprecated}`,
      range: item.nameRange,
      code: 'deprecated-argument',
    });
  }
  const value = opts.evaluate?.(item.expr);
  if (value && value.isKnown) {
    const converted = tryConvert(value, schema.type);
    if (converted instanceof ConversionError) {
      diags.push(typeMismatch(item, converted.message));
      return;
    }
    checkEnum(item, schema, converted, diags);
    return;
  }
  if (value) return;
  const type = opts.evaluateType?.(item.expr);
  if (type && !hasDynamicTypes(type) && !canConvert(type, schema.type)) diags.push(typeMismatch(item, mismatchMessage(type, schema.type)));
}

function typeMismatch(item: ast.Attribute, reason: string): Diagnostic {
  return {
    ...err('Incorrect attribute value type', `Inappropriate value for attribute "${item.name}": ${reason}.`, item.expr.range, 'attribute-type'),
    context: span(item.nameRange, item.expr.range),
  };
}

function checkEnum(item: ast.Attribute, schema: AttributeSchema, value: Value, diags: Diagnostic[]): void {
  if (!schema.enum || typeof value.raw !== 'string') return;
  const text = value.raw;
  // Plugins treat an empty string as "not set" and apply their default.
  if (text === '' || schema.enum.includes(text)) return;
  const suggestion = nameSuggestion(text, schema.enum);
  const detail = schema.enumMessage
    ? schema.enumMessage.replace('%s', text)
    : `The value "${text}" is not one of: ${schema.enum.join(', ')}.`;
  diags.push({
    ...err('Invalid value', suggestion ? `${detail} Did you mean "${suggestion}"?` : detail, item.expr.range, 'invalid-value'),
    ...(suggestion ? { data: { suggestion } } : {}),
  });
}

function unsupportedArgument(item: ast.Attribute, schema: BodySchema, defined: ReadonlyMap<string, ast.Attribute>): Diagnostic {
  const attributes = Object.values(schema.attributes)
    .filter((a) => !a.hidden && !defined.has(a.name))
    .map((a) => a.name);
  return unsupportedArgumentOf(item.name, item.nameRange, { attributes, blocks: Object.keys(schema.blocks) });
}

function unsupportedBlock(type: string, range: Range, schema: BodySchema): Diagnostic {
  return unsupportedBlockOf(type, range, { attributes: Object.keys(schema.attributes), blocks: Object.keys(schema.blocks) });
}

/** `dynamic "<type>" { content { ... } }`: the generated blocks must be of a known type with a valid body. */
function checkDynamic(item: ast.Block, schema: BodySchema, opts: ValidateOptions, diags: Diagnostic[]): void {
  const label = item.labels[0];
  if (!label) return;
  const blockSchema = schema.blocks[label.value];
  if (!blockSchema) {
    diags.push(unsupportedBlock(label.value, label.range, schema));
    return;
  }
  for (const content of item.body.items) {
    if (content.kind === 'block' && content.type === 'content') checkBody(content.body, blockSchema, opts, content.openBraceRange, diags);
  }
}

/** hclsyntax's label checks; false when the block is dropped (as HCL does). */
function checkLabels(item: ast.Block, schema: BlockSchema, diags: Diagnostic[]): boolean {
  const names = schema.labels ?? [];
  const context = span(item.typeRange, item.openBraceRange);
  if (item.labels.length > names.length) {
    const detail =
      names.length === 0
        ? `No labels are expected for ${item.type} blocks.`
        : `Only ${names.length} labels (${names.join(', ')}) are expected for ${item.type} blocks.`;
    diags.push({ ...err(`Extraneous label for ${item.type}`, detail, item.labels[names.length]!.range, 'block-labels'), context });
    return false;
  }
  if (item.labels.length < names.length) {
    diags.push({
      ...err(
        `Missing ${names[item.labels.length]} for ${item.type}`,
        `All ${item.type} blocks must have ${names.length} labels (${names.join(', ')}).`,
        item.openBraceRange,
        'block-labels',
      ),
      context,
    });
    return false;
  }
  return true;
}

/** `missingRange` undefined: presence is not checked. */
function checkBlockCount(schema: BlockSchema, blocks: readonly ast.Block[], body: ast.Body, missingRange: Range | undefined, diags: Diagnostic[]): void {
  const type = schema.type;
  if (schema.nesting === 'single') {
    if (blocks.length > 1) {
      diags.push(
        err(
          `Duplicate ${type} block`,
          `Only one block of type "${type}" is allowed. Previous definition was at ${posText(defRange(blocks[0]!))}.`,
          defRange(blocks[1]!),
          'duplicate-block',
        ),
      );
    }
    if (missingRange && blocks.length === 0 && schema.required && !hasDynamic(body, type)) {
      diags.push(err(`Missing ${type} block`, `A block of type "${type}" is required here.`, missingRange, 'missing-block'));
    }
    return;
  }
  if (missingRange && schema.minItems && blocks.length < schema.minItems && !hasDynamic(body, type)) {
    diags.push(err(`Insufficient ${type} blocks`, `At least ${schema.minItems} "${type}" blocks are required.`, missingRange, 'missing-block'));
  } else if (schema.maxItems && blocks.length > schema.maxItems) {
    diags.push(err(`Too many ${type} blocks`, `No more than ${schema.maxItems} "${type}" blocks are allowed`, defRange(blocks[schema.maxItems]!), 'too-many-blocks'));
  }
}

function hasDynamic(body: ast.Body, type: string): boolean {
  return body.items.some((i) => i.kind === 'block' && i.type === 'dynamic' && i.labels[0]?.value === type);
}

/** HCL's DefRange: the block header from its type to its last label. */
function defRange(block: ast.Block): Range {
  const last = block.labels[block.labels.length - 1];
  return last ? span(block.typeRange, last.range) : block.typeRange;
}

function span(from: Range, to: Range): Range {
  return { file: from.file, start: from.start, end: to.end };
}

/** HCL reports missing items at the body's start, which is its opening brace. */
function braceRange(body: ast.Body): Range {
  const start = body.range.start;
  return { file: body.range.file, start, end: { line: start.line, character: start.character + 1 } };
}

function err(summary: string, detail: string, range: Range, code: string): Diagnostic {
  return { severity: 'error', summary, detail, range, code };
}

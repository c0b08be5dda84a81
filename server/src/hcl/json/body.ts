/**
 * HCL's JSON syntax (.pkr.json, .pkrvars.json) read into the typed syntax model of ../ast.ts.
 *
 * In HCL-JSON a property is a block or an attribute only by the schema of the body it sits in, so a body stays
 * unresolved (a JsonBody) until its reader supplies a schema — like hcl.Body.Content(schema) in Go:
 *
 *   const parsed = parseHclJson(text, 'build.pkr.json', { parseTemplate });
 *   const top = parsed.body.content({ blocks: new Map([['source', { labels: 2 }], ['build', { labels: 0 }]]) });
 *   for (const { block, body } of top.blocks) body.content(schemaFor(block));   // nested bodies
 *   const vars = parsed.body.justAttributes();                                  // .pkrvars.json, locals
 *
 * or, when the schema of every block is known up front, `resolveJsonFile(parsed, schemaFor)` gives a whole
 * ast.File. Strings are HCL templates: those containing `${` or `%{` are parsed by the injected TemplateParser
 * (the native-syntax parser); the others become literal templates without it. Pure; never throws.
 */
import type * as ast from '../ast.js';
import { comparePositions, type Diagnostic, type Range } from '../diagnostic.js';
import { LineIndex } from '../text.js';
import { boolVal, nullVal, numberVal } from '../value.js';
import { parseJson, type JsonMember, type JsonNode } from './json-parse.js';
import { hclJsonSyntaxError } from './syntax-error.js';

/**
 * Parses the source of a template (no quotes, no escapes) into an expression; ranges start at `range.start`.
 * `raw` is the JSON string's content as written (escapes included), for exact positions.
 */
export type TemplateParser = (source: string, range: Range, raw?: string) => { readonly expr: ast.Expression; readonly diagnostics: readonly Diagnostic[] };

export interface BlockSchema {
  /** Number of labels the block type takes. */
  readonly labels: number;
  /** The labels' names for messages (`type`, `name`); "first label", ... without them. */
  readonly labelNames?: readonly string[];
}

export interface BodySchema {
  /** Attribute names allowed here; 'any' lets every non-block property be an attribute (plugin bodies). */
  readonly attributes?: ReadonlySet<string> | 'any';
  readonly blocks?: ReadonlyMap<string, BlockSchema>;
  /**
   * Attributes read in HCL's literal-only mode, which Go uses when it evaluates with a nil context (a variable's
   * `description`, var file values): their strings are values as written, `${` included, never templates.
   */
  readonly literal?: ReadonlySet<string> | 'all';
}

export interface BodyContent {
  readonly attributes: readonly ast.Attribute[];
  /** Each block with its still unresolved body; `block.body` is empty until resolved with the block's schema. */
  readonly blocks: readonly { readonly block: ast.Block; readonly body: JsonBody }[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ParsedHclJson {
  readonly body: JsonBody;
  readonly range: Range;
  /** JSON syntax errors and "not an object" problems; a body is returned (empty) even then. */
  readonly diagnostics: readonly Diagnostic[];
}

interface Options {
  readonly parseTemplate?: TemplateParser;
}

/** What every body of one file shares: the options and the file's lines (for strings as written). */
interface FileContext extends Options {
  readonly lines: LineIndex;
}

export function parseHclJson(text: string, file: string, given: Options = {}): ParsedHclJson {
  const options: FileContext = { ...given, lines: new LineIndex(text) };
  const parsed = parseJson(text, file);
  if (parsed.error) {
    const e = hclJsonSyntaxError(text, file, parsed.error);
    const diag: Diagnostic = { severity: 'error', summary: e.summary, detail: e.detail, range: e.range, code: 'json-syntax' };
    const range = e.range;
    return { body: new JsonBody(undefined, range, options), range, diagnostics: [diag] };
  }
  const root = parsed.value;
  if (root.kind !== 'object' && !(root.kind === 'array' && root.items.every((i) => i.kind === 'object'))) {
    const diag: Diagnostic = { severity: 'error', summary: 'Root value must be object', detail: 'The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects.', range: root.range };
    return { body: new JsonBody(undefined, root.range, options), range: root.range, diagnostics: [diag] };
  }
  return { body: new JsonBody(root, root.range, options), range: root.range, diagnostics: [] };
}

/**
 * Resolves the whole file, asking `schemaFor` for the schema of the top level (undefined) and of every block;
 * `parents` are the blocks enclosing `block`, outermost first.
 */
export function resolveJsonFile(
  parsed: ParsedHclJson,
  schemaFor: (block: ast.Block | undefined, parents: readonly ast.Block[]) => BodySchema,
): { readonly file: ast.File; readonly diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const resolve = (body: JsonBody, block: ast.Block | undefined, parents: readonly ast.Block[]): ast.Body => {
    const content = body.content(schemaFor(block, parents));
    diagnostics.push(...content.diagnostics);
    const inside = block ? [...parents, block] : parents;
    const resolved = new Map(content.blocks.map(({ block: b, body: inner }) => [b, { ...b, body: resolve(inner, b, inside) }]));
    const items = [...content.attributes, ...content.blocks.map(({ block: b }) => resolved.get(b) ?? b)].sort((a, b) => comparePositions(a.range.start, b.range.start));
    return { kind: 'body', items, range: body.range };
  };
  return { file: { body: resolve(parsed.body, undefined, []), range: parsed.range }, diagnostics };
}

export class JsonBody {
  /** `node` is an object, or (HCL-JSON allows it for bodies) an array whose objects' properties are read in turn. */
  constructor(
    private readonly node: JsonNode | undefined,
    readonly range: Range,
    private readonly options: FileContext,
  ) {}

  /**
   * Every property is an attribute (variable files, `locals`); `//` comment properties are skipped. Like HCL,
   * this mode takes a single object only. `literal`: read every string as written (Go's nil evaluation context).
   */
  justAttributes(literal = false): { readonly attributes: readonly ast.Attribute[]; readonly diagnostics: readonly Diagnostic[] } {
    if (this.node && this.node.kind !== 'object') {
      const at = this.node.range;
      const diag: Diagnostic = { severity: 'error', summary: 'Incorrect JSON value type', detail: 'A JSON object is required here, setting the arguments for this block.', range: { file: at.file, start: at.start, end: at.start } };
      return { attributes: [], diagnostics: [diag] };
    }
    return this.content({ attributes: 'any', ...(literal ? { literal: 'all' as const } : {}) });
  }

  /** The properties of this body, in order, with a diagnostic for each array element that is not an object. */
  private members(diagnostics: Diagnostic[]): JsonMember[] {
    const node = this.node;
    if (!node || node.kind === 'null') return [];
    if (node.kind === 'object') return [...node.members];
    const items = node.kind === 'array' ? node.items : [node];
    const out: JsonMember[] = [];
    for (const item of items) {
      if (item.kind === 'object') out.push(...item.members);
      else diagnostics.push({ severity: 'error', summary: 'Incorrect JSON value type', detail: 'A JSON object is required here, to define arguments and child blocks.', range: item.range });
    }
    return out;
  }

  content(schema: BodySchema): BodyContent {
    const attributes: ast.Attribute[] = [];
    const blocks: { block: ast.Block; body: JsonBody }[] = [];
    const diagnostics: Diagnostic[] = [];
    const seen = new Map<string, Range>();
    for (const member of this.members(diagnostics)) {
      if (member.key === '//') continue;
      const blockSchema = schema.blocks?.get(member.key);
      if (blockSchema) {
        this.blocksOf(member, blockSchema, blocks, diagnostics);
        continue;
      }
      const allowed = schema.attributes === 'any' || (schema.attributes?.has(member.key) ?? false);
      if (!allowed) {
        diagnostics.push({
          severity: 'error',
          summary: 'Extraneous JSON object property',
          detail: `No argument or block type is named "${member.key}".`,
          range: member.keyRange,
          code: 'unsupported-argument',
        });
        continue;
      }
      const previous = seen.get(member.key);
      if (previous) {
        diagnostics.push({
          severity: 'error',
          summary: 'Duplicate argument',
          detail: `The argument "${member.key}" was already set at ${goRange(previous)}.`,
          range: member.keyRange,
          code: 'duplicate-argument',
        });
        continue;
      }
      seen.set(member.key, member.keyRange);
      const literal = schema.literal === 'all' || (schema.literal?.has(member.key) ?? false);
      const expr = this.expression(member.value, diagnostics, literal);
      attributes.push({ kind: 'attribute', name: member.key, nameRange: member.keyRange, expr, range: spanning(member.keyRange, member.value.range) });
    }
    return { attributes, blocks, diagnostics };
  }

  /**
   * A block property: labels as nested object keys, then one body object or an array of them. Like HCL, an array
   * of objects may stand for an object at any label level (`"provisioner": [{"shell": {...}}, {"file": {...}}]`).
   */
  private blocksOf(member: JsonMember, schema: BlockSchema, out: { block: ast.Block; body: JsonBody }[], diagnostics: Diagnostic[]): void {
    const walk = (value: JsonNode, labels: ast.Label[]): void => {
      if (labels.length < schema.labels) {
        const labelName = schema.labelNames?.[labels.length] ?? `${ordinal(labels.length + 1)} label`;
        const startOf = (n: JsonNode): Range => ({ file: n.range.file, start: n.range.start, end: shift(n.range.start, 1) });
        // As HCL's collectDeepAttrs: an object's properties, or those of an array's objects, name the label.
        const members: JsonMember[] = [];
        if (value.kind === 'object') members.push(...value.members);
        else if (value.kind === 'array') {
          for (const item of value.items) {
            if (item.kind === 'object') members.push(...item.members);
            else diagnostics.push({ severity: 'error', summary: 'Incorrect JSON value type', detail: `A JSON object is required here, to specify ${labelName} labels for this block.`, range: startOf(item) });
          }
        } else if (value.kind !== 'null') {
          diagnostics.push({ severity: 'error', summary: 'Incorrect JSON value type', detail: `Either a JSON object or JSON array of objects is required here, to specify ${labelName} labels for this block.`, range: startOf(value) });
        }
        if (members.length === 0) {
          diagnostics.push({ severity: 'error', summary: 'Missing block label', detail: `At least one object property is required, whose name represents the ${member.key} block's ${labelName}.`, range: startOf(value) });
        }
        for (const m of members) walk(m.value, [...labels, { value: m.key, range: m.keyRange, quoted: true }]);
        return;
      }
      // A null body defines no block, as in HCL.
      if (value.kind === 'null') return;
      if (value.kind !== 'object' && value.kind !== 'array') {
        diagnostics.push({
          severity: 'error',
          summary: 'Incorrect JSON value type',
          detail: `Either a JSON object or a JSON array is required, representing the contents of one or more "${member.key}" blocks.`,
          range: value.range,
        });
        return;
      }
      const bodies = value.kind === 'array' ? value.items : [value];
      for (const b of bodies) {
        // An element that is itself an array of objects is one body (see members); null is an empty body.
        if (b.kind !== 'object' && b.kind !== 'array' && b.kind !== 'null') {
          diagnostics.push({ severity: 'error', summary: 'Incorrect JSON value type', detail: 'Either a JSON object or JSON array of objects is required here, to define arguments and child blocks.', range: b.range });
          continue;
        }
        const block: ast.Block = {
          kind: 'block',
          type: member.key,
          typeRange: member.keyRange,
          labels,
          body: { kind: 'body', items: [], range: b.range },
          openBraceRange: { ...b.range, end: b.range.start },
          closeBraceRange: { ...b.range, start: b.range.end },
          range: spanning(member.keyRange, b.range),
        };
        out.push({ block, body: new JsonBody(b, b.range, this.options) });
      }
    };
    walk(member.value, []);
  }

  private expression(node: JsonNode, diagnostics: Diagnostic[], literal: boolean): ast.Expression {
    switch (node.kind) {
      case 'null':
        return { kind: 'literal', value: nullVal(), range: node.range };
      case 'bool':
        return { kind: 'literal', value: boolVal(node.value), range: node.range };
      case 'number':
        return { kind: 'literal', value: numberVal(node.raw), range: node.range };
      case 'string':
        return this.template(node.value, node.range, diagnostics, literal);
      case 'array':
        return { kind: 'tuple', items: node.items.map((i) => this.expression(i, diagnostics, literal)), range: node.range };
      case 'object':
        return { kind: 'object', items: this.objectItems(node.members, diagnostics, literal), range: node.range };
    }
  }

  /**
   * An object expression's properties. Unlike in bodies, `//` is an ordinary key here (json/spec.md). A key
   * written twice is an error and the first one wins, as HCL evaluates JSON objects; keys with interpolations
   * are only known at evaluation and are not compared.
   */
  private objectItems(members: readonly JsonMember[], diagnostics: Diagnostic[], literal: boolean): ast.ObjectItem[] {
    const seen = new Map<string, Range>();
    const items: ast.ObjectItem[] = [];
    for (const m of members) {
      const isStatic = literal || (!m.key.includes('${') && !m.key.includes('%{'));
      const previous = isStatic ? seen.get(m.key) : undefined;
      if (previous) {
        diagnostics.push({ severity: 'error', summary: 'Duplicate object attribute', detail: `An attribute named "${m.key}" was already defined at ${goRange(previous)}.`, range: m.keyRange });
        continue;
      }
      if (isStatic) seen.set(m.key, m.keyRange);
      items.push({ key: this.template(m.key, m.keyRange, diagnostics, literal), value: this.expression(m.value, diagnostics, literal), keyIsBareName: false, range: spanning(m.keyRange, m.value.range) });
    }
    return items;
  }

  private template(source: string, range: Range, diagnostics: Diagnostic[], literal: boolean): ast.Expression {
    if (literal || (!source.includes('${') && !source.includes('%{'))) {
      return { kind: 'template', parts: source === '' ? [] : [{ kind: 'literal', value: source, range }], range };
    }
    const parser = this.options.parseTemplate;
    if (!parser) {
      diagnostics.push({ severity: 'error', summary: 'Template not evaluated', detail: 'No template parser was given to the HCL-JSON reader.', range });
      return { kind: 'invalid', range };
    }
    const inner: Range = { file: range.file, start: shift(range.start, 1), end: shift(range.end, -1) };
    const lines = this.options.lines;
    const result = parser(source, inner, lines.text.slice(lines.offsetOf(inner.start), lines.offsetOf(inner.end)));
    diagnostics.push(...result.diagnostics);
    return result.expr;
  }
}

function shift(p: Range['start'], by: number): Range['start'] {
  return { line: p.line, character: p.character + by };
}

/** hcl.Range's String(): `file:line,column-column`, or `file:line,column-line,column` across lines. */
function goRange(r: Range): string {
  const start = `${r.file}:${r.start.line + 1},${r.start.character + 1}`;
  return r.start.line === r.end.line ? `${start}-${r.end.character + 1}` : `${start}-${r.end.line + 1},${r.end.character + 1}`;
}

function spanning(a: Range, b: Range): Range {
  return { file: a.file, start: a.start, end: b.end };
}

function ordinal(n: number): string {
  return n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`;
}

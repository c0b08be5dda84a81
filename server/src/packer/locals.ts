/**
 * Locals and data sources, evaluated in dependency order (Packer's DAG mode): references `local.x` and
 * `data.t.n` between them form a graph; cycles and missing targets are reported as Packer does.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import { type Value, objectVal, unknownVal, DYNAMIC } from '../hcl/value.js';
import { attribute, attributesOf, blocksOf } from './body.js';
import { error, posText } from './diagnostics.js';
import { labelCountError } from './labels.js';
import type { ConfigFile, DataSource, Local } from './model.js';
import { attributeTraversals, traversalsInBody } from './references.js';
import { evaluateBody } from './evaluate-body.js';
import { EvaluationMemo, ReusedObject, functionsOf, inputOf, readsOf, type Read } from './memo.js';
import { NAME_RE } from './variables.js';

/** Values of locals by their expression's syntax: a keystroke re-evaluates only what it changed (memo.ts). */
const localMemo = new EvaluationMemo<Value>();
const localObjects = new ReusedObject();

export function declareLocals(files: readonly ConfigFile[], diags: Diagnostic[]): Map<string, Local> {
  const locals = new Map<string, Local>();
  const add = (l: Local) => {
    const prev = locals.get(l.name);
    if (prev) {
      diags.push(
        error(
          'Duplicate local definition',
          `Local variable "${l.name}" is defined twice in your templates. Other definition found at ${posText(prev.nameRange)}`,
          l.nameRange,
        ),
      );
      return;
    }
    if (!NAME_RE.test(l.name)) {
      diags.push(
        error(
          'Invalid local name',
          'A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.',
          l.nameRange,
        ),
      );
    }
    locals.set(l.name, l);
  };
  for (const file of files) {
    if (file.kind !== 'config') continue;
    for (const block of blocksOf(file.ast.body)) {
      if (block.type === 'locals') {
        for (const a of attributesOf(block.body)) {
          add({ name: a.name, nameRange: a.nameRange, expr: a.expr, sensitive: false, range: a.range });
        }
      } else if (block.type === 'local') {
        const labelError = labelCountError(block, ['name']);
        if (labelError) {
          diags.push(labelError);
          continue;
        }
        const label = block.labels[0]!;
        const expr = attribute(block.body, 'expression');
        if (!expr) {
          diags.push(
            error('Missing required argument', 'The argument "expression" is required, but no definition was found.', block.openBraceRange),
          );
          continue;
        }
        const sens = attribute(block.body, 'sensitive');
        const sensitive = sens ? evaluate(sens.expr, {}).value.raw === true : false;
        add({ name: label.value, nameRange: label.range, expr: expr.expr, sensitive, range: block.range });
      }
    }
  }
  return locals;
}

export function declareDataSources(files: readonly ConfigFile[], diags: Diagnostic[]): Map<string, DataSource> {
  const out = new Map<string, DataSource>();
  for (const file of files) {
    if (file.kind !== 'config') continue;
    for (const block of blocksOf(file.ast.body, 'data')) {
      const labelError = labelCountError(block, ['type', 'name']);
      if (labelError) {
        diags.push(labelError);
        continue;
      }
      const [type, name] = block.labels as [ast.Label, ast.Label];
      const key = `${type.value}.${name.value}`;
      const prev = out.get(key);
      if (prev) {
        diags.push(
          error(
            'Duplicate data source block',
            `A data source with type "${type.value}" and name "${name.value}" was already declared at ${posText(prev.block.typeRange)}.`,
            block.typeRange,
          ),
        );
        continue;
      }
      out.set(key, { type: type.value, name: name.value, block });
    }
  }
  return out;
}

type Node = { kind: 'local'; local: Local } | { kind: 'data'; data: DataSource };

function nodeName(n: Node): string {
  return n.kind === 'local' ? `local.${n.local.name}` : `data.${n.data.type}.${n.data.name}`;
}

/** Data source outputs known without running anything: `null` echoes its input; others are unknown until run. */
function dataValue(d: DataSource, ctx: EvalContext, fetched: ReadonlyMap<string, Value>, knownTypes: readonly string[], diags: Diagnostic[]): Value {
  const { attrs, diagnostics } = evaluateBody(d.block.body, ctx);
  diags.push(...diagnostics);
  d.config = attrs;
  const result = fetched.get(`${d.type}.${d.name}`);
  if (result) return result;
  if (d.type === 'null') {
    const input = attrs.get('input');
    if (!input) {
      diags.push(error('Missing required argument', 'The `input` must be specified', d.block.openBraceRange));
      return unknownVal(DYNAMIC);
    }
    return objectVal({ input, output: input });
  }
  if (d.type === 'http') return objectVal({ url: attrs.get('url') ?? unknownVal(), body: unknownVal(), request_headers: unknownVal() });
  // A plugin's data source: its outputs exist only once it has run.
  if (knownTypes.includes(d.type)) return unknownVal(DYNAMIC);
  diags.push(error(`Unknown data type ${d.type}`, `The data source type "${d.type}" is not known to Packer Studio.`, d.block.labels[0]!.range));
  return unknownVal(DYNAMIC);
}

interface Graph {
  readonly deps: ReadonlyMap<string, readonly string[]>;
  /** Evaluation order: every node after what it depends on. */
  readonly order: readonly string[];
  /** Nodes in a cycle, never evaluated. */
  readonly failed: ReadonlySet<string>;
  /** Nodes indexing `local`/`data` dynamically, which see the whole scope. */
  readonly dynamicRefs: ReadonlySet<string>;
}

/**
 * The last dependency graph built without diagnostics, with what it was built from (node keys and their reads, in
 * order): a keystroke that leaves every local's and data source's references alone reuses it. A graph with
 * findings is built again each time, as the findings carry positions of the syntax.
 */
let lastGraph: { readonly keys: readonly string[]; readonly reads: readonly (readonly Read[])[]; readonly graph: Graph } | undefined;

function sameReads(a: readonly Read[], b: readonly Read[]): boolean {
  return a === b || (a.length === b.length && a.every((r, i) => r.root === b[i]!.root && r.steps.length === b[i]!.steps.length && r.steps.every((s, j) => s === b[i]!.steps[j])));
}

function dependencyGraph(nodes: ReadonlyMap<string, Node>, nodeReads: ReadonlyMap<string, readonly Read[]>, diags: Diagnostic[]): Graph {
  const keys = [...nodes.keys()];
  const reads = keys.map((k) => nodeReads.get(k)!);
  const last = lastGraph;
  if (last && last.keys.length === keys.length && last.keys.every((k, i) => k === keys[i] && sameReads(last.reads[i]!, reads[i]!))) return last.graph;
  const found: Diagnostic[] = [];
  const graph = buildGraph(nodes, nodeReads, found);
  diags.push(...found);
  lastGraph = found.length === 0 ? { keys, reads, graph } : undefined;
  return graph;
}

function buildGraph(nodes: ReadonlyMap<string, Node>, nodeReads: ReadonlyMap<string, readonly Read[]>, diags: Diagnostic[]): Graph {
  const deps = new Map<string, string[]>();
  const dynamicRefs = new Set<string>();
  for (const [key, n] of nodes) {
    const traversals = () => (n.kind === 'local' ? attributeTraversals(n.local.expr) : traversalsInBody(n.data.block.body));
    const refs = nodeReads.get(key)!;
    const list: string[] = [];
    for (const [i, t] of refs.entries()) {
      const [first, second] = t.steps;
      if ((t.root === 'local' && first === undefined) || (t.root === 'data' && second === undefined)) dynamicRefs.add(key);
      let target: string | undefined;
      if (t.root === 'local' && first !== undefined) target = `local.${first}`;
      else if (t.root === 'data' && second !== undefined) target = `data.${first!}.${second}`;
      if (!target) continue;
      if (!nodes.has(target)) {
        diags.push(
          error(
            'Failed to prepare execution graph',
            `could not get dependency "${target}" for "${key}", "${target}" missing in template`,
            traversals()[i]!.range,
          ),
        );
        continue;
      }
      if (!list.includes(target)) list.push(target);
    }
    deps.set(key, list);
  }

  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const failed = new Set<string>();
  const visit = (start: string) => {
    const stack: { key: string; i: number }[] = [{ key: start, i: 0 }];
    state.set(start, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ds = deps.get(top.key) ?? [];
      if (top.i < ds.length) {
        const next = ds[top.i++]!;
        const s = state.get(next);
        if (s === 'visiting') {
          const cycle = [...stack.slice(stack.findIndex((f) => f.key === next)).map((f) => f.key)];
          for (const c of cycle) failed.add(c);
          const detail =
            cycle.length === 1
              ? `An error occurred while building the graph for datasources/locals: Self reference: ${next}`
              : `An error occurred while building the graph for datasources/locals: Cycle: ${cycle.join(', ')}`;
          const n = nodes.get(next)!;
          diags.push(error('Failed to prepare execution graph', detail, n.kind === 'local' ? n.local.nameRange : n.data.block.typeRange));
        } else if (!s) {
          state.set(next, 'visiting');
          stack.push({ key: next, i: 0 });
        }
        continue;
      }
      state.set(top.key, 'done');
      order.push(top.key);
      stack.pop();
    }
  };
  for (const key of nodes.keys()) if (!state.has(key)) visit(key);
  return { deps, order, failed, dynamicRefs };
}

/**
 * Evaluates locals and data sources in dependency order. `base` holds var/path/packer; the returned context adds
 * `local` and `data`. `fetched` holds outputs of data sources already executed (by key `type.name`).
 */
export function evaluateLocalsAndData(
  locals: ReadonlyMap<string, Local>,
  data: ReadonlyMap<string, DataSource>,
  base: EvalContext,
  diags: Diagnostic[],
  knownTypes: readonly string[],
  fetched: ReadonlyMap<string, Value> = new Map(),
): EvalContext {
  const nodes = new Map<string, Node>();
  const add = (n: Node): void => void nodes.set(nodeName(n), n);
  for (const local of locals.values()) add({ kind: 'local', local });
  for (const d of data.values()) add({ kind: 'data', data: d });

  const nodeReads = new Map<string, readonly Read[]>();
  for (const [key, n] of nodes) nodeReads.set(key, n.kind === 'local' ? readsOf(n.local.expr, () => attributeTraversals(n.local.expr)) : readsOf(n.data.block, () => traversalsInBody(n.data.block.body)));
  const { deps, order, failed, dynamicRefs } = dependencyGraph(nodes, nodeReads, diags);

  const localValues = new Map<string, Value>();
  const dataValues = new Map<string, Map<string, Value>>();
  for (const d of data.values()) {
    if (!dataValues.has(d.type)) dataValues.set(d.type, new Map());
    dataValues.get(d.type)!.set(d.name, unknownVal(DYNAMIC));
  }
  for (const l of locals.values()) localValues.set(l.name, unknownVal(DYNAMIC));
  const fullScope = (): EvalContext => ({
    parent: base,
    variables: new Map([
      ['local', localObjects.of([...localValues.keys()], [...localValues.values()])],
      ['data', objectVal(new Map([...dataValues].map(([t, m]) => [t, objectVal(m)])))],
    ]),
  });
  // Each node sees only what it references, so evaluation stays linear in the number of locals; a node that
  // indexes `local`/`data` dynamically gets the whole scope.
  const scopeFor = (key: string): EvalContext => {
    if (dynamicRefs.has(key)) return fullScope();
    const lm = new Map<string, Value>();
    const dm = new Map<string, Map<string, Value>>();
    for (const dep of deps.get(key) ?? []) {
      const parts = dep.split('.');
      if (parts[0] === 'local') lm.set(parts[1]!, localValues.get(parts[1]!)!);
      else {
        if (!dm.has(parts[1]!)) dm.set(parts[1]!, new Map());
        dm.get(parts[1]!)!.set(parts[2]!, dataValues.get(parts[1]!)!.get(parts[2]!)!);
      }
    }
    return {
      parent: base,
      variables: new Map([
        ['local', objectVal(lm)],
        ['data', objectVal(new Map([...dm].map(([t, m]) => [t, objectVal(m)])))],
      ]),
    };
  };

  const functions = functionsOf(base);
  // What a local's reads reach, without building its scope: a remembered local costs no maps or objects.
  const input = (r: Read): Value | undefined => {
    const [first, second] = r.steps;
    if (r.root === 'local') return first === undefined ? undefined : localValues.get(first);
    if (r.root === 'data') return first === undefined || second === undefined ? undefined : dataValues.get(first)?.get(second);
    return inputOf(base, r);
  };
  for (const key of order) {
    const n = nodes.get(key)!;
    if (failed.has(key)) continue;
    if (n.kind === 'local') {
      const expr = n.local.expr;
      let ctx: EvalContext | undefined;
      const context = () => (ctx ??= scopeFor(key));
      const compute = () => {
        const e = evaluate(expr, context());
        return { result: e.value, diagnostics: e.diagnostics };
      };
      // A local indexing `local`/`data` dynamically reads the whole scope: its inputs are not its traversals.
      const r = dynamicRefs.has(key) ? compute() : localMemo.run(expr, expr, nodeReads.get(key)!, { context, functions, input }, compute);
      diags.push(...r.diagnostics);
      const v = n.local.sensitive ? r.result.withMarks(['sensitive']) : r.result;
      n.local.value = v;
      localValues.set(n.local.name, v);
    } else {
      const v = dataValue(n.data, scopeFor(key), fetched, knownTypes, diags);
      n.data.value = v;
      dataValues.get(n.data.type)!.set(n.data.name, v);
    }
  }
  return fullScope();
}

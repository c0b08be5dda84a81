/**
 * Every `.pkr.hcl` file of Packer's vendored fixtures, rewritten as its HCL-JSON twin (blocks as nested objects,
 * labels as keys, expressions as `"${...}"` strings), must get the same verdict from `validate` (exit code and
 * the summaries of its findings) and, when valid, the same `inspect` output. The twin is produced from the
 * typed AST and the source text, so the JSON reader is checked against the native one on real templates.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type * as ast from '../../server/src/hcl/ast.js';
import type { HclParser } from '../../server/src/hcl/parse.js';
import { getHclParser } from '../support/parser.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { cli } from './run.js';
import { LineIndex } from '../../server/src/hcl/text.js';

const ROOTS = ['packer/command/test-fixtures', 'packer/hcl2template/testdata'].map((r) => join(CONFORMANCE_DIR, r));
/** Formatter inputs and upgrade expectations are not templates to validate. */
const SKIP_DIRS = new Set(['fmt', 'format', 'hcl2_upgrade']);

function templates(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return SKIP_DIRS.has(name) ? [] : templates(p);
      return name.endsWith('.pkr.hcl') ? [p] : [];
    });
}

/** A JSON value with object members kept in order and repeatable (HCL-JSON repeats block keys). */
type Json = string | number | boolean | null | readonly Json[] | { readonly members: readonly (readonly [string, Json])[] };

function render(v: Json, indent = ''): string {
  const inner = `${indent}  `;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((e) => inner + render(e, inner)).join(',\n')}\n${indent}]`;
  const { members } = v as { members: readonly (readonly [string, Json])[] };
  return members.length === 0 ? '{}' : `{\n${members.map(([k, e]) => `${inner}${JSON.stringify(k)}: ${render(e, inner)}`).join(',\n')}\n${indent}}`;
}

/** In a JSON template, a literal `${` or `%{` must be escaped as HCL does in templates. */
const escapeTemplate = (s: string): string => s.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');

class Twin {
  constructor(private readonly text: string) {}

  private src(node: { readonly range: ast.Expression['range'] }): string {
    return new LineIndex(this.text).slice(node.range);
  }

  /** Where HCL reads an expression statically (a type constraint, a dynamic iterator), JSON holds its source. */
  private staticExpr(e: ast.Expression): Json {
    return this.src(e);
  }

  expr(e: ast.Expression): Json {
    switch (e.kind) {
      case 'literal': {
        const src = this.src(e);
        if (src === 'true' || src === 'false') return src === 'true';
        if (src === 'null') return null;
        return String(Number(src)) === src ? Number(src) : `\${${src}}`;
      }
      case 'template':
        if (e.parts.every((p) => p.kind === 'literal')) return escapeTemplate(e.parts.map((p) => (p.kind === 'literal' ? p.value : '')).join(''));
        return `\${${this.src(e)}}`;
      case 'tuple':
        return e.items.map((i) => this.expr(i));
      case 'object':
        return {
          members: e.items.map((item): [string, Json] => {
            const k = item.key;
            const key = item.keyIsBareName && k.kind === 'variable' ? k.name : k.kind === 'template' && k.parts.every((p) => p.kind === 'literal') ? escapeTemplate(this.src(k).slice(1, -1)) : `\${${this.src(k)}}`;
            return [key, this.expr(item.value)];
          }),
        };
      default:
        return `\${${this.src(e)}}`;
    }
  }

  body(b: ast.Body, blockType?: string): Json {
    const members: [string, Json][] = [];
    for (const item of b.items) {
      if (item.kind === 'attribute') {
        const isStatic = (blockType === 'variable' && item.name === 'type') || (blockType === 'dynamic' && item.name === 'iterator');
        members.push([item.name, isStatic ? this.staticExpr(item.expr) : this.expr(item.expr)]);
        continue;
      }
      let value = this.body(item.body, item.type);
      for (const label of [...item.labels].reverse()) value = { members: [[label.value, value]] };
      members.push([item.type, value]);
    }
    return { members };
  }
}

function twinOf(parser: HclParser, text: string, file: string): string | undefined {
  // Heredocs cannot sit inside a JSON string's interpolation the way the twin writes expressions.
  if (text.includes('<<')) return undefined;
  const parsed = parser.parse(text, file);
  parsed.tree.delete();
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return `${render(new Twin(text).body(parsed.ast.body))}\n`;
}

/**
 * Findings the two syntaxes word differently by nature, as HCL's JSON reader does: a property the schema does not
 * name cannot be told to be a block or an argument ("Extraneous JSON object property", or "Unsupported argument"
 * in plugin bodies, which read every other property as an argument); a block with a missing label is a JSON
 * object of the wrong shape; an argument set twice is a "Duplicate argument".
 */
const SAME: readonly (readonly [RegExp, string])[] = [
  [/^(Unsupported block type|Unsupported argument|Extraneous JSON object property)$/, 'Unsupported'],
  [/^(Missing (name|type) for \S+|Missing block label|Incorrect JSON value type)$/, 'Missing label'],
  [/^(Attribute redefined|Duplicate argument)$/, 'Duplicate argument'],
];

/** The findings' summaries, sorted; a missing label counts once (JSON adds a shape error to it). */
function findings(out: string): string[] {
  const all = [...out.matchAll(/^(Error|Warning): (.*)$/gm)].map((m) => `${m[1]}: ${SAME.find(([re]) => re.test(m[2]!))?.[1] ?? m[2]}`);
  return all.filter((f, i) => !f.endsWith(': Missing label') || all.indexOf(f) === i).sort();
}

let parser: HclParser;
before(async () => {
  parser = await getHclParser();
});

describe('HCL-JSON twins of the conformance templates', () => {
  const files = ROOTS.flatMap(templates);
  it(`finds the fixtures (${files.length} .pkr.hcl files)`, () => {
    assert.ok(files.length > 50, `${files.length}`);
  });

  it('gives every twin the verdict of its HCL original', async (t) => {
    let compared = 0;
    let valid = 0;
    const mismatches: string[] = [];
    for (const path of files) {
      const twin = twinOf(parser, readFileSync(path, 'utf8'), path);
      if (twin === undefined) continue;
      // A copy of the fixture's directory, so relative paths (file functions, var files) resolve alike.
      const dir = mkdtempSync(join(tmpdir(), 'json-twin-'));
      try {
        cpSync(dirname(path), dir, { recursive: true });
        const name = basename(path);
        const jsonName = name.replace(/\.pkr\.hcl$/, '.pkr.json');
        writeFileSync(join(dir, jsonName), twin);
        const label = relative(CONFORMANCE_DIR, path);
        const h = await cli(['validate', name], { cwd: dir });
        const j = await cli(['validate', jsonName], { cwd: dir });
        // Without a plugin's schema, JSON cannot tell its nested blocks from map arguments (Packer needs the plugin
        // to read the JSON at all): for templates using components we do not ship only the exit codes must agree.
        const unknownComponent = /^Error: Unknown (source|\S+ type)/m.test(h.stdout);
        if (j.code !== h.code || (!unknownComponent && findings(j.stdout).join('|') !== findings(h.stdout).join('|'))) {
          mismatches.push(`${label}: HCL ${h.code} [${findings(h.stdout).join(', ')}] / JSON ${j.code} [${findings(j.stdout).join(', ')}]\n${j.stdout}`);
        } else if (h.code === 0) {
          valid++;
          const hi = await cli(['inspect', name], { cwd: dir });
          const ji = await cli(['inspect', jsonName], { cwd: dir });
          if (ji.stdout !== hi.stdout) mismatches.push(`${label}: inspect differs\n${hi.stdout}\n---\n${ji.stdout}`);
        }
        compared++;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    t.diagnostic(`${compared} twins compared, ${valid} of them valid and inspected`);
    assert.deepEqual(mismatches, []);
    assert.ok(compared > 40, `compared ${compared}`);
    assert.ok(valid > 10, `valid ${valid}`);
  });
});

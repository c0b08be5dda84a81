// Differential check against the real `packer fmt`: generates random HCL documents (random spacing, nesting,
// line breaks inside brackets, comments, templates, heredocs), formats them with packer and with our formatter,
// and reports every difference. A development tool (needs packer): node test/format/oracle-fuzz.mjs [count] [seed]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const count = Number(process.argv[2] ?? 300);
let seed = Number(process.argv[3] ?? Date.now() % 100000);
const packer = process.env.PACKER ?? '/usr/bin/packer';
console.log(`seed ${seed}`);

function rand(n) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}
const pick = (xs) => xs[rand(xs.length)];
const sp = () => pick(['', ' ', ' ', '  ', '\t', '   ']);
const ws = () => pick([' ', ' ', '  ', '\t']);

function ident() {
  return pick(['a', 'bb', 'name', 'instance_type', 'x-y', 'é', 'k9', 'source_ami_filter', 'z']);
}

function scalar(depth) {
  return pick([
    () => String(rand(1000)),
    () => '1.5',
    () => pick(['true', 'false', 'null']),
    () => `"${pick(['', 'x', 'a b', 'déjà', '$${x}', '100%', '\\"q\\"'])}"`,
    () => `"pre-\${${sp()}var.${ident()}${sp()}}-post"`,
    () => `"%{${sp()}if var.x${sp()}}y%{${sp()}endif${sp()}}"`,
    () => `var.${ident()}.${ident()}`,
    () => `local.l[${sp()}${rand(3)}${sp()}]`,
    () => `var.l[*].id`,
    () => `-${rand(9)}`,
    () => `${rand(9)}${sp()}${pick(['+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||'])}${sp()}${rand(9)}`,
    () => `${pick(['upper', 'max', 'concat', 'lookup'])}(${sp()}${depth > 2 ? '1' : value(depth + 1)}${sp()},${sp()}${rand(5)}${sp()})`,
    () => `var.c${sp()}?${sp()}${rand(3)}${sp()}:${sp()}-${rand(3)}`,
    () => `[for ${ident()} in var.l${sp()}:${sp()}upper(x)]`,
    () => `{for k, v in var.m${sp()}:${sp()}k${sp()}=>${sp()}v}`,
  ])();
}

function value(depth) {
  if (depth > 3) return scalar(depth);
  switch (rand(6)) {
    case 0: {
      const items = Array.from({ length: rand(4) }, () => value(depth + 1));
      if (rand(2)) return `[${sp()}${items.join(`${sp()},${sp()}`)}${sp()}]`;
      return `[\n${items.map((i) => `${ws()}${i},${maybeComment()}\n`).join('')}]`;
    }
    case 1: {
      const attrs = Array.from({ length: rand(4) }, () => `${ident()}${sp()}${pick(['=', '=', ':'])}${sp()}${value(depth + 1)}`);
      if (rand(2)) return `{${sp()}${attrs.join(`${sp()},${sp()}`)}${sp()}}`;
      return `{\n${attrs.map((a) => `${ws()}${a}${maybeComment()}\n`).join('')}}`;
    }
    case 2:
      return depth === 0 && rand(3) === 0 ? `<<${pick(['', '-'])}EOT\n${ws()}line \${var.x}\n  ${ident()}\n${ws()}EOT` : scalar(depth);
    default:
      return scalar(depth);
  }
}

function maybeComment() {
  return rand(5) === 0 ? `${sp()}${pick(['# c', '// d', '/* e */', '#'])}` : '';
}

function body(depth) {
  const lines = [];
  const n = 1 + rand(6);
  for (let i = 0; i < n; i++) {
    const indent = sp().repeat(rand(3));
    switch (rand(depth > 1 ? 3 : 5)) {
      case 0:
        lines.push('');
        break;
      case 1:
        lines.push(`${indent}${pick(['# note', '// note', '/* note */'])}`);
        break;
      case 3:
      case 4:
        lines.push(`${indent}${pick(['source', 'block', 'nested'])}${ws()}"${ident()}"${ws()}{`, ...body(depth + 1), `${sp()}}`);
        break;
      default: {
        const v = value(0);
        lines.push(`${indent}${ident()}${i}${sp()}=${sp()}${v}${v.includes('EOT') ? '' : maybeComment()}`);
      }
    }
  }
  return lines;
}

function document() {
  const eol = rand(8) === 0 ? '\r\n' : '\n';
  return body(0).join('\n').replace(/\n/g, eol) + (rand(4) ? eol : '');
}

const require = createRequire(import.meta.url);
const { formatHcl } = await tsImport('../../server/src/hcl/format/format.ts', import.meta.url);
const { Parser, Language } = await import('web-tree-sitter');
await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')));

const work = mkdtempSync(join(tmpdir(), 'fmt-fuzz-'));
let same = 0;
let different = 0;
let skipped = 0;
try {
  const docs = Array.from({ length: count }, document);
  docs.forEach((d, i) => writeFileSync(join(work, `d${i}.pkr.hcl`), d));
  const run = spawnSync(packer, ['fmt', work], { encoding: 'utf8' });
  docs.forEach((input, i) => {
    const path = join(work, `d${i}.pkr.hcl`);
    if (run.stdout.includes(`formatting ${path}\n`)) {
      skipped++;
      return;
    }
    const expected = readFileSync(path, 'utf8');
    const ours = formatHcl({ text: input, tree: parser.parse(input) });
    if ('text' in ours && ours.text === expected) {
      same++;
      return;
    }
    different++;
    if (different <= 5) {
      console.log(`--- input d${i}\n${JSON.stringify(input)}\n--- packer\n${JSON.stringify(expected)}\n--- ours\n${JSON.stringify('text' in ours ? ours.text : ours.diagnostics)}`);
    }
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log({ same, different, refusedByPacker: skipped });
process.exit(different > 0 ? 1 : 0);

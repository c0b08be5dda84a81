// Core benchmark: in-process HCL parse (tree-sitter + conversion to the AST) and evaluation of every attribute,
// on generated 5,000- and 50,000-line templates, plus the language server's hot path — re-parsing after a
// one-character edit — on the 5,000-line one. Each size runs in its own process so peak memory is its own.
// Usage: node scripts/bench-core.mjs [--runs N] [--lines 5000,50000]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', '5'));
const sizes = option('--lines', '5000,50000').split(',').map(Number);
const root = resolve(import.meta.dirname, '..');

// The measuring program, bundled from the sources so it runs compiled code (like dist/) without a loader.
const entry = `
import { readFileSync } from 'node:fs';
import { HclParser } from ${JSON.stringify(join(root, 'server/src/hcl/parse.ts'))};
import { evaluate } from ${JSON.stringify(join(root, 'server/src/hcl/eval/index.ts'))};
import { packerFunctions } from ${JSON.stringify(join(root, 'server/src/hcl/functions/index.ts'))};
import { DYNAMIC_UNKNOWN } from ${JSON.stringify(join(root, 'server/src/hcl/value.ts'))};

const [lines, runs] = process.argv.slice(2).map(Number);
const wasm = (p) => readFileSync(${JSON.stringify(join(root, 'node_modules'))} + '/' + p);

/** A template mixing the constructs real ones use, of at least \`lines\` lines (whole blocks). */
function generate(lines) {
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      'variable "region_' + i + '" {',
      '  type    = string',
      '  default = "eu-west-' + (i % 3) + '"',
      '}',
      'locals {',
      '  name_' + i + '  = "\${var.region_' + i + '}-\${upper("app")}-' + i + '"',
      '  sizes_' + i + ' = [for n in [1, 2, 3] : n * ' + i + ' if n != 2]',
      '  tags_' + i + '  = { Name = "n-' + i + '", Index = ' + i + ', Enabled = ' + (i % 2 === 0) + ' }',
      '}',
      'source "amazon-ebs" "s' + i + '" {',
      '  ami_name      = "ami-\${local.name_' + i + '}"',
      '  instance_type = var.region_' + i + ' == "eu-west-1" ? "t3.micro" : "t3.small"',
      '  volume_size   = max(8, length(local.sizes_' + i + ')) * 2 + ' + (i % 7),
      '  subnets       = local.tags_' + i + '[*].Name',
      '  user_data     = <<-EOT',
      '    #!/bin/sh',
      '    echo "\${local.name_' + i + '}"',
      '    EOT',
      '  launch_block_device_mappings {',
      '    device_name = "/dev/sda1"',
      '    volume_type = "gp3"',
      '  }',
      '}',
      '',
    );
  }
  return out.join('\\n') + '\\n';
}

function attributes(body, out) {
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      if (item.name !== 'type') out.push(item); // a type expression, not a value
    }
    else attributes(item.body, out);
  }
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function main() {
const t0 = performance.now();
const parser = await HclParser.create({ treeSitter: wasm('web-tree-sitter/web-tree-sitter.wasm'), hcl: wasm('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm') });
const initMs = performance.now() - t0;
const text = generate(lines);
const ctx = {
  variables: new Map(['var', 'local', 'source', 'path', 'build', 'packer'].map((n) => [n, DYNAMIC_UNKNOWN])),
  functions: packerFunctions({ fs: { readFile: () => { throw new Error('no files'); }, exists: () => false, isDirectory: () => false, listFiles: () => [], cwd: () => '.' }, baseDir: '.' }),
};

// CPU time of this process as well as wall time: on a shared machine it is the steadier figure.
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const parseMs = [];
const parseCpuMs = [];
const evalMs = [];
let last;
for (let r = 0; r < runs; r++) {
  last?.tree.delete();
  const a = performance.now();
  const cpu = cpuMs();
  last = parser.parse(text, 'bench.pkr.hcl');
  parseCpuMs.push(cpuMs() - cpu);
  const b = performance.now();
  if (last.diagnostics.length > 0) throw new Error('unexpected syntax errors, first: ' + JSON.stringify(last.diagnostics[0]));
  // Evaluation diagnostics (a function not yet in the table) are fine: the work is done either way.
  for (const attr of attributes(last.ast.body, [])) evaluate(attr.expr, ctx);
  const c = performance.now();
  parseMs.push(b - a);
  evalMs.push(c - b);
}

// Keystrokes: type a character into a string somewhere in the file, re-parse incrementally from the last result.
const edits = [];
const editsCpu = [];
if (lines <= 10000) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\\n') lineStarts.push(i + 1);
  let current = last;
  for (let k = 0; k < 200; k++) {
    const line = Math.floor(((k * 7919) % lines) / 24) * 24 + 2; // a 'default = "..."' line
    const character = current.text.slice(lineStarts[line]).indexOf('"') + 1;
    const offset = lineStarts[line] + character;
    const next = current.text.slice(0, offset) + 'x' + current.text.slice(offset);
    const a = performance.now();
    const cpu = cpuMs();
    const parsed = parser.parse(next, 'bench.pkr.hcl', { parsed: current, edits: [{ range: { start: { line, character }, end: { line, character } }, newText: 'x' }] });
    edits.push(performance.now() - a);
    editsCpu.push(cpuMs() - cpu);
    for (let i = line + 1; i < lineStarts.length; i++) lineStarts[i] += 1;
    current.tree.delete();
    current = parsed;
  }
}

console.log(JSON.stringify({
  lines, bytes: text.length, initMs, firstParseMs: parseMs[0], parseMs: median(parseMs), parseCpuMs: median(parseCpuMs), firstEvalMs: evalMs[0], evalMs: median(evalMs),
  editP50: edits.length ? median(edits) : undefined, editP95: edits.length ? p95(edits) : undefined,
  editCpuP50: edits.length ? median(editsCpu) : undefined, editCpuP95: edits.length ? p95(editsCpu) : undefined,
  peakMb: process.resourceUsage().maxRSS / 1024,
}));
}
void main();
`;

const dir = mkdtempSync(join(tmpdir(), 'bench-core-'));
try {
  writeFileSync(join(dir, 'entry.mjs'), entry);
  // CJS like dist/ (some dependencies require() node builtins); web-tree-sitter wants an import.meta.url.
  await build({
    entryPoints: [join(dir, 'entry.mjs')],
    outfile: join(dir, 'bench.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  for (const lines of sizes) {
    const r = spawnSync(process.execPath, [join(dir, 'bench.cjs'), String(lines), String(runs)], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`${lines} lines: failed\n${r.stdout}${r.stderr}`);
      continue;
    }
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    let line = `${lines} lines (${(m.bytes / 1024).toFixed(0)} KB): parse ${fmt(m.parseMs)} (cpu ${fmt(m.parseCpuMs)}, first ${fmt(m.firstParseMs)}), evaluate ${fmt(m.evalMs)} (first ${fmt(m.firstEvalMs)}), runtime init ${fmt(m.initMs)}, peak ${m.peakMb.toFixed(0)} MiB`;
    if (m.editP50 !== undefined) {
      line += `\n  keystroke re-parse (200 edits): p50 ${fmt(m.editP50)}, p95 ${fmt(m.editP95)} (cpu p50 ${fmt(m.editCpuP50)}, p95 ${fmt(m.editCpuP95)})`;
    }
    console.log(line);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

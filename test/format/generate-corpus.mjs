// Regenerates test/format/fixtures/corpus/: writes every case below as <name>.in.hcl and records what the real
// `packer fmt` (the oracle, /usr/bin/packer or $PACKER) makes of it as <name>.out.hcl, or <name>.refused when
// packer rejects the input. Run: node test/format/generate-corpus.mjs
//
// Unary `!` is kept out of this corpus on purpose: Packer 1.6.6 (HCL 2.6) writes `! x`, current Packer
// (HCL 2.24) writes `!x`, and the formatter follows current Packer; format.test.ts covers it by hand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'fixtures', 'corpus');
const packer = process.env.PACKER ?? '/usr/bin/packer';

/** [name, input] pairs. Names become file names. */
const cases = [
  // --- attributes and alignment
  ['attr-basic', 'a=1\nbb =2\nccc= 3\n'],
  ['attr-align-break-blank', 'a = 1\nlong_name = 2\n\nb = 3\nvery_long_name = 4\n'],
  ['attr-align-break-comment', 'a = 1\n# comment\nlong_name = 2\n'],
  ['attr-align-multiline-value', 'a = 1\nlist = [\n1,\n2,\n]\nlong_name = 3\n'],
  ['attr-align-in-block', 'block {\na = 1\nlonger = 2\n  x = "y"\n}\n'],
  ['attr-align-quoted-keys', 'm = {\n"a" = 1\n"long key" = 2\nbare = 3\n}\n'],
  ['attr-align-unicode-key', 'm = {\n"é" = 1\n"日本語" = 2\nabc = 3\n}\n'],
  ['attr-align-emoji-key', 'm = {\n"😀" = 1\n"ab" = 2\n}\n'],
  ['attr-align-colon', 'm = {\na: 1\nlong_key: 2\n}\n'],
  ['attr-spaces-everywhere', 'a    =     1     \n   b=2\n'],
  ['attr-no-spaces', 'a=1+2*3-4/5%6\n'],
  ['attr-trailing-comment-align', 'a = 1 # one\nlong_name = 2 # two\nx = "str" // three\n'],
  ['attr-comment-align-mixed', 'a = 1 # c\n\nbb = 22 # d\nccc = 333 /* e */\n'],
  ['attr-block-comment-trailing', 'a = 1 /* c */\nbbbb = 2 /* d */\n'],
  ['attr-heredoc-align', 'a = <<EOT\nhello\nEOT\nlonger = 1\n'],
  ['attr-heredoc-indented-align', 'x {\nshort = <<-EOT\n    hello\n    EOT\nlonger_name = 2\n}\n'],
  ['attr-many-chain', Array.from({ length: 12 }, (_, i) => `${'k'.repeat(i + 1)}=${i}`).join('\n') + '\n'],
  // --- blocks
  ['block-nested', 'a {\nb {\nc {\nd = 1\n}\n}\n}\n'],
  ['block-labels', 'source   "amazon-ebs"    "x" {\n}\nbuild{\n}\n'],
  ['block-one-line', 'x { a = 1 }\ny {}\nz {   }\n'],
  ['block-empty-lines-inside', 'x {\n\n\na = 1\n\n\n}\n'],
  ['block-ident-labels', 'block label1 "label2" label3 {\n  a = 1\n}\n'],
  ['block-deep-indent-input', 'a {\n              b = 1\n    c {\n                        d = 2\n  }\n        }\n'],
  ['block-tabs', 'a {\n\tb = 1\n\tc {\n\t\td = 2\n\t}\n}\n'],
  ['block-closing-same-line', 'a {\n  b = 1 }\nc = 2\n'],
  ['block-two-closers', 'a {\n  b {\n    c = 1 } }\nd = 1\n'],
  ['block-packer-full', 'packer {\nrequired_plugins {\namazon = {\nversion = ">= 1.0.0"\nsource = "github.com/hashicorp/amazon"\n}\n}\n}\n\nsource "amazon-ebs" "ubuntu" {\nami_name = "x-${local.ts}"\ninstance_type = "t2.micro"\nregion = "us-west-2"\nsource_ami_filter {\nfilters = {\nname = "ubuntu/*"\n"root-device-type" = "ebs"\n}\nmost_recent = true\nowners = ["099720109477"]\n}\nssh_username = "ubuntu"\n}\n\nbuild {\nsources = ["source.amazon-ebs.ubuntu"]\nprovisioner "shell" {\ninline = ["echo hi", "sleep 1"]\n}\n}\n'],
  // --- comments
  ['comment-hash-only', '# just a comment\n'],
  ['comment-slash-only', '// just a comment\n'],
  ['comment-block-only', '/* just\n   a comment */\n'],
  ['comment-indented', 'a {\n        # inner\n  b = 1\n          // other\n}\n'],
  ['comment-trailing-spaces', '# comment with trailing   \na = 1 # trailing   \n'],
  ['comment-eof-no-newline', 'a = 1 # end'],
  ['comment-block-midline', 'a = /* x */ 1\nb = [1, /* two */ 2]\n'],
  ['comment-block-multiline-in-block', 'x {\n/*\n  multi\n      line\n*/\na = 1\n}\n'],
  ['comment-after-open-brace', 'x { # c\na = 1\n} # d\n'],
  ['comment-in-list', 'l = [\n# first\n1, # one\n2, // two\n]\n'],
  ['comment-before-close', 'x {\na = 1\n# last\n}\n'],
  ['comment-hash-no-space', '#no space\n//no space\n'],
  ['comment-unicode', '# héllo wörld 日本\na = 1 # ✓ done\nbbb = 2 # x\n'],
  ['comment-block-between-blocks', 'a {}\n/* between */\nb {}\n'],
  ['comment-crlf', '# one\r\na = 1 # two\r\n'],
  // --- blank lines and whitespace
  ['blank-runs', 'a = 1\n\n\n\n\nb = 2\n\n\n'],
  ['blank-leading', '\n\n\na = 1\n'],
  ['blank-whitespace-lines', 'a = 1\n    \n\t\nb = 2\n'],
  ['ws-trailing-everywhere', 'a = 1   \nb {   \n  c = 2\t\n}  \n'],
  ['ws-eof-spaces', 'a = 1\n   '],
  ['ws-eof-tab', 'a = 1\n\t'],
  ['ws-no-final-newline', 'a = 1'],
  ['ws-only-newlines', '\n\n\n'],
  ['ws-empty', ''],
  ['ws-only-spaces', '    '],
  ['ws-bom', '\uFEFFa = 1\n'],
  ['crlf-basic', 'a=1\r\nb {\r\nc=2\r\n}\r\n'],
  ['crlf-heredoc', 'a = <<EOT\r\nhello\r\nEOT\r\nb = 1\r\n'],
  ['crlf-mixed', 'a=1\r\nb=2\nc=3\r\n'],
  // --- lists and tuples
  ['list-inline', 'a = [ 1,2 ,3 ]\n'],
  ['list-multiline', 'a = [\n1,\n  2,\n      3\n]\n'],
  ['list-nested', 'a = [[1,2],[3,[4,5]]]\n'],
  ['list-nested-multiline', 'a = [\n[\n1,\n2\n],\n[3, 4],\n]\n'],
  ['list-empty', 'a = [ ]\nb = []\nc = [\n]\n'],
  ['list-long', 'a = [' + Array.from({ length: 40 }, (_, i) => `"item-${i}"`).join(',') + ']\n'],
  ['list-trailing-comma', 'a = [1, 2, 3, ]\n'],
  ['list-of-objects', 'a = [\n{ a = 1 },\n{\nb = 2\nlonger = 3\n},\n]\n'],
  ['list-open-close-same-line', 'a = [1,\n2]\nb = 3\n'],
  // --- objects
  ['object-inline', 'a = {a=1,b=2}\n'],
  ['object-inline-no-commas', 'a = { a = 1 }\n'],
  ['object-multiline', 'a = {\na = 1\nbb = 2\nccc = {\nd = 4\n}\n}\n'],
  ['object-empty', 'a = {}\nb = { }\nc = {\n}\n'],
  ['object-nested-inline', 'a = {x = {y = {z = 1}}}\n'],
  ['object-expr-keys', 'a = {\n(var.k) = 1\n"${var.p}-x" = 2\n}\n'],
  ['object-commas-multiline', 'a = {\na = 1,\nbb = 2,\n}\n'],
  ['object-colon-multiline', 'a = {\n"a": 1,\n"bbb": 2\n}\n'],
  // --- operators and expressions
  ['ops-arith', 'a = 1+2-3*4/5%6\nb = (1+2)*3\n'],
  ['ops-compare', 'a = 1==2\nb = 1!=2\nc = 1<2\nd = 1<=2\ne = 1>2\nf = 1>=2\n'],
  ['ops-logic', 'a = true&&false||true\n'],
  ['ops-negation', 'a = -1\nb = 2 - -1\nc = (-1)\nd = [-1, -2]\ne = 3-1\nf = x-1\ng = x - 1\n'],
  ['ops-negation-after-ops', 'a = 1 * -2\nb = 1 == -2\nc = true && -1 > 0\nd = x ? -1 : -2\ne = {k = -1}\n'],
  ['ops-conditional', 'a = var.x?1:2\nb = var.x ? "a" : "b"\n'],
  ['ops-conditional-multiline', 'a = (\nvar.x\n? 1\n: 2\n)\n'],
  ['ops-parens', 'a = ( 1 + ( 2 * 3 ) )\n'],
  ['expr-traversal', 'a = var.foo.bar[0].baz\nb = local.m["key"].x\n'],
  ['expr-splat-attr', 'a = var.list.*.id\nb = var.list.*.x.y\n'],
  ['expr-splat-full', 'a = var.list[*].id\nb = var.list[*]\n'],
  ['expr-legacy-index', 'a = var.list.0.id\nb = var.list.1\n'],
  ['expr-index-spacing', 'a = var.list[ 0 ]\nb = var.m[ "k" ]\nc = f(x)[0]\nd = [1,2][0]\n'],
  ['expr-number-formats', 'a = 1.5\nb = 1e10\nc = 1.5E-3\nd = 0.000001\n'],
  ['expr-literals', 'a = true\nb = false\nc = null\n'],
  ['func-call', 'a = lower( "X" )\nb = max(1,2,3)\nc = concat([1],[2])\n'],
  ['func-call-nested', 'a = join(",", concat(var.a, [for x in var.b: upper(x)]))\n'],
  ['func-call-multiline', 'a = merge(\nvar.a,\n{\nb = 1\n},\n)\n'],
  ['func-call-expand', 'a = max(var.list...)\nb = f(a, b ...)\n'],
  ['func-call-space-before-paren', 'a = lower ("X")\n'],
  // --- for expressions
  ['for-tuple', 'a = [for x in var.l: x]\nb = [ for x in var.l : x if x != "" ]\n'],
  ['for-object', 'a = {for k, v in var.m: k => v}\nb = {for k, v in var.m : upper(k) => v...}\n'],
  ['for-in-tuple', 'a = [for x in [1, 2]: x]\nb = [for x in ["a"]: x]\n'],
  ['for-in-paren', 'a = [for x in (var.l): x]\n'],
  ['for-multiline', 'a = [\nfor x in var.l :\nupper(x)\nif x != ""\n]\n'],
  ['for-nested', 'a = [for x in var.l: [for y in x: y * 2]]\n'],
  // --- templates
  ['tmpl-interp', 'a = "${var.x}"\nb = "pre-${ var.x }-post"\nc = "${var.a}${var.b}"\n'],
  ['tmpl-interp-expr', 'a = "${1+2}"\nb = "${ upper(var.x) }"\nc = "${var.x ? "a" : "b"}"\n'],
  ['tmpl-interp-object', 'a = "${ {a=1} }"\nb = "${{}}"\n'],
  ['tmpl-escapes', 'a = "a\\"b\\\\c\\n\\t"\nb = "$${not_interp} %%{not_directive}"\nc = "\\u00e9\\U0001F600"\n'],
  ['tmpl-dollar-alone', 'a = "cost: $5 and 100%"\nb = "$"\nc = "%"\n'],
  ['tmpl-directive-if', 'a = "%{ if var.x }yes%{ else }no%{ endif }"\n'],
  ['tmpl-directive-for', 'a = "%{ for x in var.l }${x},%{ endfor }"\n'],
  ['tmpl-strip-markers', 'a = "%{ if x ~} y %{~ endif }"\nb = "${~ var.x ~}"\nc = "%{~ for x in l ~}${x}%{~ endfor ~}"\n'],
  ['tmpl-spaces-preserved', 'a = "  lots   of   spaces  "\nb = "\ttab"\n'],
  ['tmpl-unicode', 'a = "日本語 ${var.x} émoji 😀"\nbb = "x"\n'],
  ['tmpl-nested-quotes', 'a = "${lower("X-${var.y}")}"\n'],
  ['tmpl-in-label', 'x "${var.a}" {\n}\n'],
  ['tmpl-multiline-interp', 'a = "${\nvar.x\n}"\n'],
  // --- heredocs
  ['heredoc-basic', 'a = <<EOT\nline one\n  line two\n\tline three\nEOT\n'],
  ['heredoc-indented', 'x {\ny = <<-EOT\n      indented\n        more\n      EOT\n}\n'],
  ['heredoc-interp', 'a = <<EOT\nhello ${ var.name }.\n%{ if var.x }yes%{ endif }\nEOT\n'],
  ['heredoc-trailing-spaces', 'a = <<EOT\nline with spaces   \nEOT   \nb = 1\n'],
  ['heredoc-empty', 'a = <<EOT\nEOT\n'],
  ['heredoc-in-list', 'a = [\n<<EOT\nx\nEOT\n,\n"y",\n]\n'],
  ['heredoc-in-func', 'a = trimspace(<<EOT\n  text\nEOT\n)\n'],
  ['heredoc-two', 'a = <<A\n1\nA\nb = <<B\n2\nB\n'],
  ['heredoc-marker-in-text', 'a = <<EOT\n  EOTX\nnot EOT\nEOT\n'],
  ['heredoc-json-like', 'policy = <<EOF\n{\n  "Version": "2012-10-17",\n    "Statement": []\n}\nEOF\n'],
  ['heredoc-crlf-indented', 'x {\r\na = <<-EOT\r\n  hi\r\n  EOT\r\n}\r\n'],
  // --- packer flavoured
  ['packer-variable', 'variable "region" {\ntype = string\ndefault = "us-east-1"\ndescription = "The region"\nsensitive = false\nvalidation {\ncondition = length(var.region) > 3\nerror_message = "Too short."\n}\n}\n'],
  ['packer-variable-complex-type', 'variable "x" {\ntype = object({\na = string\nb = optional(number, 1)\nc = list(map(string))\n})\n}\n'],
  ['packer-locals', 'locals {\nts = regex_replace(timestamp(), "[- TZ:]", "")\nname = "img-${local.ts}"\ntags = {\nOS = "Ubuntu"\nRelease = "Latest"\n}\n}\n'],
  ['packer-build-pp', 'build {\nname = "b"\nsources = [\n"source.null.a",\n"source.null.b"\n]\nprovisioner "shell-local" {\nonly = ["null.a"]\ninline = ["echo ${build.name}"]\n}\npost-processors {\npost-processor "manifest" {}\npost-processor "checksum" {\nchecksum_types = ["md5", "sha1"]\n}\n}\n}\n'],
  ['packer-data', 'data "amazon-ami" "ubuntu" {\nfilters = {\nname = "ubuntu/images/*"\nvirtualization-type = "hvm"\n}\nowners = ["099720109477"]\nmost_recent = true\n}\n'],
  ['packer-pkrvars', 'region="us-west-2"\ninstance_type ="t2.micro"\ntags= { a = "b" }\n'],
  ['packer-dynamic', 'source "null" "x" {\ndynamic "tag" {\nfor_each = var.tags\ncontent {\nkey = tag.key\nvalue = tag.value\n}\n}\n}\n'],
  // --- oddities that are still valid
  ['odd-ident-dashes', 'some-attr = 1\nother_attr-x = 2\n'],
  ['odd-long-line', 'a = "' + 'x'.repeat(300) + '"\nb = 1\n'],
  ['odd-deep-nesting', 'a = ' + '['.repeat(30) + '1' + ']'.repeat(30) + '\n'],
  ['odd-deep-object-nesting', 'a = {\n' + Array.from({ length: 8 }, (_, i) => `${'k'}${i} = {\n`).join('') + 'z = 1\n' + '}\n'.repeat(8) + '}\n'],
  ['odd-brackets-unbalanced-lines', 'a = [[\n1,\n2\n],\n[\n3\n]]\nb = 1\n'],
  ['odd-closing-then-open', 'a = {\nb = [\n1\n], c = [\n2\n]\n}\n'],
  ['odd-attr-after-multiline-close', 'a = {\nx = 1\n}\nlong_attr = 2\nb = 3\n'],
  ['odd-equals-in-string-key', 'a = {\n"k=v" = 1\nkk = 2\n}\n'],
  ['odd-comment-only-indent-levels', 'a {\nb {\n# deep\n}\n# mid\n}\n# top\n'],
  ['odd-nbsp-in-string', 'a = "non\u00a0breaking"\nbb = 1\n'],
  ['odd-combining-chars', 'm = {\n"e\u0301" = 1\nab = 2\n}\n'],
  ['odd-zwj-emoji', 'm = {\n"👨‍👩‍👧" = 1\nab = 2\n}\n'],
  ['odd-cjk-comment-align', 'a = "日本" # c\nbbbbbb = 1 # d\n'],
  ['odd-object-in-list-one-line', 'a = [{a = 1}, {b = 2}]\n'],
  ['odd-spaces-before-comma', 'a = [1 , 2 , 3]\nb = f(1 , 2)\n'],
  ['odd-ellipsis-space', 'a = {for k, v in m: k => v ...}\n'],
  ['odd-in-keyword-variable', 'a = [for in in var.x: in]\n'],
  // --- refused inputs (syntax errors): packer leaves these untouched and fails
  ['err-unclosed-block', 'a {\nb = 1\n'],
  ['err-missing-value', 'a =\nb = 1\n'],
  ['err-unterminated-string', 'a = "abc\nb = 1\n'],
  ['err-bad-char', 'a = 1 @ 2\n'],
  ['err-unclosed-heredoc', 'a = <<EOT\nhello\n'],
];

function main() {
  for (const [name, input] of cases) {
    if (/!(?!=)/.test(input.replace(/"[^"\n]*"/g, ''))) throw new Error(`case ${name} uses unary !, see the header`);
  }
  const names = new Set(cases.map(([n]) => n));
  if (names.size !== cases.length) throw new Error('duplicate case names');

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'fmt-corpus-'));
  try {
    for (const [name, input] of cases) writeFileSync(join(work, `${name}.pkr.hcl`), input);
    // One packer process formats the whole directory; files it cannot parse stay as they were.
    const run = spawnSync(packer, ['fmt', work], { encoding: 'utf8' });
    if (run.error) throw run.error;
    const refused = new Set();
    for (const m of run.stdout.matchAll(/encountered an error while formatting (\S+)/g)) refused.add(m[1]);
    for (const file of readdirSync(work).sort()) {
      const name = file.replace(/\.pkr\.hcl$/, '');
      writeFileSync(join(outDir, `${name}.in.hcl`), cases.find(([n]) => n === name)[1]);
      if (refused.has(join(work, file))) writeFileSync(join(outDir, `${name}.refused`), '');
      else writeFileSync(join(outDir, `${name}.out.hcl`), readFileSync(join(work, file)));
    }
    console.log(`${cases.length} cases, ${refused.size} refused by packer`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();

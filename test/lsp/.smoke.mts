import { LspClient, fixtureUri } from './harness.ts';
const c = await LspClient.start();
const uri = 'untitled:Untitled-1';
await c.open(uri, `variable "count" {\n  type = number\n  default = 0\n  foo = 1\n  validation {\n    condition = var.count > 0\n    error_message = "Must be positive."\n  }\n}\nvariable "v" {\n  validation {\n    condition = var.v != ""\n  }\n}\nlocals {\n  a = var.cuont\n  b = upper(local.zz)\n  c = uper("x")\n}\nsource "null" "x" {}\nbuild {\n  sources = ["source.null.y"]\n}\n`);
const d = await c.waitForDiagnostics(uri);
for (const x of d) console.log(x.range.start.line, x.range.start.character, x.range.end.character, x.code, JSON.stringify(x.message));
await c.stop();

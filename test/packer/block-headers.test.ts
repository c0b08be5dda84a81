// Block headers and unexpected content in the bodies Packer decodes itself (top level, packer, variable,
// validation, build, post-processors): HCL's label-count messages, its did-you-mean rules and Packer's DefRange.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemplate } from '../../server/src/packer/load.js';
import { BUILTIN_SCHEMAS } from '../../server/src/packer/catalog.js';
import type { Diagnostic } from '../../server/src/hcl/diagnostic.js';
import { templateInput } from './inputs.js';

async function described(text: string, only: (d: Diagnostic) => boolean = () => true): Promise<string[]> {
  const r = loadTemplate(await templateInput(text, { schemas: BUILTIN_SCHEMAS }));
  return r.diagnostics
    .filter((d) => d.severity === 'error' && only(d))
    .map((d) => {
      const suggestion = (d.data as { suggestion?: string } | undefined)?.suggestion;
      return `${d.range!.start.line + 1}:${d.range!.start.character + 1}-${d.range!.end.character + 1} ${d.summary}: ${d.detail}${suggestion ? ` [fix: ${suggestion}]` : ''}`;
    })
    .sort();
}

test('a misspelt block or argument in a body Packer decodes suggests the expected name, with a quick-fix suggestion', async () => {
  const text = `biuld {
}
variable "v" {
  tpye = string
  validaton {
  }
}
packer {
  required_versoin = ">= 1.0"
}
build {
  provisoner "shell-local" {
  }
  post-processors {
    post-procesor "manifest" {}
  }
  nmae = "x"
}
`;
  assert.deepEqual(await described(text, (d) => d.summary.startsWith('Unsupported')), [
    '12:3-13 Unsupported block type: Blocks of type "provisoner" are not expected here. Did you mean "provisioner"? [fix: provisioner]',
    '15:5-18 Unsupported block type: Blocks of type "post-procesor" are not expected here. Did you mean "post-processor"? [fix: post-processor]',
    '17:3-7 Unsupported argument: An argument named "nmae" is not expected here. Did you mean "name"? [fix: name]',
    '1:1-6 Unsupported block type: Blocks of type "biuld" are not expected here. Did you mean "build"? [fix: build]',
    '4:3-7 Unsupported argument: An argument named "tpye" is not expected here. Did you mean "type"? [fix: type]',
    '5:3-12 Unsupported block type: Blocks of type "validaton" are not expected here. Did you mean "validation"? [fix: validation]',
    '9:3-19 Unsupported argument: An argument named "required_versoin" is not expected here. Did you mean "required_version"? [fix: required_version]',
  ]);
});

test('an argument written as a block, or a name nothing resembles, gets HCL\'s other hints or none', async () => {
  const text = `variable "v" {
  default = "x"
  description {
  }
  zzzzzz = 1
}
`;
  assert.deepEqual(await described(text), [
    '3:3-14 Unsupported block type: Blocks of type "description" are not expected here. Did you mean to define argument "description"? If so, use the equals sign to assign it a value.',
    '5:3-9 Unsupported argument: An argument named "zzzzzz" is not expected here.',
  ]);
});

test('label counts follow each block schema: extraneous labels on unlabelled blocks, missing type or name', async () => {
  const text = `locals "x" {
  a = 1
}
packer "p" {
}
source "null" "n" "z" {
  communicator = "none"
}
source "null" {
}
build "b" {
  sources = ["null.n"]
}
data "http" {
}
local {
  expression = 1
}
build {
  provisioner "shell-local" "extra" {
    inline = ["true"]
  }
  provisioner {
  }
  sources = ["source.null.ok"]
}
source "null" "ok" {
  communicator = "none"
}
`;
  assert.deepEqual(await described(text), [
    '11:7-10 Extraneous label for build: No labels are expected for build blocks.',
    '14:13-14 Missing name for data: All data blocks must have 2 labels (type, name).',
    '16:7-8 Missing name for local: All local blocks must have 1 labels (name).',
    '1:8-11 Extraneous label for locals: No labels are expected for locals blocks.',
    '20:29-36 Extraneous label for provisioner: Only 1 labels (type) are expected for provisioner blocks.',
    '23:15-16 Missing type for provisioner: All provisioner blocks must have 1 labels (type).',
    '4:8-11 Extraneous label for packer: No labels are expected for packer blocks.',
    '6:19-22 Extraneous label for source: Only 2 labels (type, name) are expected for source blocks.',
    '9:15-16 Missing name for source: All source blocks must have 2 labels (type, name).',
  ]);
});

test('a duplicate source cites and marks the block definition (type to last label), as Packer does', async () => {
  const text = `source "null" "n" {
  communicator = "none"
}
source "null" "n" {
  communicator = "none"
}
build {
  sources = ["null.n"]
}
`;
  assert.deepEqual(await described(text), [
    '4:1-18 Duplicate source block: This source block has the same builder type and name as a previous block declared at main.pkr.hcl:1,1-18. Each source must have a unique name per builder type.',
  ]);
});

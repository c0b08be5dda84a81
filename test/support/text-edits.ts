/** Text edits and syntax models as tests compare them. */
import type * as ast from '../../server/src/hcl/ast.js';
import type { TextEdit } from '../../server/src/hcl/parse.js';

/** The LSP position (0-based line, UTF-16 character) of an offset of `text`; lines end at "\n". */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** An LSP edit replacing `text[start, end)`, in the line/character coordinates of `text`. */
export function lspEdit(text: string, start: number, end: number, newText: string): TextEdit {
  return { range: { start: positionAt(text, start), end: positionAt(text, end) }, newText };
}

/** The AST as text; number literals by their text so equal values compare equal. */
export function renderAst(file: ast.File): string {
  return JSON.stringify(file, (_k, v: unknown) => (v && typeof v === 'object' && 'raw' in v ? String((v as { raw: unknown }).raw) : v));
}

/** A template touching most syntax (blocks, labels, validation, templates, heredoc, for, objects) for edit tests. */
export const SAMPLE_ITEMS = `# header comment
variable "region" {
  type    = string
  default = "eu-west-1" # trailing comment
  validation {
    condition     = length(var.region) > 3
    error_message = "Too short."
  }
}

locals {
  name  = "\${var.region}-\${upper("app")}"
  sizes = [for n in [1, 2, 3] : n * 2 if n != 2]
  doc   = <<-EOT
    #!/bin/sh
    echo "\${local.name}"
    EOT
}

source "amazon-ebs" "main" {
  ami_name = "ami-\${local.name}"
  tags     = { Name = "x", Count = 3 }
}

top = 1 + 2
`;

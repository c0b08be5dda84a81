// Realistic Packer templates for the benches: variables (with validation), locals, null sources and a build.

/** One 22-line chunk: a variable, a locals block and a source, numbered `i`. */
function chunk(i) {
  return `variable "var_${i}" {
  type        = string
  default     = "value-${i}"
  description = "Variable number ${i}"
  validation {
    condition     = length(var.var_${i}) > 0
    error_message = "The var_${i} value must not be empty."
  }
}

locals {
  local_${i} = "\${var.var_${i}}-\${upper("x")}"
  list_${i}  = [for s in ["a", "b", "c"] : "\${s}${i}" if s != "b"]
}

source "null" "n_${i}" {
  communicator = "none"
}

`;
}

function build(chunks) {
  return `build {
  sources = [${Array.from({ length: Math.min(chunks, 5) }, (_, k) => `"source.null.n_${k}"`).join(', ')}]
}
`;
}

const CHUNK_LINES = chunk(0).split('\n').length - 1;
const BUILD_LINES = build(1).split('\n').length;

/** A template of about `bytes` bytes (whole chunks, the first that reaches it). */
export function generateTemplate(bytes) {
  const parts = [];
  let size = 0;
  while (size < bytes) {
    parts.push(chunk(parts.length));
    size += parts.at(-1).length;
  }
  return parts.join('') + build(parts.length);
}

/** A template of `lines` lines, give or take a chunk (fewer than 22 lines over). */
export function generateTemplateOfLines(lines) {
  const chunks = Math.max(1, Math.ceil((lines - BUILD_LINES) / CHUNK_LINES));
  return Array.from({ length: chunks }, (_, i) => chunk(i)).join('') + build(chunks);
}

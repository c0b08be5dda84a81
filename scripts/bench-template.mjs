// Generates a realistic Packer template of about `bytes` bytes: variables, locals, docker/null sources and a build.
export function generateTemplate(bytes) {
  const parts = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const block = `variable "var_${i}" {
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
    parts.push(block);
    size += block.length;
    i++;
  }
  parts.push(`build {
  sources = [${Array.from({ length: Math.min(i, 5) }, (_, k) => `"source.null.n_${k}"`).join(', ')}]
}
`);
  return parts.join('');
}

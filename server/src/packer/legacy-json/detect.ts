/**
 * Recognising legacy JSON templates (Packer's pre-HCL2 format) so that editors and the CLI can point users at
 * `hcl2_upgrade` instead of reporting a pile of HCL-JSON errors. Also renders template parse errors the way
 * Packer prints them.
 */
import type { Diagnostic } from '../../hcl/diagnostic.js';
import { parseJson } from '../../hcl/json/json-parse.js';

/** Top-level keys only the legacy format has (HCL-JSON uses `source`, `build`, `variable`, ...). */
const LEGACY_KEYS = new Set(['builders', 'provisioners', 'post-processors', 'variables', 'sensitive-variables', 'min_packer_version', 'error-cleanup-provisioner']);

export const LEGACY_JSON_CODE = 'legacy-json-template';

/** A diagnostic on the first legacy top-level key when `text` is a legacy JSON template; undefined otherwise. */
export function detectLegacyJson(text: string, file = ''): Diagnostic | undefined {
  const parsed = parseJson(text, file);
  if (!parsed.value || parsed.value.kind !== 'object') return undefined;
  const legacy = parsed.value.members.find((m) => LEGACY_KEYS.has(m.key));
  if (!legacy) return undefined;
  const name = file === '' ? 'TEMPLATE.json' : file;
  return {
    severity: 'error',
    summary: 'Legacy JSON template',
    detail:
      `This is a legacy JSON template ("${legacy.key}" is not an HCL2 block type); Packer only reads it through its ` +
      `deprecated JSON template engine, and HCL2 features and plugins' newer options are unavailable. ` +
      `Convert it with \`packer-studio hcl2_upgrade ${name}\`, which writes ${name}.pkr.hcl.`,
    range: legacy.keyRange,
    code: LEGACY_JSON_CODE,
    data: { command: 'hcl2_upgrade' },
  };
}

/** Packer's report of a template that fails to load, with the JSON syntax error pointed at when there is one. */
export function legacyParseErrorMessage(error: string, json?: string): string {
  let original = error;
  if (json !== undefined) {
    const parsed = parseJson(json);
    if (parsed.error) original = `Error parsing JSON: ${parsed.error.message}\n${highlight(json, parsed.error.goOffset)}`;
  }
  return (
    'Failed to parse file as legacy JSON template: if you are using an HCL template, check your file extensions; ' +
    'they should be either *.pkr.hcl or *.pkr.json; see the docs for more details: ' +
    'https://www.packer.io/docs/templates/hcl_templates. \n' +
    `Original error: ${original}`
  );
}

/** The SDK's error location: line, column (its own count: bytes, 0-based on line 1) and the lines around it. */
function highlight(text: string, goOffset: number): string {
  const bytes = Buffer.from(text, 'utf8');
  let line = 1;
  let col = 0;
  let last = '';
  let current: number[] = [];
  for (let n = 0; n < goOffset && n < bytes.length; n++) {
    const b = bytes[n];
    if (b === 0x0a) {
      last = Buffer.from(current).toString('utf8');
      current = [];
      line++;
      col = 1;
    } else {
      col++;
      current.push(b);
    }
  }
  let out = `At line ${line}, column ${col} (offset ${goOffset}):\n`;
  if (line > 1) out += `${String(line - 1).padStart(5)}: ${last}\n`;
  out += `${String(line).padStart(5)}: ${Buffer.from(current).toString('utf8')}\n`;
  out += `${' '.repeat(col + 5)}^\n`;
  return out;
}

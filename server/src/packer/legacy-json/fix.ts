/**
 * `packer fix` on a legacy JSON template: decode, run every fixer in Packer's order, print the result the way
 * Packer does, and optionally check that the result still loads and validates. Pure: text in, text out.
 */
import { parseJson, toPlain } from '../../hcl/json/json-parse.js';
import { FIXERS, FixError, type JsonMap } from './fixers.js';
import { encodeGoJsonIndented } from './go-json.js';
import { multiError, parseLegacyTemplate, type LegacyTemplate } from './legacy-template.js';

export type FixResult = { readonly output: string } | { readonly error: string };

/** The fixed template as Packer prints it (2-space indent, `<`/`>` unescaped, final newline). */
export function fixLegacyJson(text: string): FixResult {
  if (text.trim() === '') return { error: 'Error parsing template: EOF' };
  const parsed = parseJson(text, '', { firstValueOnly: true });
  if (parsed.error) {
    const message = parsed.error.message === 'unexpected end of JSON input' ? 'unexpected EOF' : parsed.error.message;
    return { error: `Error parsing template: ${message}` };
  }
  const value = toPlain(parsed.value);
  if (!(value instanceof Map)) {
    const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (value !== null) return { error: `Error parsing template: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}` };
  }
  const input: JsonMap = value instanceof Map ? value : new Map();
  for (const fixer of FIXERS) {
    try {
      fixer.fix(input);
    } catch (err) {
      if (err instanceof FixError) return { error: `Error fixing: ${err.message}` };
      throw err;
    }
  }
  const encoded = encodeGoJsonIndented(input).replaceAll('\\u003c', '<').replaceAll('\\u003e', '>');
  return { output: encoded + '\n' };
}

/** Packer's post-fix check: undefined when the fixed template parses and validates, else Packer's message. */
export function validateFixedTemplate(output: string): string | undefined {
  const parsed = parseLegacyTemplate(output);
  const advice = '\n\nThis is usually caused by an error in the input template.\nPlease fix the error and try again.';
  if ('error' in parsed) return `Error! Fixed template fails to parse: ${parsed.error}${advice}`;
  const errors = validateTemplate(parsed.template);
  if (errors.length > 0) return `Error! Fixed template failed to validate: ${multiError(errors)}${advice}`;
  return undefined;
}

/** template.Validate: at least one builder; only/except/override name existing builders. */
export function validateTemplate(tpl: LegacyTemplate): string[] {
  const errors: string[] = [];
  const names = new Set(tpl.builders.map((b) => b.name));
  if (tpl.builders.length === 0) errors.push('at least one builder must be defined');
  const onlyExcept = (only: readonly string[], except: readonly string[]): string[] => {
    if (only.length > 0 && except.length > 0) return ["only one of 'only' or 'except' may be specified"];
    return [
      ...only.filter((n) => !names.has(n)).map((n) => `'only' specified builder '${n}' not found`),
      ...except.filter((n) => !names.has(n)).map((n) => `'except' specified builder '${n}' not found`),
    ];
  };
  tpl.provisioners.forEach((p, i) => {
    for (const e of onlyExcept(p.only, p.except)) errors.push(`provisioner ${i + 1}: ${e}`);
    for (const name of p.override) if (!names.has(name)) errors.push(`provisioner ${i + 1}: override '${name}' doesn't exist`);
  });
  tpl.postProcessors.forEach((chain, i) =>
    chain.forEach((pp, j) => {
      for (const e of onlyExcept(pp.only, pp.except)) errors.push(`post-processor ${i + 1}.${j + 1}: ${e}`);
    }),
  );
  return errors;
}

/**
 * The legacy JSON template model, decoded the way packer-plugin-sdk's template.Parse decodes it: variables with
 * string defaults, builders keyed by name, provisioners and post-processors with their special keys taken out of
 * the plugin configuration. Errors use the SDK's wording.
 */
import { parseJson, toPlain, type JsonNode, type PlainJson } from '../../hcl/json/json-parse.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

export type JsonMap = Map<string, PlainJson>;

export interface LegacyVariable {
  readonly key: string;
  readonly default: string;
  /** Declared with a null default: must be set by the user. */
  readonly required: boolean;
}

export interface LegacyBuilder {
  name: string;
  readonly type: string;
  readonly config: JsonMap;
}

export interface LegacyProvisioner {
  readonly type: string;
  readonly only: readonly string[];
  readonly except: readonly string[];
  readonly maxRetries: string;
  /** Go duration strings ("5s", "1m30s"), empty when unset or zero. */
  readonly timeout: string;
  readonly pauseBefore: string;
  /** Builder names the provisioner has overrides for. */
  readonly override: readonly string[];
  readonly config: JsonMap;
}

export interface LegacyPostProcessor {
  readonly name: string;
  readonly type: string;
  readonly only: readonly string[];
  readonly except: readonly string[];
  readonly keepInputArtifact?: boolean;
  readonly config: JsonMap;
}

export interface LegacyTemplate {
  readonly description: string;
  readonly minVersion: string;
  readonly variables: Map<string, LegacyVariable>;
  /** Keys of declared variables listed in `sensitive-variables`. */
  readonly sensitiveVariables: readonly string[];
  /** In template order; names are unique. */
  readonly builders: LegacyBuilder[];
  readonly provisioners: readonly LegacyProvisioner[];
  readonly cleanupProvisioner?: LegacyProvisioner;
  readonly postProcessors: readonly (readonly LegacyPostProcessor[])[];
  readonly rawContents: string;
}

export type LegacyParseResult = { readonly template: LegacyTemplate } | { readonly error: string };

const ROOT_KEYS = new Set(['min_packer_version', 'description', 'builders', 'comments', 'push', 'post-processors', 'provisioners', 'error-cleanup-provisioner', 'variables', 'sensitive-variables']);

class DecodeError extends Error {}

export function parseLegacyTemplate(text: string): LegacyParseResult {
  const parsed = parseJson(text);
  if (parsed.error) return { error: parsed.error.message };
  const duplicate = findDuplicateKey(parsed.value);
  if (duplicate !== undefined) return { error: `template has duplicate field: ${duplicate}` };
  const raw = toPlain(parsed.value);
  if (!(raw instanceof Map)) return { error: `'' expected a map, got '${goKind(raw)}'` };

  const errors: string[] = [];
  const unknown = [...raw.keys()].filter((k) => !ROOT_KEYS.has(caseFold(k)) && !k.startsWith('_')).sort();
  for (const k of unknown) errors.push(`Unknown root level key in template: '${k}'`);
  if (errors.length > 0) return { error: multiError(errors) };

  try {
    const get = (key: string): PlainJson | undefined => {
      for (const [k, v] of raw) if (caseFold(k) === key) return v;
      return undefined;
    };
    const variables = new Map<string, LegacyVariable>();
    const rawVars = get('variables');
    const sensitiveList = stringList(get('sensitive-variables'), 'sensitive-variables', false);
    const sensitive: string[] = [];
    if (rawVars !== undefined && rawVars !== null) {
      if (!(rawVars instanceof Map)) throw new DecodeError(`'variables' expected a map, got '${goKind(rawVars)}'`);
      for (const [k, v] of rawVars) {
        if (v !== null && typeof v !== 'string') {
          errors.push(`variable ${k}: '' expected type 'string', got unconvertible type '${goType(v)}', value: '${goValue(v)}'`);
          continue;
        }
        for (const s of sensitiveList) if (s === k) sensitive.push(k);
        variables.set(k, { key: k, default: v ?? '', required: v === null });
      }
    }

    const builders: LegacyBuilder[] = [];
    arrayOf(get('builders'), 'builders').forEach((b, i) => {
      if (!(b instanceof Map)) return errors.push(`builder ${i + 1}: '' expected a map, got '${goKind(b)}'`);
      const type = weakString(b.get('type'), 'type');
      let name = weakString(b.get('name'), 'name');
      const config = new Map(b);
      config.delete('name');
      config.delete('type');
      if (type === '') return errors.push(`builder ${i + 1}: missing 'type'`);
      if (name === '') name = type;
      if (builders.some((x) => x.name === name)) return errors.push(`builder ${i + 1}: builder with name '${name}' already exists`);
      builders.push({ name, type, config });
    });

    const postProcessors: LegacyPostProcessor[][] = [];
    arrayOf(get('post-processors'), 'post-processors').forEach((v, i) => {
      const configs = postProcessorConfigs(i, v, errors);
      if (!configs) return;
      const pps: LegacyPostProcessor[] = [];
      configs.forEach((c, j) => {
        try {
          const type = strictString(c.get('type'), 'type');
          if (type === '') return errors.push(`post-processor ${i + 1}.${j + 1}: type is required`);
          const keep = c.get('keep_input_artifact');
          if (keep !== undefined && keep !== null && typeof keep !== 'boolean') {
            throw new DecodeError(`'keep_input_artifact' expected type 'bool', got unconvertible type '${goType(keep)}', value: '${goValue(keep)}'`);
          }
          const pp: LegacyPostProcessor = {
            type,
            name: strictString(c.get('name'), 'name') || type,
            only: stringList(c.get('only'), 'only', false),
            except: stringList(c.get('except'), 'except', false),
            keepInputArtifact: typeof keep === 'boolean' ? keep : undefined,
            config: withoutKeys(c, ['except', 'only', 'keep_input_artifact', 'type', 'name']),
          };
          pps.push(pp);
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
          errors.push(`post-processor ${i + 1}.${j + 1}: ${err.message}`);
        }
      });
      postProcessors.push(pps);
    });

    const provisioners: LegacyProvisioner[] = [];
    arrayOf(get('provisioners'), 'provisioners').forEach((v, i) => {
      try {
        provisioners.push(decodeProvisioner(v));
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        errors.push(`provisioner ${i + 1}: ${err.message}`);
      }
    });

    let cleanupProvisioner: LegacyProvisioner | undefined;
    const cleanup = get('error-cleanup-provisioner');
    if (cleanup !== undefined && cleanup !== null) {
      try {
        cleanupProvisioner = decodeProvisioner(cleanup);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        errors.push(`On Error Cleanup Provisioner error: ${err.message}`);
      }
    }

    if (errors.length > 0) return { error: multiError(errors) };
    return {
      template: {
        description: strictString(get('description'), 'description'),
        minVersion: strictString(get('min_packer_version'), 'min_packer_version'),
        variables,
        sensitiveVariables: sensitive,
        builders,
        provisioners,
        cleanupProvisioner,
        postProcessors,
        rawContents: text,
      },
    };
  } catch (err) {
    if (err instanceof DecodeError) return { error: err.message };
    throw err;
  }
}

function decodeProvisioner(raw: PlainJson): LegacyProvisioner {
  if (!(raw instanceof Map)) throw new DecodeError(`Error decoding provisioner: '' expected a map, got '${goKind(raw)}'`);
  try {
    const type = weakString(raw.get('type'), 'type');
    const p = {
      type,
      only: stringList(raw.get('only'), 'only', true),
      except: stringList(raw.get('except'), 'except', true),
      maxRetries: weakString(raw.get('max_retries'), 'max_retries'),
      timeout: duration(raw.get('timeout'), 'timeout'),
      pauseBefore: duration(raw.get('pause_before'), 'pause_before'),
      override: overrideKeys(raw.get('override')),
      config: withoutKeys(raw, ['except', 'only', 'override', 'pause_before', 'max_retries', 'type', 'timeout']),
    };
    if (type === '') throw new DecodeError("Provisioner missing 'type'");
    return p;
  } catch (err) {
    if (err instanceof DecodeError && !err.message.startsWith('Provisioner missing')) {
      throw new DecodeError(`Error decoding provisioner: ${err.message}`);
    }
    throw err;
  }
}

function overrideKeys(v: PlainJson | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (!(v instanceof Map)) throw new DecodeError(`'override' expected a map, got '${goKind(v)}'`);
  return [...v.keys()];
}

function postProcessorConfigs(i: number, raw: PlainJson, errors: string[]): JsonMap[] | undefined {
  if (typeof raw === 'string') return [new Map([['type', raw]])];
  if (raw instanceof Map) return [raw];
  if (!Array.isArray(raw)) {
    errors.push(`post-processor ${i + 1}: bad format`);
    return undefined;
  }
  const inner: string[] = [];
  const result = raw.map((v, j): JsonMap => {
    if (typeof v === 'string') return new Map([['type', v]]);
    if (v instanceof Map) return v;
    inner.push(Array.isArray(v) ? `post-processor ${i + 1}.${j + 1}: sequence not allowed to be nested in a sequence` : `post-processor ${i + 1}.${j + 1}: unknown format`);
    return new Map();
  });
  if (inner.length > 0) {
    errors.push(multiError(inner));
    return undefined;
  }
  return result;
}

/** A non-positive duration is left out of the upgraded template, as Packer only writes positive ones. */
function duration(v: PlainJson | undefined, name: string): string {
  if (v === undefined || v === null) return '';
  let ns: number | undefined;
  if (typeof v === 'string') {
    ns = v === '' ? 0 : parseGoDuration(v);
    if (ns === undefined) throw new DecodeError(`error decoding '${name}': time: invalid duration ${JSON.stringify(v)}`);
  } else if (typeof v === 'number') ns = Math.trunc(v);
  else if (typeof v === 'boolean') ns = v ? 1 : 0;
  else throw new DecodeError(`'${name}' expected type 'time.Duration', got unconvertible type '${goType(v)}'`);
  return ns > 0 ? formatGoDuration(ns) : '';
}

function arrayOf(v: PlainJson | undefined, name: string): PlainJson[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new DecodeError(`1 error(s) decoding:\n\n* '${name}': source data must be an array or slice, got ${goKind(v)}`);
  return v;
}

/** mapstructure's weakly typed string: numbers and bools are spelled out. */
function weakString(v: PlainJson | undefined, name: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v).includes('e') ? v.toFixed(20).replace(/\.?0+$/, '') : String(v);
  throw new DecodeError(`'${name}' expected type 'string', got unconvertible type '${goType(v)}', value: '${goValue(v)}'`);
}

function strictString(v: PlainJson | undefined, name: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  throw new DecodeError(`'${name}' expected type 'string', got unconvertible type '${goType(v)}', value: '${goValue(v)}'`);
}

function stringList(v: PlainJson | undefined, name: string, weak: boolean): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((e, i) => (weak ? weakString(e, `${name}[${i}]`) : strictString(e, `${name}[${i}]`)));
  if (weak && typeof v === 'string') return [v];
  throw new DecodeError(`'${name}': source data must be an array or slice, got ${goKind(v)}`);
}

function withoutKeys(m: JsonMap, keys: readonly string[]): JsonMap {
  const out = new Map(m);
  for (const k of keys) out.delete(k);
  return out;
}

/** mapstructure matches struct fields case-insensitively. */
function caseFold(k: string): string {
  return k.toLowerCase();
}

function goKind(v: PlainJson): string {
  if (v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  return typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : 'string';
}

function goType(v: PlainJson): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Map) return 'map[string]interface {}';
  return goKind(v);
}

function goValue(v: PlainJson): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === null ? '<nil>' : goValue(x))).join(' ')}]`;
  if (v instanceof Map) return `map[${[...v].map(([k, x]) => `${k}:${x === null ? '<nil>' : goValue(x)}`).join(' ')}]`;
  return String(v);
}

/** go-multierror's default rendering. */
export function multiError(errors: readonly string[]): string {
  const points = errors.map((e) => `* ${e}`).join('\n\t');
  return errors.length === 1 ? `1 error occurred:\n\t${points}\n\n` : `${errors.length} errors occurred:\n\t${points}\n\n`;
}

function findDuplicateKey(node: JsonNode): string | undefined {
  if (node.kind === 'array') {
    for (const item of node.items) {
      const d = findDuplicateKey(item);
      if (d !== undefined) return d;
    }
  }
  if (node.kind !== 'object') return undefined;
  const seen = new Set<string>();
  for (const m of node.members) {
    if (seen.has(m.key)) return m.key;
    seen.add(m.key);
    const d = findDuplicateKey(m.value);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * Reading decoded component configs with mapstructure's weak typing (`"true"` → bool, numbers ↔ strings).
 * Errors collect into a list so every problem of a block is reported at once, like Packer's prepare step.
 */
import { ConfigErrors } from './decode.js';
import { parseGoDuration } from './duration.js';
import type { ConfigRecord } from './plan.js';

export class ConfigReader {
  readonly errors: string[] = [];

  constructor(private readonly values: ConfigRecord) {}

  has(key: string): boolean {
    const v = this.values[key];
    return v !== undefined && v !== null;
  }

  string(key: string, fallback = ''): string {
    const v = this.values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.errors.push(`'${key}' expected type 'string', got unconvertible type '${goKind(v)}'`);
    return fallback;
  }

  bool(key: string, fallback = false): boolean {
    const v = this.values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') {
      const s = v.toLowerCase();
      if (['1', 't', 'true'].includes(s)) return true;
      if (['0', 'f', 'false', ''].includes(s)) return false;
      this.errors.push(`cannot parse '${key}' as bool: strconv.ParseBool: parsing "${v}": invalid syntax`);
      return fallback;
    }
    this.errors.push(`'${key}' expected type 'bool', got unconvertible type '${goKind(v)}'`);
    return fallback;
  }

  /** Tri-state boolean: undefined when unset. */
  optionalBool(key: string): boolean | undefined {
    return this.has(key) ? this.bool(key) : undefined;
  }

  number(key: string, fallback = 0): number {
    const v = this.values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
    this.errors.push(`cannot parse '${key}' as int: strconv.ParseInt: parsing "${String(v)}": invalid syntax`);
    return fallback;
  }

  /** Milliseconds. */
  duration(key: string, fallback = 0): number {
    const v = this.values[key];
    if (v === undefined || v === null || v === '') return fallback;
    const ms = typeof v === 'number' || typeof v === 'string' ? parseGoDuration(v) : undefined;
    if (ms === undefined) {
      this.errors.push(`time: invalid duration "${String(v)}"`);
      return fallback;
    }
    return ms;
  }

  stringList(key: string): string[] {
    const v = this.values[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      // Weak decoding wraps a single value into a slice.
      return [this.string(key)];
    }
    return v.map((e, i) => {
      if (typeof e === 'string') return e;
      if (typeof e === 'number' || typeof e === 'boolean') return String(e);
      this.errors.push(`'${key}[${i}]' expected type 'string', got unconvertible type '${goKind(e)}'`);
      return '';
    });
  }

  numberList(key: string): number[] {
    const v = this.values[key];
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((e, i) => {
      const n = typeof e === 'number' ? e : typeof e === 'string' ? Number(e) : Number.NaN;
      if (Number.isNaN(n)) this.errors.push(`cannot parse '${key}[${i}]' as int`);
      return n;
    });
  }

  stringMap(key: string): Record<string, string> {
    const v = this.values[key];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.errors.push(`'${key}' expected a map, got '${goKind(v)}'`);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      out[k] = typeof e === 'string' ? e : String(e);
    }
    return out;
  }

  record(key: string): ConfigRecord | undefined {
    const v = this.values[key];
    if (Array.isArray(v)) return v[0] as ConfigRecord | undefined;
    return v && typeof v === 'object' ? (v as ConfigRecord) : undefined;
  }

  /** Throws every collected error (plus `extra`) at once. */
  done(extra: readonly string[] = []): void {
    const all = [...this.errors, ...extra];
    if (all.length > 0) throw new ConfigErrors(all);
  }
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  return typeof v;
}

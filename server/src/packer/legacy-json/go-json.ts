/**
 * encoding/json's output for decoded JSON: object keys sorted bytewise, HTML-sensitive characters escaped,
 * json.Indent's layout. Used to print `fix` results exactly as Packer prints them.
 */
import type { PlainJson } from '../../hcl/json/json-parse.js';
import { compareGo } from './hcl-writer.js';

export function encodeGoJsonIndented(value: PlainJson, indent = '  '): string {
  const render = (v: PlainJson, depth: number): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'string') return goJsonString(v);
    const inner = indent.repeat(depth + 1);
    const outer = indent.repeat(depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[\n${v.map((e) => inner + render(e, depth + 1)).join(',\n')}\n${outer}]`;
    }
    if (v.size === 0) return '{}';
    const keys = [...v.keys()].sort(compareGo);
    return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${render(v.get(k) ?? null, depth + 1)}`).join(',\n')}\n${outer}}`;
  };
  return render(value, 0);
}

/** A JSON string as Go's encoder writes it with HTML escaping on. */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20 || c === '<' || c === '>' || c === '&' || code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16).padStart(4, '0');
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) < 0xe000) {
      out += c + s[i + 1];
      i++;
    } else if (code >= 0xd800 && code < 0xe000) out += '\\ufffd';
    else out += c;
  }
  return out + '"';
}

/**
 * IANA character encodings for textencodebase64/textdecodebase64 (golang.org/x/text ianaindex). Unicode and
 * Latin-1 are done by hand; other single-byte charsets come from the WHATWG decoders Node ships, with the
 * encoder derived by inverting the 256-entry table. Multi-byte East Asian charsets are not offered.
 */

export interface TextCodec {
  /** The IANA name Packer reports in messages. */
  readonly name: string;
  /** undefined when a character has no representation. */
  encode(text: string): Uint8Array | undefined;
  /** undefined when the bytes are not valid in this encoding. */
  decode(bytes: Uint8Array): string | undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function utf16(name: string, littleEndian: boolean, bom: boolean): TextCodec {
  return {
    name,
    encode(text) {
      const units = [...(bom ? [0xfeff] : []), ...Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))];
      const out = new Uint8Array(units.length * 2);
      const view = new DataView(out.buffer);
      units.forEach((u, i) => view.setUint16(i * 2, u, littleEndian));
      return out;
    },
    decode(bytes) {
      if (bytes.length % 2 !== 0) return undefined;
      let le = littleEndian;
      let start = 0;
      if (bom && bytes.length >= 2) {
        if (bytes[0] === 0xff && bytes[1] === 0xfe) [le, start] = [true, 2];
        else if (bytes[0] === 0xfe && bytes[1] === 0xff) [le, start] = [false, 2];
      }
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let s = '';
      for (let i = start; i < bytes.length; i += 2) s += String.fromCharCode(view.getUint16(i, le));
      return LONE_SURROGATE.test(s) ? undefined : s;
    },
  };
}

const utf8: TextCodec = {
  name: 'UTF-8',
  encode: (text) => Buffer.from(text, 'utf8'),
  decode(bytes) {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  },
};

function table(name: string, chars: readonly (string | undefined)[]): TextCodec {
  const reverse = new Map<string, number>();
  chars.forEach((c, b) => {
    if (c !== undefined && !reverse.has(c)) reverse.set(c, b);
  });
  return {
    name,
    encode(text) {
      const out: number[] = [];
      for (const c of text) {
        const b = reverse.get(c);
        if (b === undefined) return undefined;
        out.push(b);
      }
      return Uint8Array.from(out);
    },
    decode(bytes) {
      let s = '';
      for (const b of bytes) {
        const c = chars[b];
        if (c === undefined) return undefined;
        s += c;
      }
      return s;
    },
  };
}

function whatwgTable(name: string, label: string): TextCodec | undefined {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
  const chars = Array.from({ length: 256 }, (_, b) => {
    try {
      return decoder.decode(Uint8Array.of(b));
    } catch {
      return undefined;
    }
  });
  return table(name, chars);
}

/** Canonical IANA name, the WHATWG label whose table matches it, and common aliases. */
const SINGLE_BYTE: readonly [string, string, readonly string[]][] = [
  ['ISO-8859-2', 'iso-8859-2', ['latin2', 'l2', 'iso_8859-2', 'csisolatin2']],
  ['ISO-8859-3', 'iso-8859-3', ['latin3', 'l3', 'iso_8859-3']],
  ['ISO-8859-4', 'iso-8859-4', ['latin4', 'l4', 'iso_8859-4']],
  ['ISO-8859-5', 'iso-8859-5', ['cyrillic', 'iso_8859-5']],
  ['ISO-8859-6', 'iso-8859-6', ['arabic', 'iso_8859-6']],
  ['ISO-8859-7', 'iso-8859-7', ['greek', 'greek8', 'iso_8859-7']],
  ['ISO-8859-8', 'iso-8859-8', ['hebrew', 'iso_8859-8']],
  ['ISO-8859-10', 'iso-8859-10', ['latin6', 'l6']],
  ['ISO-8859-13', 'iso-8859-13', []],
  ['ISO-8859-14', 'iso-8859-14', ['latin8', 'l8']],
  ['ISO-8859-15', 'iso-8859-15', ['latin-9']],
  ['ISO-8859-16', 'iso-8859-16', ['latin10', 'l10']],
  ['KOI8-R', 'koi8-r', ['cskoi8r']],
  ['KOI8-U', 'koi8-u', []],
  ['macintosh', 'macintosh', ['mac', 'csmacintosh']],
  ['IBM866', 'ibm866', ['cp866', '866', 'csibm866']],
  ['windows-874', 'windows-874', []],
  ['windows-1250', 'windows-1250', []],
  ['windows-1251', 'windows-1251', []],
  ['windows-1253', 'windows-1253', []],
  ['windows-1254', 'windows-1254', []],
  ['windows-1255', 'windows-1255', []],
  ['windows-1256', 'windows-1256', []],
  ['windows-1257', 'windows-1257', []],
  ['windows-1258', 'windows-1258', []],
];

const latin1 = table('ISO-8859-1', Array.from({ length: 256 }, (_, b) => String.fromCharCode(b)));
const ascii = table('US-ASCII', Array.from({ length: 256 }, (_, b) => (b < 0x80 ? String.fromCharCode(b) : undefined)));

/** Node's TextDecoder decodes windows-1252 as Latin-1, so its 0x80–0x9F block (WHATWG index) is spelled out. */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const windows1252 = table(
  'windows-1252',
  Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? WINDOWS_1252_C1[b - 0x80] : String.fromCharCode(b))),
);

const FIXED: readonly [TextCodec, readonly string[]][] = [
  [utf8, ['utf-8', 'utf8', 'csutf8']],
  [utf16('UTF-16', false, true), ['utf-16', 'csutf16']],
  [utf16('UTF-16BE', false, false), ['utf-16be', 'csutf16be']],
  [utf16('UTF-16LE', true, false), ['utf-16le', 'csutf16le']],
  [latin1, ['iso-8859-1', 'iso_8859-1', 'iso_8859-1:1987', 'latin1', 'l1', 'ibm819', 'cp819', 'csisolatin1', 'iso-ir-100']],
  [windows1252, ['windows-1252', 'cp1252', 'cswindows1252']],
  [ascii, ['us-ascii', 'ascii', 'us', 'iso646-us', 'ansi_x3.4-1968', 'ansi_x3.4-1986', 'iso_646.irv:1991', 'ibm367', 'cp367', 'csascii', 'iso-ir-6']],
];

let registry: Map<string, () => TextCodec | undefined> | undefined;

function buildRegistry(): Map<string, () => TextCodec | undefined> {
  const m = new Map<string, () => TextCodec | undefined>();
  for (const [codec, names] of FIXED) for (const n of names) m.set(n, () => codec);
  for (const [name, label, aliases] of SINGLE_BYTE) {
    let cached: TextCodec | undefined | null = null;
    const get = (): TextCodec | undefined => (cached === null ? (cached = whatwgTable(name, label)) : cached);
    for (const n of [name.toLowerCase(), ...aliases]) m.set(n, get);
  }
  return m;
}

/** Looks a name up case-insensitively, after trimming, as ianaindex does. */
export function textCodec(name: string): TextCodec | undefined {
  registry ??= buildRegistry();
  return registry.get(name.trim().toLowerCase())?.();
}

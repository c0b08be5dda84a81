/** Encoding functions: base64 (+gzip, +IANA charsets), CSV, JSON, URL and YAML. */
import { gzipSync } from 'node:zlib';
import { FunctionError, type HclFunction } from '../function.js';
import { DYNAMIC, STRING, Value, isWhollyKnown, listOf, objectOf, stringVal, unknownVal, type Type } from '../value.js';
import { decodeJson, encodeJson } from './json-codec.js';
import { textCodec } from './text-encodings.js';
import { decodeYaml } from './yaml-decode.js';
import { encodeYaml } from './yaml-encode.js';
import { pureFunctions } from './support.js';

const str = (v: Value): string => v.raw as string;

/** Go's base64.StdEncoding.DecodeString: padding required, CR/LF ignored; undefined when malformed. */
function decodeBase64(s: string): { bytes?: Buffer; badOffset?: number } {
  const clean = s.replace(/[\r\n]/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(clean);
  if (bad) return { badOffset: bad.index };
  const body = clean.replace(/=+$/, '');
  const pad = clean.length - body.length;
  if (body.includes('=') || clean.length % 4 !== 0 || pad > 2) {
    return { badOffset: body.includes('=') ? body.indexOf('=') : clean.length - (clean.length % 4 || pad) };
  }
  if ((body.length % 4 === 1) || (pad > 0 && (body.length + pad) % 4 !== 0)) return { badOffset: body.length };
  return { bytes: Buffer.from(clean, 'base64') };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const stringFunction = (description: string, fn: (s: string) => string): HclFunction => ({
  description,
  params: [{ name: 'str', type: STRING }],
  returnType: () => STRING,
  impl: ([s]) => stringVal(fn(str(s))),
});

const base64decode = stringFunction('Decodes a string containing a base64 sequence.', (s) => {
  const { bytes } = decodeBase64(s);
  if (!bytes) throw new FunctionError(`failed to decode base64 data '${s}'`);
  if (!isUtf8(bytes)) throw new FunctionError('the result of decoding the the provided string is not valid UTF-8');
  return bytes.toString('utf8').normalize('NFC');
});

const base64encode = stringFunction('Encodes a string to a base64 sequence.', (s) => Buffer.from(s, 'utf8').toString('base64'));

/** Byte 9 of the gzip header: Go writes 255 ("unknown OS") where zlib writes 3 (Unix). */
const GZIP_OS_OFFSET = 9;
const base64gzip = stringFunction('Compresses a string with gzip and then encodes the result in base64.', (s) => {
  const gz = gzipSync(Buffer.from(s, 'utf8'));
  gz[GZIP_OS_OFFSET] = 255;
  return gz.toString('base64');
});

/** Go's url.QueryEscape. */
const urlencode = stringFunction('Applies URL encoding to a given string.', (s) =>
  Array.from(Buffer.from(s, 'utf8'), (b) => {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
    if (c === ' ') return '+';
    return '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }).join(''),
);

/** encoding/csv records (RFC 4180, no lazy quotes): blank lines skipped, errors with Go's line numbers. */
function readCsv(text: string, fieldsPerRecord?: number, limit = Infinity): string[][] {
  const records: string[][] = [];
  let pos = 0;
  let line = 1;
  const fail = (at: number, msg: string): never => {
    throw new FunctionError(`CSV parse error on line ${at}: ${msg}`);
  };
  while (pos < text.length && records.length < limit) {
    const eol = text.indexOf('\n', pos);
    const rawLine = text.slice(pos, eol < 0 ? text.length : eol);
    if (rawLine === '' || rawLine === '\r') {
      pos = eol < 0 ? text.length : eol + 1;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[pos] === '"') {
        pos++;
        for (;;) {
          if (pos >= text.length) fail(line, 'extraneous or missing " in quoted-field');
          const c = text[pos];
          if (c === '"') {
            if (text[pos + 1] === '"') {
              field += '"';
              pos += 2;
              continue;
            }
            pos++;
            break;
          }
          if (c === '\r' && text[pos + 1] === '\n') {
            pos++;
            continue;
          }
          if (c === '\n') line++;
          field += c;
          pos++;
        }
        const next = text[pos];
        if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[pos + 1] === '\n') && !(next === '\r' && pos + 1 === text.length)) {
          fail(line, 'extraneous or missing " in quoted-field');
        }
      } else {
        while (pos < text.length && text[pos] !== ',' && text[pos] !== '\n') {
          if (text[pos] === '"') fail(line, 'bare " in non-quoted-field');
          field += text[pos];
          pos++;
        }
        if (text[pos] !== ',' && field.endsWith('\r')) field = field.slice(0, -1);
      }
      fields.push(field);
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '\r') pos++;
      if (text[pos] === '\n') {
        pos++;
        line++;
      }
      break;
    }
    if (fieldsPerRecord !== undefined && fields.length !== fieldsPerRecord) {
      fail(startLine, 'wrong number of fields');
    }
    fieldsPerRecord ??= fields.length;
    records.push(fields);
  }
  return records;
}

function csvHeaderType(text: string): Type {
  let records: string[][];
  try {
    records = readCsv(text, undefined, 1);
  } catch (e) {
    throw new FunctionError((e as Error).message);
  }
  if (records.length === 0) throw new FunctionError('missing header line');
  const attrs = new Map<string, Type>();
  for (const name of records[0]) {
    if (attrs.has(name)) throw new FunctionError(`duplicate column name ${JSON.stringify(name)}`);
    attrs.set(name, STRING);
  }
  return listOf(objectOf(new Map([...attrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))));
}

const csvdecode: HclFunction = {
  description: 'Parses the given string as Comma Separated Values (as defined by RFC 4180) and returns a map of objects representing the table of data, using the first row as a header row to define the object attributes.',
  params: [{ name: 'str', type: STRING }],
  returnType: ([s]) => (s.isKnown ? csvHeaderType(str(s)) : DYNAMIC),
  impl: ([s], returnType) => {
    const elem = returnType.kind === 'list' ? returnType.elem : DYNAMIC;
    const records = readCsv(str(s));
    const [header, ...rows] = records;
    const values = rows.map((row) => {
      const attrs = new Map(header.map((name, i) => [name, stringVal(row[i].normalize('NFC'))] as const));
      return new Value(elem, new Map([...attrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    });
    return new Value(listOf(elem), values);
  },
};

/** jsondecode/yamldecode infer the result type from the text, so both run the decoder for the type. */
function decoder(description: string, paramName: string, decode: (s: string) => Value): HclFunction {
  const run = (s: string): Value => {
    try {
      return decode(s);
    } catch (e) {
      if (e instanceof FunctionError) throw e;
      throw new FunctionError((e as Error).message);
    }
  };
  return {
    description,
    params: [{ name: paramName, type: STRING }],
    returnType: ([s]) => (s.isKnown && !s.isNull ? run(str(s)).type : DYNAMIC),
    impl: ([s]) => run(str(s)),
  };
}

const jsondecode = decoder(
  'Parses the given string as JSON and returns a value corresponding to what the JSON document describes.',
  'str',
  decodeJson,
);

const yamldecode = decoder(
  'Parses the given string as YAML and returns a value corresponding to what the YAML document describes.',
  'src',
  decodeYaml,
);

function encoder(description: string, paramName: string, encode: (v: Value) => string): HclFunction {
  return {
    description,
    params: [{ name: paramName, type: DYNAMIC, allowNull: true, allowUnknown: true, allowDynamicType: true }],
    returnType: () => STRING,
    impl: ([v]) => {
      if (!isWhollyKnown(v)) return unknownVal(STRING);
      try {
        return stringVal(encode(v));
      } catch (e) {
        throw new FunctionError((e as Error).message);
      }
    },
  };
}

const jsonencode = encoder('Returns a string containing a JSON representation of the given value.', 'val', encodeJson);
const yamlencode = encoder('Returns a string containing a YAML representation of the given value.', 'value', encodeYaml);

function codecFor(nameArg: Value) {
  const codec = textCodec(str(nameArg));
  if (!codec) throw new FunctionError(`${JSON.stringify(str(nameArg))} is not a supported IANA encoding name or alias`, 1);
  return codec;
}

const textencodebase64: HclFunction = {
  description: 'Encodes the input string (UTF-8) to the destination encoding. The output is base64 to account for cty limiting strings to NFC normalised UTF-8 strings.',
  params: [
    { name: 'string', type: STRING },
    { name: 'encoding', type: STRING },
  ],
  returnType: () => STRING,
  impl: ([s, enc]) => {
    const codec = codecFor(enc);
    const bytes = codec.encode(str(s));
    if (!bytes) throw new FunctionError(`the given string contains characters that cannot be represented in ${codec.name}`, 0);
    return stringVal(Buffer.from(bytes).toString('base64'));
  },
};

const textdecodebase64: HclFunction = {
  description: 'Encodes the input base64 blob from an encoding to utf-8. The input is base64 to account for cty limiting strings to NFC normalised UTF-8 strings.',
  params: [
    { name: 'source', type: STRING },
    { name: 'encoding', type: STRING },
  ],
  returnType: () => STRING,
  impl: ([s, enc]) => {
    const codec = codecFor(enc);
    const { bytes, badOffset } = decodeBase64(str(s));
    if (!bytes) throw new FunctionError(`the given value is has an invalid base64 symbol at offset ${badOffset}`, 0);
    const text = codec.decode(bytes);
    if (text === undefined || text.includes('\uFFFD')) {
      throw new FunctionError(`the given string contains symbols that are not defined for ${codec.name}`, 0);
    }
    return stringVal(text.normalize('NFC'));
  },
};

export const encodingFunctions: Readonly<Record<string, HclFunction>> = pureFunctions({
  base64decode,
  base64encode,
  base64gzip,
  csvdecode,
  jsondecode,
  jsonencode,
  textdecodebase64,
  textencodebase64,
  urlencode,
  yamldecode,
  yamlencode,
});

/**
 * The function table the language server evaluates with and documents. It gathers the function modules that
 * exist; Packer functions without an implementation yet get a stand-in that returns an unknown value, so a
 * template calling them is never flagged (an unknown value is never an error) and they still complete.
 */
import { homedir } from 'node:os';
import type { FileSystem, HclFunction } from '../hcl/function.js';
import { conversionFunctions } from '../hcl/functions/conversion.js';
import { cryptoFunctions } from '../hcl/functions/crypto.js';
import { datetimeFunctions } from '../hcl/functions/datetime.js';
import { encodingFunctions } from '../hcl/functions/encoding.js';
import { filesystemFunctions } from '../hcl/functions/filesystem.js';
import { networkFunctions } from '../hcl/functions/network.js';
import { DYNAMIC, unknownVal } from '../hcl/value.js';

/** Every function of Packer's table (hcl2template/functions.go), `templatefile` included. */
export const PACKER_FUNCTION_NAMES: readonly string[] = [
  'abs', 'ceil', 'floor', 'log', 'max', 'min', 'parseint', 'pow', 'signum', 'sum',
  'chomp', 'endswith', 'format', 'formatlist', 'indent', 'join', 'lower', 'regex', 'regexall', 'regex_replace',
  'replace', 'split', 'startswith', 'strcontains', 'strrev', 'substr', 'title', 'trim', 'trimprefix', 'trimsuffix',
  'trimspace', 'upper',
  'alltrue', 'anytrue', 'chunklist', 'coalesce', 'coalescelist', 'compact', 'concat', 'contains', 'distinct',
  'element', 'flatten', 'index', 'keys', 'length', 'lookup', 'merge', 'range', 'reverse', 'setintersection',
  'setproduct', 'setunion', 'slice', 'sort', 'values', 'zipmap',
  'base64decode', 'base64encode', 'base64gzip', 'csvdecode', 'jsondecode', 'jsonencode', 'textdecodebase64',
  'textencodebase64', 'urlencode', 'yamldecode', 'yamlencode',
  'abspath', 'basename', 'dirname', 'file', 'filebase64', 'fileexists', 'fileset', 'pathexpand', 'templatefile',
  'formatdate', 'legacy_isotime', 'legacy_strftime', 'rfc3339_parse', 'timeadd', 'timestamp', 'unix_timestamp_parse',
  'bcrypt', 'md5', 'rsadecrypt', 'sha1', 'sha256', 'sha512', 'uuidv4', 'uuidv5',
  'cidrhost', 'cidrnetmask', 'cidrsubnet', 'cidrsubnets',
  'can', 'convert', 'try',
  'aws_secretsmanager', 'aws_secretsmanager_raw', 'consul_key', 'vault',
];

/** Functions that reach outside the machine: evaluating them while typing would be slow and leak secrets. */
const EXTERNAL = new Set(['aws_secretsmanager', 'aws_secretsmanager_raw', 'consul_key', 'vault']);

function standIn(): HclFunction {
  return {
    description: '',
    params: [],
    varParam: { name: 'args', type: DYNAMIC, allowNull: true, allowUnknown: true, allowDynamicType: true, allowMarked: true },
    returnType: () => DYNAMIC,
    impl: () => unknownVal(DYNAMIC),
  };
}

export function functionTable(fs: FileSystem, baseDir: string): Map<string, HclFunction> {
  let table: Map<string, HclFunction> | undefined;
  const implemented: Record<string, HclFunction> = {
    ...conversionFunctions,
    ...cryptoFunctions,
    ...datetimeFunctions(),
    ...encodingFunctions,
    ...networkFunctions,
    ...filesystemFunctions({ fs, baseDir, homeDir: homedir(), functions: () => Object.fromEntries(table ?? []) }),
  };
  table = new Map(PACKER_FUNCTION_NAMES.map((name) => [name, !EXTERNAL.has(name) && implemented[name] ? implemented[name] : standIn()]));
  return table;
}

/** A table for documentation only (completion, hover, signature help): file functions never run from it. */
export const DOC_FUNCTIONS: ReadonlyMap<string, HclFunction> = functionTable(
  { readFile: () => new Uint8Array(), exists: () => false, isDirectory: () => false, listFiles: () => [], cwd: () => '/' },
  '/',
);

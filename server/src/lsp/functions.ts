/**
 * The function table the language server evaluates with and documents: Packer's own table. Secret-store lookups
 * (vault, consul_key, aws_secretsmanager*) would reach the network and pull secrets into the editor on every
 * keystroke, so while editing they return an unknown value — never an error. They keep the core table's
 * `pure: false`: their stand-in would be safe to remember, but what a template reads stays declared in one place.
 */
import { homedir } from 'node:os';
import type { FileSystem, HclFunction } from '../hcl/function.js';
import { packerFunctions } from '../hcl/functions/index.js';
import type { HclParser } from '../hcl/parse.js';
import { unknownVal } from '../hcl/value.js';

const EXTERNAL = new Set(['aws_secretsmanager', 'aws_secretsmanager_raw', 'consul_key', 'vault']);

export function functionTable(fs: FileSystem, baseDir: string, parser?: HclParser): ReadonlyMap<string, HclFunction> {
  const table = packerFunctions({ fs, baseDir, homeDir: homedir(), ...(parser ? { parser } : {}) });
  return new Map(
    [...table].map(([name, fn]) => [name, EXTERNAL.has(name) ? { ...fn, impl: (_args, type) => unknownVal(type) } : fn] as const),
  );
}

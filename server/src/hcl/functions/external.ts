/**
 * Functions that read from outside the configuration: `env` (only for variable defaults) and the secret/KV
 * lookups (aws_secretsmanager, aws_secretsmanager_raw, consul_key, vault). The core does no I/O, so lookups go
 * through an injected ExternalLookups; without one they fail with a message saying so.
 */
import { FunctionError, type HclFunction } from '../function.js';
import { STRING } from '../value.js';
import { asString, impureFunctions, nfcString, param, staticFunction } from './support.js';

/** Synchronous access to secret stores, provided by the platform layer; methods throw Error with Packer's text. */
export interface ExternalLookups {
  awsSecret(name: string, key: string | null): string;
  awsSecretRaw(name: string): string;
  consulKey(key: string): string;
  vault(path: string, key: string): string;
}

/** env(key): the variable's value, "" when unset. */
export function envFunction(env: Readonly<Record<string, string | undefined>>): HclFunction {
  return {
    ...staticFunction('Reads an environment variable ("" when it is not set).', [param('key', STRING)], STRING, ([key]) => nfcString(env[asString(key!)] ?? '')),
    pure: false,
  };
}

function lookupCall(service: string, run: () => string): ReturnType<typeof nfcString> {
  try {
    return nfcString(run());
  } catch (e) {
    if (e instanceof FunctionError) throw e;
    throw new FunctionError(e instanceof Error ? e.message : `${service} lookup failed`);
  }
}

const unavailable = (fn: string): (() => never) => () => {
  throw new FunctionError(`${fn} cannot be evaluated here: external secret lookups are not available in this context`);
};

export function externalFunctions(lookups: ExternalLookups | undefined): Readonly<Record<string, HclFunction>> {
  return impureFunctions({
    aws_secretsmanager: staticFunction(
      'Reads a secret from AWS Secrets Manager; for JSON secrets, the value of a key.',
      [param('name', STRING), param('key', STRING, { allowNull: true })],
      STRING,
      ([name, key]) =>
        lookupCall('AWS Secrets Manager', lookups ? () => lookups.awsSecret(asString(name!), key!.isNull ? null : asString(key!)) : unavailable('aws_secretsmanager')),
    ),
    aws_secretsmanager_raw: staticFunction('Reads a whole secret string from AWS Secrets Manager.', [param('name', STRING)], STRING, ([name]) =>
      lookupCall('AWS Secrets Manager', lookups ? () => lookups.awsSecretRaw(asString(name!)) : unavailable('aws_secretsmanager_raw')),
    ),
    consul_key: staticFunction('Reads a key from the Consul KV store.', [param('key', STRING)], STRING, ([key]) =>
      lookupCall('Consul', lookups ? () => lookups.consulKey(asString(key!)) : unavailable('consul_key')),
    ),
    vault: staticFunction('Reads a field of a HashiCorp Vault secret.', [param('path', STRING), param('key', STRING)], STRING, ([path, key]) =>
      lookupCall('Vault', lookups ? () => lookups.vault(asString(path!), asString(key!)) : unavailable('vault')),
    ),
  });
}

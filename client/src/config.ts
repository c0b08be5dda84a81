/** Reads the `packer.*` settings each time they are needed, so changes apply without a reload. */
import * as vscode from 'vscode';
import { NO_BUILD_DEFAULTS, type BuildDefaults, type OnError } from './build-args.js';
import type { EngineSettings } from './environment.js';

const ON_ERROR: readonly OnError[] = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('packer', scope);
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

export function engineSettings(scope?: vscode.Uri): EngineSettings {
  const c = section(scope);
  return {
    dockerHost: c.get<string>('docker.host', ''),
    awsProfile: c.get<string>('aws.profile', ''),
    awsRegion: c.get<string>('aws.region', ''),
    env: stringRecord(c.get('env')),
  };
}

export function buildDefaults(scope?: vscode.Uri): BuildDefaults {
  const c = section(scope);
  const onError = c.get<string>('build.onError', 'cleanup');
  const parallel = c.get<number>('build.parallelBuilds', 0);
  return {
    varFiles: (c.get<unknown[]>('varFiles') ?? []).filter((f): f is string => typeof f === 'string'),
    onError: ON_ERROR.find((o) => o === onError) ?? NO_BUILD_DEFAULTS.onError,
    force: c.get<boolean>('build.force', false) === true,
    parallelBuilds: Number.isInteger(parallel) && parallel > 0 ? parallel : 0,
    timestampUi: c.get<boolean>('build.timestampUi', false) === true,
  };
}

export function validationBudget(): number {
  const v = section().get<number>('validationBudget', 300);
  return typeof v === 'number' && v > 0 ? v : 300;
}

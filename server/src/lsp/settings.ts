/** The `packer` settings section: parsed defensively, since users write whatever they like into settings.json. */
import type { PackerSettings, RuleSetting } from './protocol.js';

export const DEFAULT_SETTINGS: PackerSettings = { varFiles: [], env: {}, rules: {}, diagnosticsDelay: 150 };

const RULE_SETTINGS: ReadonlySet<string> = new Set(['error', 'warning', 'information', 'hint', 'off']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseSettings(raw: unknown): PackerSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const section = isRecord(raw['packer']) ? raw['packer'] : raw;
  const varFiles = Array.isArray(section['varFiles']) ? section['varFiles'].filter((f): f is string => typeof f === 'string') : [];
  const env: Record<string, string> = {};
  if (isRecord(section['env'])) {
    for (const [k, v] of Object.entries(section['env'])) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') env[k] = String(v);
  }
  const rules: Record<string, RuleSetting> = {};
  if (isRecord(section['rules'])) {
    for (const [k, v] of Object.entries(section['rules'])) if (typeof v === 'string' && RULE_SETTINGS.has(v)) rules[k] = v as RuleSetting;
  }
  const delay = section['diagnosticsDelay'];
  const diagnosticsDelay = typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 5000) : DEFAULT_SETTINGS.diagnosticsDelay;
  return { varFiles, env, rules, diagnosticsDelay };
}

/**
 * Runtime rendering of the Go-template strings plugins keep for later (`execute_command`, `run_command`,
 * checksum/compress `output`, manifest `custom_data`): `{{.Key}}` data references and Packer's context-free
 * functions. Unknown keys render like Go's missing map key (`<no value>`).
 */
import { randomUUID } from 'node:crypto';
import type { BuildInfo } from './component.js';

export class TemplateRenderError extends Error {}

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;

export function renderTemplate(
  text: string,
  data: Readonly<Record<string, string>>,
  build?: Pick<BuildInfo, 'sourceName' | 'builderType' | 'cwd' | 'env'>,
): string {
  return text.replace(ACTION, (_all, expr: string) => {
    const field = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
    if (field) return data[field[1] as string] ?? '<no value>';
    const call = /^([a-z_]+)(?:\s+"((?:[^"\\]|\\.)*)")?$/.exec(expr);
    if (call) {
      const arg = call[2] ?? '';
      switch (call[1]) {
        case 'build_name':
          return build?.sourceName ?? '';
        case 'build_type':
          return build?.builderType ?? '';
        case 'pwd':
          return build?.cwd ?? process.cwd();
        case 'timestamp':
          return String(Math.floor(Date.now() / 1000));
        case 'uuid':
          return randomUUID();
        case 'env':
          return build?.env[arg] ?? '';
        case 'build':
          return data[arg] ?? '';
      }
    }
    throw new TemplateRenderError(`template: root:1: function or field not supported in this context: {{${expr}}}`);
  });
}

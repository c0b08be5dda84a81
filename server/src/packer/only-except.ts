/** `-only` / `-except` build filters: gobwas/glob patterns without separators, matched on full build names. */
import type { Diagnostic } from '../hcl/diagnostic.js';
import { error, warning } from './diagnostics.js';
import { buildSourceName, type Build, type BuildSource, type ProvisionerBlock } from './model.js';

/** Compiles a glob (`*` spans dots, `?`, `[a-z]`, `[!a]`, `{x,y}`, `\` escapes) to a RegExp; throws on bad syntax. */
export function compileGlob(pattern: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) throw new Error('unexpected end of input');
      re += n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error('unexpected end of input');
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  if (depth > 0) throw new Error('unexpected end of input');
  return new RegExp(`^${re}$`, 's');
}

export interface SelectedBuild {
  readonly build: Build;
  readonly source: BuildSource;
  readonly name: string;
}

/** Packer's exact-name `only`/`except` on a provisioner or post-processor, against `type.localName`. */
export function appliesTo(p: ProvisionerBlock, sourceRef: string): boolean {
  if (p.only.length > 0) return p.only.includes(sourceRef);
  return !p.except.includes(sourceRef);
}

/**
 * The post-processors of one chain that run for a source: those whose own only/except apply to it, up to the first
 * one -except names (by name, or type when unnamed), which ends the chain. `excepted` says whether one did.
 */
export function chainForSource<P extends ProvisionerBlock>(chain: readonly P[], sourceRef: string, exceptRe: readonly RegExp[]): { kept: P[]; excepted: boolean } {
  const kept: P[] = [];
  for (const p of chain) {
    if (!appliesTo(p, sourceRef)) continue;
    if (exceptRe.some((r) => r.test(p.name ?? p.type))) return { kept, excepted: true };
    kept.push(p);
  }
  return { kept, excepted: false };
}

/** How many post-processors of the selected builds -except drops. */
function exceptedPostProcessors(selected: readonly SelectedBuild[], exceptRe: readonly RegExp[]): number {
  let n = 0;
  for (const { build, source } of selected) {
    const sourceRef = `${source.source.type}.${source.localName}`;
    for (const chain of build.postProcessors) if (chainForSource(chain, sourceRef, exceptRe).excepted) n++;
  }
  return n;
}

/**
 * Applies -only/-except to every (build, source) pair. Like Packer, a flag warns when it has more patterns than it
 * had matches: each build it keeps (-only) or drops (-except) counts, and for -except so does each post-processor.
 */
export function selectBuilds(builds: readonly Build[], only: readonly string[], except: readonly string[], diags: Diagnostic[]): SelectedBuild[] {
  const all: SelectedBuild[] = builds.flatMap((b) => b.sources.map((s) => ({ build: b, source: s, name: buildSourceName(b, s) })));
  const compile = (flag: string, ps: readonly string[]) =>
    ps.flatMap((p) => {
      try {
        return [compileGlob(p)];
      } catch (e) {
        diags.push(error(`Invalid -${flag} pattern ${p}: ${(e as Error).message}`, ''));
        return [];
      }
    });
  const onlyRe = compile('only', only);
  const exceptRe = compile('except', except);
  const possible = `Possible build names: [${all.map((b) => b.name).join(' ')}].\nThese could also be matched with a glob pattern like: 'happycloud.*'`;
  let selected = all;
  if (onlyRe.length > 0) {
    selected = all.filter((b) => onlyRe.some((r) => r.test(b.name)));
    if (only.length > selected.length) diags.push(warning("an 'only' option was passed, but not all matches were found for the given build.", possible));
  }
  if (exceptRe.length > 0) {
    const before = selected.length;
    selected = selected.filter((b) => !exceptRe.some((r) => r.test(b.name)));
    const matches = before - selected.length + exceptedPostProcessors(selected, exceptRe);
    if (except.length > matches) diags.push(warning("an 'except' option was passed, but did not match any build.", possible));
  }
  return selected;
}

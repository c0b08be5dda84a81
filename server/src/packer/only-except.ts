/** `-only` / `-except` build filters: gobwas/glob patterns without separators, matched on full build names. */
import type { Diagnostic } from '../hcl/diagnostic.js';
import { error, warning } from './diagnostics.js';
import { buildSourceName, type Build, type BuildSource } from './model.js';

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

/** Applies -only/-except to every (build, source) pair, with Packer's warnings for patterns that match nothing. */
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
  let selected = all;
  if (onlyRe.length > 0) {
    selected = all.filter((b) => onlyRe.some((r) => r.test(b.name)));
    if (onlyRe.some((r) => !all.some((b) => r.test(b.name)))) {
      diags.push(
        warning(
          "an 'only' option was passed, but not all matches were found for the given build.",
          `Possible build names: ${all.map((b) => b.name).join(', ')}.\nThese could also be matched with a glob pattern like: 'happy.*'`,
        ),
      );
    }
  }
  if (exceptRe.length > 0) {
    const before = selected.length;
    selected = selected.filter((b) => !exceptRe.some((r) => r.test(b.name)));
    if (selected.length === before) {
      diags.push(
        warning(
          "an 'except' option was passed, but did not match any build.",
          `Possible build names: ${all.map((b) => b.name).join(', ')}.\nThese could also be matched with a glob pattern like: 'happy.*'`,
        ),
      );
    }
  }
  return selected;
}

/** hashicorp/go-version constraint strings (`>= 1.7.0, < 2.0.0`, `~> 1.9`, `!= 1.8.1`) checked against a version. */

type Segments = number[];

function parseVersion(v: string): { segs: Segments; pre: string } | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return undefined;
  return { segs: m[1]!.split('.').map(Number), pre: m[2] ?? '' };
}

function compare(a: Segments, b: Segments): number {
  for (let i = 0; i < Math.max(a.length, b.length, 3); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Returns undefined when `constraint` is malformed, else whether `version` satisfies every clause. */
export function satisfies(version: string, constraint: string): boolean | undefined {
  const have = parseVersion(version);
  if (!have) return undefined;
  for (const clause of constraint.split(',')) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(clause);
    if (!m) return undefined;
    const want = parseVersion(m[2]!);
    if (!want) return undefined;
    const c = compare(have.segs, want.segs);
    const op = m[1] ?? '=';
    let ok: boolean;
    switch (op) {
      case '=':
        ok = c === 0;
        break;
      case '!=':
        ok = c !== 0;
        break;
      case '>':
        ok = c > 0;
        break;
      case '<':
        ok = c < 0;
        break;
      case '>=':
        ok = c >= 0;
        break;
      case '<=':
        ok = c <= 0;
        break;
      default: {
        // ~> allows the last given segment to grow: ~> 1.9 means >= 1.9, < 2.0; ~> 1.9.3 means >= 1.9.3, < 1.10.
        const upper = want.segs.slice(0, Math.max(want.segs.length - 1, 1));
        upper[upper.length - 1]! += 1;
        const prefixLen = upper.length;
        ok = c >= 0 && compare(have.segs.slice(0, prefixLen), upper) < 0;
      }
    }
    if (!ok) return false;
  }
  return true;
}

/** The versions named by a constraint's clauses (with their prerelease part), or undefined when malformed. */
export function constraintVersions(constraint: string): { version: string; prerelease: string }[] | undefined {
  const out: { version: string; prerelease: string }[] = [];
  for (const clause of constraint.split(',')) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(clause);
    const v = m ? parseVersion(m[2]!) : undefined;
    if (!m || !v) return undefined;
    out.push({ version: m[2]!, prerelease: v.pre });
  }
  return out;
}

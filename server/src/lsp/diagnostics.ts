/**
 * Publishing diagnostics: debounced per template, a newer change cancels the pending run, and every file of the
 * template gets its list (empty lists clear what was published before). Severities follow the rule settings.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Connection } from 'vscode-languageserver';
import type { Analysis } from './analysis.js';
import { toLspRange } from './positions.js';
import type { PackerSettings, RuleSetting } from './protocol.js';
import { fileToUri } from './uris.js';

/** Rules whose Packer severity would flag normal editing: a variable given with -var at build time is unset now. */
const DEFAULT_RULES: Readonly<Record<string, RuleSetting>> = { 'unset-variable': 'warning' };

const SEVERITY: Record<Exclude<RuleSetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  readonly code?: string;
  readonly data?: Readonly<Record<string, string>>;
}

export function toLspDiagnostics(analysis: Analysis, settings: PackerSettings): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>();
  for (const f of analysis.files.files) out.set(f.uri, []);
  const byFile = new Map(analysis.files.files.map((f) => [f.file, f.uri]));
  const fallbackUri = analysis.files.files[0]?.uri;
  const seen = new Set<string>();
  for (const d of analysis.diagnostics) {
    const rule = d.code ? (settings.rules[d.code] ?? DEFAULT_RULES[d.code]) : undefined;
    if (rule === 'off') continue;
    const where = d.range ?? d.context;
    const uri = where ? (byFile.get(where.file) ?? fileToUri(where.file)) : fallbackUri;
    if (!uri || !out.has(uri)) continue;
    const range = where ? toLspRange(where) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const key = `${uri}|${range.start.line}:${range.start.character}|${d.summary}|${d.detail}`;
    // The loader may report one problem from several passes over the same expression.
    if (seen.has(key)) continue;
    seen.add(key);
    const data: DiagnosticData = { ...(d.code ? { code: d.code } : {}), ...(d.data ? { data: d.data } : {}) };
    out.get(uri)!.push({
      range,
      severity: rule ? SEVERITY[rule] : d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'packer',
      message: d.detail ? `${d.summary}: ${d.detail}` : d.summary,
      ...(d.code ? { code: d.code } : {}),
      data,
    });
  }
  return out;
}

/** Debounces and publishes; `analyze` computes the template of a URI fresh from the current state. */
export class DiagnosticsPublisher {
  /** Cancels the publication scheduled for each template root. */
  private readonly scheduled = new Map<string, () => void>();
  /** URIs that got diagnostics, per template root, so files that leave a template are cleared. */
  private readonly published = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly rootOf: (uri: string) => string,
    private readonly analyze: (uri: string) => Analysis,
    private readonly settings: () => PackerSettings,
    private readonly onError: (err: unknown) => void,
  ) {}

  schedule(uri: string, delay = this.settings().diagnosticsDelay): void {
    const root = this.rootOf(uri);
    this.scheduled.get(root)?.();
    const run = (): void => {
      this.scheduled.delete(root);
      this.publishNow(uri);
    };
    // No delay means the next turn of the event loop: a zero timeout still waits a millisecond.
    if (delay <= 0) {
      const immediate = setImmediate(run);
      this.scheduled.set(root, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(run, delay);
      this.scheduled.set(root, () => clearTimeout(timer));
    }
  }

  publishNow(uri: string): void {
    try {
      const analysis = this.analyze(uri);
      const root = analysis.files.root;
      const lists = toLspDiagnostics(analysis, this.settings());
      const before = this.published.get(root) ?? new Set<string>();
      for (const old of before) if (!lists.has(old)) void this.connection.sendDiagnostics({ uri: old, diagnostics: [] });
      for (const [u, diagnostics] of lists) {
        const version = analysis.files.files.find((f) => f.uri === u)?.doc?.version;
        void this.connection.sendDiagnostics({ uri: u, diagnostics, ...(version !== undefined ? { version } : {}) });
      }
      this.published.set(root, new Set(lists.keys()));
    } catch (err) {
      this.onError(err);
    }
  }

  /** Clears a closed lone file, which no template will publish for again. */
  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const cancel of this.scheduled.values()) cancel();
    this.scheduled.clear();
  }
}

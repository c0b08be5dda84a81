/**
 * Template directories. A template is the directory of a `.pkr.hcl` file: all its `.pkr.hcl` files, its auto var
 * files and the var files chosen in settings. A file outside such a layout (an untitled buffer, a plain `.hcl`)
 * is a template on its own. Open documents win over the disk; closed files are read from disk, cached until a
 * watched-file event says they changed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type * as ast from '../hcl/ast.js';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { HclParser } from '../hcl/parse.js';
import { LineIndex } from '../hcl/text.js';
import { parseJsonConfig, parseJsonVarFile } from '../packer/json-config.js';
import type { Document, DocumentStore } from './documents.js';
import { fileKind, fileToUri, isAutoVarFile, uriToFile } from './uris.js';

/** How a var file takes part: applied automatically, chosen in settings, or only checked (an open, unlisted one). */
export type VarFileRole = 'auto' | 'chosen' | 'checked';

export interface SourceFile {
  readonly uri: string;
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly ast: ast.File;
  readonly syntax: readonly Diagnostic[];
  readonly kind: 'config' | 'varfile';
  readonly role?: VarFileRole;
  /** Present when the file is open in the editor. */
  readonly doc?: Document;
  /** Changes whenever the content does: the document version or the file's modification time. */
  readonly stamp: string;
}

export interface TemplateFiles {
  /** The directory, or the file itself for a lone file. */
  readonly root: string;
  readonly lone: boolean;
  readonly files: readonly SourceFile[];
}

interface DiskFile {
  readonly stamp: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly ast: ast.File;
  readonly syntax: readonly Diagnostic[];
}

/** The template root of a URI without reading anything: its directory, or the file itself when lone. */
export function templateRoot(uri: string): string {
  const file = uriToFile(uri);
  return uri.startsWith('file:') && fileKind(file) !== 'other' ? dirname(file) : file;
}

export class Workspace {
  private readonly disk = new Map<string, DiskFile>();
  private readonly listings = new Map<string, string[]>();

  constructor(
    private readonly docs: DocumentStore,
    private readonly parser: HclParser,
  ) {}

  /** The template a document belongs to. */
  templateFor(uri: string, chosenVarFiles: readonly string[]): TemplateFiles {
    const file = uriToFile(uri);
    const kind = fileKind(file);
    if (!uri.startsWith('file:') || kind === 'other') {
      const doc = this.docs.get(uri);
      const single = doc ? this.fromDocument(doc, 'config') : this.fromDisk(file, 'config');
      return { root: file, lone: true, files: single ? [single] : [] };
    }
    return this.directory(dirname(file), chosenVarFiles);
  }

  directory(dir: string, chosenVarFiles: readonly string[]): TemplateFiles {
    const names = new Set(this.list(dir));
    for (const doc of this.docs.all()) if (doc.uri.startsWith('file:') && dirname(doc.file) === dir) names.add(basename(doc.file));
    const files: SourceFile[] = [];
    const chosen = chosenVarFiles.map((f) => (isAbsolute(f) ? f : resolve(dir, f)));
    const seen = new Set<string>();
    for (const name of [...names].sort()) {
      const path = join(dir, name);
      const kind = fileKind(path);
      if (kind === 'other') continue;
      const role: VarFileRole | undefined = kind === 'config' ? undefined : isAutoVarFile(path) ? 'auto' : chosen.includes(path) ? 'chosen' : 'checked';
      if (role === 'checked' && !this.docs.get(fileToUri(path))) continue;
      if (role === 'chosen') continue;
      const f = this.load(path, kind, role);
      if (f) {
        files.push(f);
        seen.add(path);
      }
    }
    for (const path of chosen) {
      if (seen.has(path)) continue;
      seen.add(path);
      const f = this.load(path, 'varfile', 'chosen');
      if (f) files.push(f);
    }
    return { root: dir, lone: false, files };
  }

  /** Forgets what is cached about a path (a watched file changed, was created or deleted). */
  invalidate(path: string): void {
    this.disk.delete(path);
    this.listings.delete(dirname(path));
  }

  /** Directories under `roots` holding `.pkr.hcl` files, for workspace-wide requests (bounded walk). */
  templateDirectories(roots: readonly string[], limit = 2000): string[] {
    const out: string[] = [];
    const stack = [...roots];
    let visited = 0;
    while (stack.length > 0 && visited < limit) {
      const dir = stack.pop()!;
      visited++;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      if (entries.some((e) => e.isFile() && e.name.endsWith('.pkr.hcl'))) out.push(dir);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') stack.push(join(dir, e.name));
    }
    return out;
  }

  private list(dir: string): string[] {
    let names = this.listings.get(dir);
    if (!names) {
      try {
        names = readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isFile() && fileKind(e.name) !== 'other')
          .map((e) => e.name);
      } catch {
        names = [];
      }
      this.listings.set(dir, names);
    }
    return names;
  }

  private load(path: string, kind: 'config' | 'varfile', role: VarFileRole | undefined): SourceFile | undefined {
    const doc = this.docs.get(fileToUri(path));
    return doc ? this.fromDocument(doc, kind, role) : this.fromDisk(path, kind, role);
  }

  private fromDocument(doc: Document, kind: 'config' | 'varfile', role?: VarFileRole): SourceFile {
    const parsed = doc.model;
    return {
      uri: doc.uri,
      file: doc.file,
      text: doc.text,
      lines: doc.lines,
      ast: parsed.ast,
      syntax: parsed.diagnostics,
      kind,
      ...(role ? { role } : {}),
      doc,
      stamp: `v${doc.version}`,
    };
  }

  /** The syntax model of a closed file: HCL-JSON files (which editors keep to themselves) are read as JSON. */
  private parseClosed(text: string, path: string, kind: 'config' | 'varfile'): { readonly ast: ast.File; readonly diagnostics: Diagnostic[] } {
    if (path.endsWith('.json')) return kind === 'config' ? parseJsonConfig(text, path, this.parser) : parseJsonVarFile(text, path);
    const parsed = this.parser.parse(text, path);
    // Closed files are never formatted or highlighted: keep the model, free the wasm tree.
    parsed.tree.delete();
    return parsed;
  }

  private fromDisk(path: string, kind: 'config' | 'varfile', role?: VarFileRole): SourceFile | undefined {
    let stamp: string;
    try {
      const st = statSync(path);
      if (!st.isFile()) return undefined;
      stamp = `m${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
    let cached = this.disk.get(path);
    if (!cached || cached.stamp !== stamp) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
      const parsed = this.parseClosed(text, path, kind);
      cached = { stamp, text, lines: new LineIndex(text), ast: parsed.ast, syntax: parsed.diagnostics };
      this.disk.set(path, cached);
    }
    return { uri: fileToUri(path), file: path, text: cached.text, lines: cached.lines, ast: cached.ast, syntax: cached.syntax, kind, ...(role ? { role } : {}), stamp: cached.stamp };
  }
}

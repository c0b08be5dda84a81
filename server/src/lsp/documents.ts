/**
 * Open documents with incremental sync. Changes are applied to the text at once and queued for the parser; the
 * tree-sitter tree is re-parsed incrementally on the first read, so a burst of keystrokes costs one parse.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { HclParser, ParsedFile, TextEdit } from '../hcl/parse.js';
import { LineIndex } from '../hcl/text.js';
import { offsetsOf } from './positions.js';
import { uriToFile } from './uris.js';

export class Document {
  private text_: string;
  private lines_: LineIndex | undefined;
  private parsed_: ParsedFile | undefined;
  /** Edits since `parsed_`, or undefined when the next parse must start from scratch. */
  private pending: TextEdit[] | undefined = [];
  readonly file: string;

  constructor(
    readonly uri: string,
    text: string,
    public version: number,
    private readonly parser: HclParser,
  ) {
    this.text_ = text;
    this.file = uriToFile(uri);
  }

  get text(): string {
    return this.text_;
  }

  get lines(): LineIndex {
    this.lines_ ??= new LineIndex(this.text_);
    return this.lines_;
  }

  get parsed(): ParsedFile {
    if (this.parsed_ && this.pending?.length === 0) return this.parsed_;
    const previous = this.parsed_ && this.pending ? { parsed: this.parsed_, edits: this.pending } : undefined;
    const next = this.parser.parse(this.text_, this.file, previous);
    this.parsed_?.tree.delete();
    this.parsed_ = next;
    this.pending = [];
    return next;
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) {
        const lines = this.lines;
        const { start, end } = offsetsOf(lines, change.range);
        const edit: TextEdit = {
          range: { start: lines.position(start), end: lines.position(end) },
          newText: change.text,
        };
        this.text_ = this.text_.slice(0, start) + change.text + this.text_.slice(end);
        this.pending?.push(edit);
      } else {
        this.text_ = change.text;
        this.pending = undefined;
      }
      this.lines_ = undefined;
    }
    this.version = version;
  }

  dispose(): void {
    this.parsed_?.tree.delete();
    this.parsed_ = undefined;
  }
}

export class DocumentStore {
  private readonly docs = new Map<string, Document>();

  constructor(private readonly parser: HclParser) {}

  open(uri: string, text: string, version: number): Document {
    this.docs.get(uri)?.dispose();
    const doc = new Document(uri, text, version, this.parser);
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): Document | undefined {
    const doc = this.docs.get(uri);
    doc?.applyChanges(changes, version);
    return doc;
  }

  close(uri: string): void {
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
  }

  get(uri: string): Document | undefined {
    return this.docs.get(uri);
  }

  all(): IterableIterator<Document> {
    return this.docs.values();
  }
}

/**
 * Open documents with incremental sync. Changes are applied to the text at once and queued for the parser; the
 * tree-sitter tree is re-parsed incrementally on the first read, so a burst of keystrokes costs one parse. The
 * syntax model (what analysis reads) is updated on its own where an edit stays inside one top-level item (see
 * HclParser.editModel), so typing re-parses the whole tree only for the features that read it (formatting,
 * folding, semantic tokens, selection ranges), and then only the tree (HclParser.parseTree).
 * Trees live in wasm memory, which never shrinks: only documents edited or asked for their tree keep one, and only
 * the most recently used of those (the syntax model stays); a document whose tree was released parses again when a
 * tree is next needed.
 */
import type { Position as LspPosition, Range as LspRange, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { HclParser, ParsedFile, SyntaxModel, TextEdit } from '../hcl/parse.js';
import { LineIndex } from '../hcl/text.js';
import { uriToFile } from './uris.js';

/**
 * Edits kept for the tree's next incremental re-parse while only the model is read (typing with no tree request in
 * between). Replaying each costs a pass over the text; past this many, the tree is freed and parsed afresh.
 */
const MAX_PENDING_EDITS = 32;

export class Document {
  private text_: string;
  private lines_: LineIndex | undefined;
  private parsed_: ParsedFile | undefined;
  /** Edits since `parsed_`, or undefined when the next parse must start from scratch. */
  private pending: TextEdit[] | undefined = [];
  /** Set when the tree was freed to save memory; the syntax model in `model_` is still current. */
  private released = false;
  /**
   * Whether the tree is worth keeping after a parse: once the document is edited (the next parse can be
   * incremental) or a feature reads the tree. A document only opened and analysed (a workspace restored with many
   * tabs, most never shown) keeps just its model: a tree costs about 1.5 KB of wasm memory per line, and wasm
   * memory never shrinks.
   */
  private wantsTree = false;
  /** Numbers the trees this document parsed (see `treeBase`). */
  private treeNumber = 0;
  private treeBase_: number | undefined;
  private model_: SyntaxModel | undefined;
  /** Edits since `model_` (the last of `pending`), or undefined when the next model must come from a parse. */
  private modelPending: TextEdit[] | undefined = [];
  readonly file: string;

  constructor(
    readonly uri: string,
    text: string,
    public version: number,
    private readonly parser: HclParser,
    private readonly onParsed: (doc: Document) => void = () => undefined,
    private readonly onReleased: (doc: Document) => void = () => undefined,
  ) {
    this.text_ = text;
    this.file = uriToFile(uri);
  }

  get text(): string {
    return this.text_;
  }

  get lines(): LineIndex {
    // The parse of the current text indexed its lines already.
    this.lines_ ??= this.model_ && this.modelPending?.length === 0 ? this.model_.lines : new LineIndex(this.text_);
    return this.lines_;
  }

  /** The syntax tree and model of the current text (parsing if needed). Use the tree synchronously only. */
  get parsed(): ParsedFile {
    this.wantsTree = true;
    return this.parse();
  }

  private parse(): ParsedFile {
    if (this.parsed_ && !this.released && this.pending?.length === 0) return this.parsed_;
    const previous = this.parsed_ && !this.released && this.pending ? { parsed: this.parsed_, edits: this.pending } : undefined;
    // A model of the current text (kept up to date by editModel) needs only its tree: converting the tree again
    // (and, in a file with errors, the recovery's second parse) would make the model it already is.
    const current = this.model_ && this.modelPending?.length === 0 ? this.model_ : undefined;
    const next = current ? this.parser.parseTree(current, previous) : this.parser.parse(this.text_, this.file, previous);
    this.treeBase_ = previous ? this.treeNumber : undefined;
    this.treeNumber++;
    if (!this.released) this.parsed_?.tree.delete();
    this.released = false;
    this.parsed_ = next;
    // A model made from the same text stays: its items are what analyses cached their work on.
    if (!this.model_ || this.modelPending?.length !== 0) this.model_ = next;
    this.modelPending = [];
    this.pending = [];
    // A tree nobody wants is freed at once, and does not take the place of one that is (DocumentStore's LRU).
    if (this.wantsTree) this.onParsed(this);
    else this.releaseTree();
    return next;
  }

  /** The number of the current tree (of `parsed`). */
  get treeGeneration(): number {
    return this.treeNumber;
  }

  /**
   * The number of the tree the current one was re-parsed from, which was alive during that parse: a subtree
   * address (syntax/walker.ts subtreeId) seen in that tree and in this one is the same subtree, reused. Undefined
   * after a parse from scratch, when an address seen in an older tree may have been recycled.
   */
  get treeBase(): number | undefined {
    return this.treeBase_;
  }

  /** The syntax model of the current text, without re-creating a released tree. */
  get model(): SyntaxModel {
    if (this.model_ && this.modelPending?.length === 0) return this.model_;
    const edited = this.model_ && this.modelPending ? this.parser.editModel(this.model_, this.modelPending, this.text_) : undefined;
    if (!edited) return this.parse();
    this.model_ = edited;
    this.modelPending = [];
    return edited;
  }

  /**
   * Frees the tree and the syntax model, keeping only the text: a document in a template nobody works on costs
   * its text until a request needs its syntax again (then it is parsed from scratch).
   */
  releaseModel(): void {
    if (!this.released) this.parsed_?.tree.delete();
    this.parsed_ = undefined;
    this.model_ = undefined;
    this.released = false;
    this.pending = undefined;
    this.modelPending = undefined;
    this.onReleased(this);
  }

  /** Frees the tree-sitter tree, keeping the syntax model. */
  releaseTree(): void {
    if (this.released || !this.parsed_) return;
    this.parsed_.tree.delete();
    this.released = true;
    if (this.pending && this.pending.length > 0) this.pending = undefined;
    this.onReleased(this);
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    this.wantsTree = true;
    for (const change of changes) {
      if ('range' in change && change.range) {
        const lines = this.lines;
        const { start, end } = changedOffsets(lines, change.range);
        const edit: TextEdit = {
          range: { start: lines.position(start), end: lines.position(end) },
          newText: change.text,
        };
        this.text_ = this.text_.slice(0, start) + change.text + this.text_.slice(end);
        this.pending?.push(edit);
        if (this.pending && this.pending.length > MAX_PENDING_EDITS) this.releaseTree();
        this.modelPending?.push(edit);
      } else {
        this.text_ = change.text;
        this.pending = undefined;
        this.modelPending = undefined;
      }
      this.lines_ = undefined;
    }
    this.version = version;
  }

  dispose(): void {
    if (!this.released) this.parsed_?.tree.delete();
    this.parsed_ = undefined;
    this.model_ = undefined;
  }
}

/**
 * The offsets a change replaces, exactly where the client put them: a position between the two halves of a
 * surrogate pair stays there (the client's text now holds lone surrogates, and so must ours), unlike the
 * request positions of positions.ts, which snap to whole characters. Only malformed numbers are clamped.
 */
function changedOffsets(lines: LineIndex, range: LspRange): { start: number; end: number } {
  const a = changedOffset(lines, range.start);
  const b = changedOffset(lines, range.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

function changedOffset(lines: LineIndex, pos: LspPosition | undefined): number {
  const sane = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
  return pos && typeof pos === 'object' ? lines.offsetAt(sane(pos.line), sane(pos.character)) : 0;
}

/** How many documents keep a tree-sitter tree (about 1.5 KB of wasm memory per line each). */
const LIVE_TREES = 4;

export class DocumentStore {
  private readonly docs = new Map<string, Document>();
  /** Documents holding a tree, least recently parsed first. */
  private readonly withTrees = new Set<Document>();

  constructor(private readonly parser: HclParser) {}

  private parsedOne(doc: Document): void {
    this.withTrees.delete(doc);
    this.withTrees.add(doc);
    for (const old of this.withTrees) {
      if (this.withTrees.size <= LIVE_TREES) break;
      this.withTrees.delete(old);
      old.releaseTree();
    }
  }

  open(uri: string, text: string, version: number): Document {
    this.close(uri);
    const doc = new Document(
      uri,
      text,
      version,
      this.parser,
      (d) => this.parsedOne(d),
      (d) => this.withTrees.delete(d),
    );
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): Document | undefined {
    const doc = this.docs.get(uri);
    doc?.applyChanges(changes, version);
    return doc;
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.dispose();
    this.withTrees.delete(doc);
    this.docs.delete(uri);
  }

  get(uri: string): Document | undefined {
    return this.docs.get(uri);
  }

  all(): IterableIterator<Document> {
    return this.docs.values();
  }
}

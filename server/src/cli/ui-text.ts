/**
 * Text of Packer's command UI shared by every command, kept free of the loader so that fmt's small bundle can use
 * it: go-wordwrap (how HCL wraps a diagnostic's detail) and the `-machine-readable` row of a UI message.
 */
import type { Diagnostic } from '../hcl/diagnostic.js';
import { escapeMachine } from '../engine/ui.js';
import type { CliIO } from './command.js';

/** Packer creates its diagnostic writer with width 80 (command/build.go writeDiags). */
const WIDTH = 80;

/** Go's unicode.IsSpace, which decides where go-wordwrap may break. */
const GO_SPACES = new Set(['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000']);

function isGoSpace(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return GO_SPACES.has(ch) || (cp >= 0x2000 && cp <= 0x200a);
}

/**
 * go-wordwrap's WrapString, which HCL applies to the detail: lines of at most `width` characters (code points),
 * broken at spaces only, the spaces at a break dropped, a word longer than the width left whole, and explicit
 * newlines kept. A non-breaking space joins words.
 */
export function wrap(text: string, width = WIDTH): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  const flush = (): void => {
    current += spaceLen + wordLen;
    out += space + word;
    space = '';
    spaceLen = 0;
    word = '';
    wordLen = 0;
  };
  for (const ch of text) {
    if (ch === '\n') {
      if (wordLen === 0) {
        // Trailing spaces that would overflow the line are dropped.
        if (current + spaceLen <= width) out += space;
        space = '';
        spaceLen = 0;
      } else {
        flush();
      }
      out += ch;
      current = 0;
    } else if (isGoSpace(ch) && ch !== '\u00a0') {
      if (spaceLen === 0 || wordLen > 0) flush();
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > width && wordLen < width) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= width) out += space;
  } else {
    out += space + word;
  }
  return out;
}

/**
 * HCL's text for a diagnostic (hcl.NewDiagnosticTextWriter, width 80, no colour): `<Severity>: <summary>`, a blank
 * line, the location lines (the caller's, already ending in a blank line) and the wrapped detail.
 */
export function diagnosticText(d: Diagnostic, location = ''): string {
  const detail = d.detail === '' ? '' : `${wrap(d.detail)}\n\n`;
  return `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}\n\n${location}${detail}`;
}

/** A message of Packer's command UI: `ui.Error(text)` or `ui.Say(text)` (what writeDiags uses), or `ui.Message`. */
export interface UiMessage<Kind extends string = 'error' | 'say'> {
  readonly kind: Kind;
  readonly text: string;
}

/** A `-machine-readable` row of the command's UI: `<unix seconds>,,ui,<kind>,<escaped text>`. */
export function uiRow(message: UiMessage<'error' | 'say' | 'message'>, now: Date = new Date()): string {
  return `${Math.floor(now.getTime() / 1000)},,ui,${message.kind},${escapeMachine(message.text)}\n`;
}

/** A command's UI messages, one per call. */
export interface CommandUi {
  say(text: string): void;
  error(text: string): void;
}

/**
 * For the commands that print plain messages (fix, hcl2_upgrade): lines, errors on stderr as these commands have
 * always written them, or with `-machine-readable` Packer's rows, all on stdout like its MachineReadableUi.
 */
export function commandUi(io: CliIO, machineReadable: boolean): CommandUi {
  if (machineReadable) return { say: (text) => io.stdout(uiRow({ kind: 'say', text })), error: (text) => io.stdout(uiRow({ kind: 'error', text })) };
  return { say: (text) => io.stdout(`${text}\n`), error: (text) => io.stderr(`${text}\n`) };
}

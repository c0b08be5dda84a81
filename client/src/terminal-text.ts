/** Text for a Pseudoterminal, which is raw: the program's `\n` must become `\r\n` or lines stair-step. */

export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * What the user typed, as the child process should read it: Enter arrives as `\r`, the line discipline a
 * real TTY would apply is ours to do (echo, backspace).
 */
export class LineInput {
  private line = '';

  /** Returns the echo for the terminal and the completed lines for the process. */
  feed(data: string): { echo: string; lines: string[] } {
    let echo = '';
    const lines: string[] = [];
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        lines.push(this.line);
        this.line = '';
        echo += '\r\n';
      } else if (ch === '\u007f' || ch === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          echo += '\b \b';
        }
      } else if (ch >= ' ') {
        this.line += ch;
        echo += ch;
      }
    }
    return { echo, lines };
  }
}

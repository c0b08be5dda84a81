/** Driving the VS Code 1.100 workbench with the selectors of shared/guides/vscode-e2e.md §6. Never sleeps. */
import type { Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

/** The few browser globals the page functions use (tsconfig has no DOM lib: these run in Chromium, not Node). */
interface PageGlobals {
  readonly navigator: { readonly clipboard: { writeText(t: string): Promise<void>; readText(): Promise<string> } };
  readonly document: { querySelectorAll(sel: string): Iterable<{ readonly textContent: string | null }> };
}
// Page functions are serialised into the browser, so each one names globalThis itself (no captured variables).

export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: title }).first();
  const deadline = Date.now() + 30_000;
  // The palette lists the commands registered when it was filtered: one contributed by an extension the workbench
  // had not finished scanning appears only once the palette is opened again.
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
      break;
    } catch (e) {
      if (Date.now() >= deadline) throw e;
      await page.keyboard.press('Escape');
      await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
    }
  }
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Quick Open by file name, then wait for its tab to be the active one. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  await input.waitFor();
  await input.fill(name);
  // The row's aria-label is "<name>, file results", or "<name> <folder>, file results" below the root. Wait for
  // the focused row: recently opened files are listed before the filter applies, and Enter takes the focused one.
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row.focused[aria-label^="${name}"]`).waitFor();
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
}

/**
 * Puts the cursor on a 1-based line: at its start, or at `column` (1-based) through Go to Line's `line:column`,
 * which moves it in one step (arrow keys pressed one by one were sometimes not all taken).
 */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  await input.waitFor();
  await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
  // Enter only acts once the picker has read the line number and shows its "Go to line" row.
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: `line ${line}` }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  // Focus returns to the editor a moment after the picker hides; keys pressed before that are lost.
  await page.locator('.editor-instance .monaco-editor.focused').waitFor();
  if (column !== undefined) return cursorAt(page, line, column);
  await page.keyboard.press('Home');
  await page.keyboard.press('Home');
}

/** Waits until the status bar shows the cursor at `line`, `column` (1-based). */
async function cursorAt(page: Page, line: number, column: number): Promise<void> {
  await page.locator('[id="status.editor.selection"]', { hasText: new RegExp(`Ln ${line}, Col ${column}(?!\\d)`) }).waitFor();
}

/**
 * Inserts text at the cursor through the clipboard: a paste is taken literally, with no auto-closing quotes
 * or brackets and no auto-indent on each line.
 */
export async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (globalThis as unknown as PageGlobals).navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}

/** Replaces the 1-based line with the given text (without its newline). */
export async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('Shift+End');
  await paste(page, text);
}

export function problemRows(page: Page, hasText: string): Locator {
  return page.locator('.markers-panel .monaco-list-row', { hasText });
}

export async function showProblems(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor();
}

export function suggestRows(page: Page): Locator {
  return page.locator('.editor-widget.suggest-widget .monaco-list-row');
}

/** The visible terminal rows as text (NBSP turned back into spaces). */
export async function terminalText(page: Page): Promise<string> {
  const rows = await page.locator('.terminal-wrapper.active .xterm-rows > div').allTextContents();
  return rows.map((r) => r.replace(/\u00a0/g, ' ')).join('\n');
}

/** Waits until the active terminal's visible rows contain the text. */
export async function waitForTerminal(page: Page, text: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (t) =>
      [...(globalThis as unknown as PageGlobals).document.querySelectorAll('.terminal-wrapper.active .xterm-rows > div')]
        .map((d) => (d.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('\n')
        .includes(t),
    text,
    { timeout, polling: 250 },
  );
}

/** The whole terminal buffer, scrollback included, via "Terminal: Select All" and copy-on-selection. */
export async function terminalBuffer(page: Page): Promise<string> {
  await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.writeText(''));
  await runCommand(page, 'Terminal: Select All');
  const handle = await page.waitForFunction(async () => {
    const t = await (globalThis as unknown as PageGlobals).navigator.clipboard.readText();
    return t === '' ? undefined : t;
  });
  return (await handle.jsonValue()) as string;
}

export function notification(page: Page, hasText: string): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText });
}

/** Opens our activity-bar container and returns the Inspect pane. */
export async function openInspectView(page: Page): Promise<Locator> {
  const icon = page.locator('.activitybar .action-item .action-label[aria-label^="Packer"]');
  await icon.click();
  const pane = page.locator('.pane:has(.pane-header[aria-label^="Inspect"])');
  await pane.waitFor();
  return pane;
}

export function treeRow(pane: Locator, label: string): Locator {
  return pane.locator('.monaco-list-row', { has: pane.page().locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

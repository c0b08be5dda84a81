/**
 * Issue 6, scenarios 1–6, in a real VS Code (code-server + Chromium) on a copy of examples/:
 * diagnostics from a variable's validation, completion, format on save, the Inspect view, a real docker build
 * from the command palette, and cancelling a build by closing its terminal; then "Packer: Init" (8).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO, requirements, scenarioIn, startSession, type Session } from './harness.js';
import {
  goToLine,
  notification,
  openFile,
  openInspectView,
  paste,
  problemRows,
  replaceLine,
  runCommand,
  showProblems,
  suggestRows,
  terminalBuffer,
  treeRow,
  waitForTerminal,
} from './workbench.js';

const VALIDATION_MESSAGE = 'The greeting must be longer than three characters.';
const BADLY_FORMATTED = 'source "null" "fmt" {\ncommunicator="none"\n}\n\nbuild {\nsources=["source.null.fmt"]\n}\n';
const SLOW_TEMPLATE = `source "docker" "slow" {
  image   = "packer-studio/busybox:latest"
  pull    = false
  discard = true
}

build {
  name    = "slow"
  sources = ["source.docker.slow"]

  provisioner "shell" {
    inline = ["echo E2E-SLOW-STARTED", "sleep 300"]
  }
}
`;

/** Line 1: the cursor goes inside the empty type label; line 5: an empty line in a docker source body. */
const COMPLETION_TEMPLATE = 'source "" "a" {\n}\n\nsource "docker" "b" {\n  \n}\n';

/** One requirement the built-in plugins satisfy, one they do not. */
const PLUGINS_TEMPLATE = `packer {
  required_plugins {
    docker = {
      source  = "github.com/hashicorp/docker"
      version = ">= 1.0.0"
    }
    ansible = {
      source  = "github.com/hashicorp/ansible"
      version = "~> 1"
    }
  }
}
`;

function cliFmt(text: string): string {
  return execFileSync(process.execPath, [join(REPO, 'dist/cli.js'), 'fmt', '-'], { input: text, encoding: 'utf8' });
}

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function containersFrom(image: string): Set<string> {
  return new Set(docker('ps', '-a', '-q', '--no-trunc', '--filter', `ancestor=${image}`).split('\n').filter((l) => l !== ''));
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const missing = requirements();

describe('Packer Studio in VS Code', { skip: missing }, () => {
  let s: Session;

  before(async () => {
    s = await startSession({
      name: 'extension',
      workspace: { 'build.pkr.hcl': join(REPO, 'examples/build.pkr.hcl'), 'variables.pkr.hcl': join(REPO, 'examples/variables.pkr.hcl') },
      files: {
        'fmt/format-me.pkr.hcl': BADLY_FORMATTED,
        'slow/slow.pkr.hcl': SLOW_TEMPLATE,
        'complete/complete.pkr.hcl': COMPLETION_TEMPLATE,
        'plugins/plugins.pkr.hcl': PLUGINS_TEMPLATE,
      },
    });
    await s.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  });

  after(async () => {
    await s?.close();
  });

  const scenario = scenarioIn(() => s);

  /** Discards the active editor's unsaved edits. */
  const revert = () => runCommand(s.page, 'File: Revert File');

  scenario('1. a failing variable validation shows in Problems with its error_message, and goes when fixed', async () => {
    const { page } = s;
    await openFile(page, 'variables.pkr.hcl');
    await page.locator('[id="status.editor.mode"]', { hasText: 'Packer' }).waitFor();
    await replaceLine(page, 9, '  default = "Hi"');
    await showProblems(page);
    await problemRows(page, VALIDATION_MESSAGE).first().waitFor();
    await s.shot('1-validation-error');
    await replaceLine(page, 9, '  default = "Hello there"');
    await problemRows(page, VALIDATION_MESSAGE).first().waitFor({ state: 'detached' });
    await s.shot('1-validation-fixed');
  }, revert);

  scenario('2. completion offers builder types and the docker builder attributes', async () => {
    const { page } = s;
    await openFile(page, 'complete.pkr.hcl');
    // Inside the empty quotes of the first source's type label.
    await goToLine(page, 1, 'source "'.length + 1);
    await page.keyboard.press('Control+Space');
    // docker is declared in this directory; null and file come from the component schemas alone.
    for (const type of ['docker', 'null', 'file']) {
      await suggestRows(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${type}$`) }) }).first().waitFor();
    }
    await s.shot('2-completion-builder-types');
    await page.keyboard.press('Escape');
    // The list is virtualised (about 12 rows show): a typed prefix brings each attribute into view.
    for (const [prefix, attribute] of [['ima', 'image'], ['comm', 'commit'], ['run_c', 'run_command']] as const) {
      await replaceLine(page, 5, `  ${prefix}`);
      await page.locator('.view-lines .view-line', { hasText: prefix }).first().waitFor();
      await page.keyboard.press('End');
      await page.keyboard.press('Control+Space');
      await suggestRows(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${attribute}$`) }) }).first().waitFor();
      await s.shot(`2-completion-docker-${attribute}`);
      await page.keyboard.press('Escape');
      await suggestRows(page).first().waitFor({ state: 'hidden' });
    }
  }, revert);

  scenario('3. saving a badly formatted file rewrites it to packer fmt form', async () => {
    const { page } = s;
    const file = join(s.workspace, 'fmt/format-me.pkr.hcl');
    await openFile(page, 'format-me.pkr.hcl');
    await page.keyboard.press('Control+Home');
    const comment = '# saved by the e2e suite\n';
    await paste(page, comment);
    await page.locator('.tabs-container .tab.active.dirty').waitFor();
    const expected = cliFmt(comment + BADLY_FORMATTED);
    assert.notEqual(expected, comment + BADLY_FORMATTED, 'the fixture must need formatting');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    await until('the formatted file on disk', () => readFileSync(file, 'utf8') === expected, 10_000);
    await page.locator('.view-lines .view-line', { hasText: 'communicator = "none"' }).first().waitFor();
    await s.shot('3-format-on-save');
  });

  scenario('4. the Inspect view lists variables, sources and builds, and follows edits and editors', async () => {
    const { page } = s;
    // A template without variables or locals first: those groups are leaves there, and must open with their rows
    // when the view moves to a template that has some.
    await openFile(page, 'format-me.pkr.hcl');
    const pane = await openInspectView(page);
    await treeRow(pane, 'null.fmt').first().waitFor();
    assert.equal(await treeRow(pane, 'Variables').first().locator('.label-description').textContent(), '0');
    await openFile(page, 'variables.pkr.hcl');
    for (const label of ['greeting', 'api_token', 'image', 'docker.app', 'null.local', 'example', 'container']) {
      await treeRow(pane, label).first().waitFor();
    }
    const secret = await treeRow(pane, 'api_token').first().locator('.label-description').textContent();
    assert.match(secret ?? '', /<sensitive>/);
    assert.doesNotMatch(secret ?? '', /example-secret-token/);
    await s.shot('4-inspect-view');
    await page.locator('.tabs-container .tab.active[data-resource-name="variables.pkr.hcl"]').click();
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await replaceLine(page, 27, 'variable "added_by_e2e" {\n  default = "x"\n}\n');
    await treeRow(pane, 'added_by_e2e').first().waitFor();
    await s.shot('4-inspect-after-edit');
    await revert();
    await treeRow(pane, 'added_by_e2e').first().waitFor({ state: 'detached' });
  }, revert);

  scenario('5. "Packer: Build" runs a real docker build; the terminal shows the artifacts and the image exists', async () => {
    const { page } = s;
    const image = 'packer-studio/example:latest';
    try {
      docker('rmi', '-f', image);
    } catch {
      // not there yet
    }
    await openFile(page, 'variables.pkr.hcl');
    await runCommand(page, 'Packer: Build');
    await waitForTerminal(page, 'packer-studio exited with code', 240_000);
    await s.shot('5-build-terminal');
    const out = await terminalBuffer(page);
    assert.match(out, /Builds finished\. The artifacts of successful builds are:/);
    assert.match(out, /--> container\.docker\.app: /);
    assert.match(out, /--> example\.null\.local: /);
    assert.match(out, /packer-studio exited with code 0/);
    assert.notEqual(docker('image', 'inspect', '--format', '{{.Id}}', image), '');
  });

  scenario('6. closing the terminal during a build cancels it and leaves no container', async () => {
    const { page } = s;
    const base = 'packer-studio/busybox:latest';
    const before = containersFrom(base);
    await openFile(page, 'slow.pkr.hcl');
    await runCommand(page, 'Packer: Build');
    await waitForTerminal(page, 'E2E-SLOW-STARTED', 120_000);
    const started = [...containersFrom(base)].filter((c) => !before.has(c));
    assert.ok(started.length > 0, 'the build runs a container');
    await s.shot('6-build-running');
    await runCommand(page, 'Terminal: Kill the Active Terminal Instance');
    await until('the build container to be removed', () => started.every((c) => !containersFrom(base).has(c)), 90_000);
    await s.shot('6-after-close');
    assert.equal(await notification(page, 'Restricted Mode').count(), 0);
  });

  scenario('8. "Packer: Init" names the required plugin that is not built in', async () => {
    const { page } = s;
    await openFile(page, 'plugins.pkr.hcl');
    await runCommand(page, 'Packer: Init (check required plugins)');
    const toast = notification(page, 'does not build in: github.com/hashicorp/ansible');
    await toast.first().waitFor();
    assert.match((await toast.first().textContent()) ?? '', /Built in: github\.com\/hashicorp\/docker v1\.1\.2/);
    await s.shot('8-init-report');
  });
});

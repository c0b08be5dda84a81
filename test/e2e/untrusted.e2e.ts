/** Issue 6, scenario 7: in an untrusted workspace the build command refuses and says why; editing still works. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO, requirements, scenarioIn, startSession, type Session } from './harness.js';
import { notification, openFile, problemRows, replaceLine, runCommand, showProblems } from './workbench.js';

/** A local that reads a file next to the workspace folder, not inside it. */
const OUTSIDE_TEMPLATE = 'locals {\n  secret = file("${path.root}/../../next-to-the-workspace.txt")\n}\n';

describe('Packer Studio in Restricted Mode', { skip: requirements() }, () => {
  let s: Session;

  before(async () => {
    s = await startSession({
      name: 'untrusted',
      untrusted: true,
      workspace: { 'build.pkr.hcl': join(REPO, 'examples/build.pkr.hcl'), 'variables.pkr.hcl': join(REPO, 'examples/variables.pkr.hcl') },
      files: { 'reads/outside.pkr.hcl': OUTSIDE_TEMPLATE },
    });
  });

  after(async () => {
    await s?.close();
  });

  const scenario = scenarioIn(() => s);

  scenario('7. "Packer: Build" refuses with a clear message and starts no terminal', async () => {
    const { page } = s;
    await openFile(page, 'variables.pkr.hcl');
    await runCommand(page, 'Packer: Build');
    const toast = notification(page, 'Build is disabled in Restricted Mode');
    await toast.first().waitFor();
    const text = (await toast.first().locator('.notification-list-item-message').textContent()) ?? '';
    assert.match(text, /not trusted/);
    assert.match(text, /Trust the workspace/);
    await toast.first().locator('.notification-list-item-buttons-container', { hasText: 'Manage Workspace Trust' }).waitFor();
    assert.equal(await page.locator('.terminal-wrapper').count(), 0, 'no build terminal was opened');
    await s.shot('7-untrusted-build-refused');
  });

  scenario('7b. editing features still run: diagnostics appear in Restricted Mode', async () => {
    const { page } = s;
    await openFile(page, 'variables.pkr.hcl');
    await replaceLine(page, 9, '  default = "Hi"');
    await showProblems(page);
    await problemRows(page, 'The greeting must be longer than three characters.').first().waitFor();
    await s.shot('7-untrusted-diagnostics');
  });

  scenario('7c. the language server reads no file outside the workspace, and says why', async () => {
    const { page } = s;
    await openFile(page, 'outside.pkr.hcl');
    await showProblems(page);
    await problemRows(page, 'in Restricted Mode file functions only read files inside the workspace folders').first().waitFor();
    await s.shot('7-untrusted-file-outside-workspace');
  });
});

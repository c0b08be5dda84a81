/**
 * One isolated VS Code per test file: code-server 4.100.3 with the packaged VSIX, a throwaway workspace, and
 * Debian's headless Chromium driven by playwright-core (recipe: shared/guides/vscode-e2e.md).
 */
import { it } from 'node:test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Tests run from the repository root (npm scripts, scripts/test.mjs).
export const REPO = resolve(process.cwd());
export const VSIX = join(REPO, 'dist/packer-studio.vsix');
export const ARTIFACTS = process.env['E2E_ARTIFACTS'] ?? join(REPO, '.test-artifacts/e2e');
const CODE_SERVER =
  process.env['PACKER_STUDIO_CODE_SERVER_BIN'] ??
  join(process.env['PACKER_STUDIO_CODE_SERVER'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'packer-studio/code-server'), 'node_modules/.bin/code-server');
const CHROMIUM = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';

/** Settings that keep the workbench quiet and readable (guide §4); format on save is left to our defaults. */
const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.copyOnSelection': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.enabled': false,
  'terminal.integrated.enablePersistentSessions': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.acceptSuggestionOnEnter': 'off',
  'chat.disableAIFeatures': true,
};

export interface SessionOptions {
  /** Files copied into the workspace: target name → source path (file or directory). */
  readonly workspace: Readonly<Record<string, string>>;
  /** Extra files written into the workspace: relative path → text. */
  readonly files?: Readonly<Record<string, string>>;
  /** Opens the folder in Restricted Mode (workspace trust on, never prompted). */
  readonly untrusted?: boolean;
  readonly name: string;
}

export interface Session {
  readonly page: Page;
  readonly workspace: string;
  readonly userData: string;
  /** Saves a screenshot as <artifacts>/<session>-<step>.png. */
  shot(step: string): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

async function waitHealthy(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not become healthy; see ${logFile}`);
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return Promise.resolve();
  const pid = child.pid;
  return new Promise((res) => {
    const kill = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      res();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(kill);
      res();
    }
  });
}

/**
 * Why the suite cannot run here (it is then skipped with this reason), or undefined. With E2E_REQUIRED=1 (as
 * .ci/run sets it) a missing piece is an error instead: CI must never pass by skipping the real-VS-Code suite.
 */
export function requirements(): string | undefined {
  const missing = !existsSync(CODE_SERVER)
    ? `code-server not found at ${CODE_SERVER} (run scripts/e2e-setup.sh)`
    : !existsSync(CHROMIUM)
      ? `chromium not found at ${CHROMIUM} (run scripts/e2e-setup.sh)`
      : !existsSync(VSIX)
        ? `${VSIX} missing (run npm run package)`
        : undefined;
  if (missing && process.env['E2E_REQUIRED'] === '1') throw new Error(`E2E_REQUIRED=1 but ${missing}`);
  return missing;
}

export async function startSession(o: SessionOptions): Promise<Session> {
  const tmp = mkdtempSync(join(tmpdir(), `ps-e2e-${o.name}-`));
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  const workspace = join(tmp, 'workspace');
  for (const d of [join(userData, 'User'), extensions, workspace, join(tmp, 'xdg-data'), join(tmp, 'xdg-config')]) mkdirSync(d, { recursive: true });
  for (const [target, source] of Object.entries(o.workspace)) cpSync(source, join(workspace, target), { recursive: true });
  for (const [rel, text] of Object.entries(o.files ?? {})) {
    mkdirSync(join(workspace, rel, '..'), { recursive: true });
    writeFileSync(join(workspace, rel), text);
  }
  const trust = o.untrusted
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
    : { 'security.workspace.trust.enabled': false };
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...trust }, null, 2));
  writeFileSync(join(tmp, 'cs-config.yaml'), 'auth: none\n');
  const env = { ...process.env, TMPDIR: tmp, XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CONFIG_HOME: join(tmp, 'xdg-config') };
  execFileSync(CODE_SERVER, ['--install-extension', VSIX, '--extensions-dir', extensions, '--user-data-dir', userData], { env, stdio: 'pipe' });

  const port = await freePort();
  const logFile = join(tmp, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = ['--config', join(tmp, 'cs-config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check'];
  if (!o.untrusted) args.push('--disable-workspace-trust');
  args.push('--user-data-dir', userData, '--extensions-dir', extensions, workspace);
  const server = spawn(CODE_SERVER, args, { env, detached: true, stdio: ['ignore', logFd, logFd] });
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch(() => undefined);
    await stopGroup(server);
    if (process.env['E2E_KEEP'] !== '1') rmSync(tmp, { recursive: true, force: true });
    else console.log(`kept ${tmp}`);
  };
  try {
    await waitHealthy(port, server, logFile);
    context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      viewport: { width: 1600, height: 1000 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    return {
      page,
      workspace,
      userData,
      shot: async (step) => {
        await page.screenshot({ path: join(ARTIFACTS, `${o.name}-${step}.png`) }).catch(() => undefined);
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A test that starts from a quiet workbench, leaves a screenshot when it fails (taken before the cleanup, so it
 * shows the failing state), then runs its cleanup. `session` is read when the test runs, after `before` set it.
 */
export function scenarioIn(session: () => Session): (title: string, fn: () => Promise<void>, cleanup?: () => Promise<void>) => void {
  return (title, fn, cleanup) => {
    it(title, async () => {
      const s = session();
      await s.page.keyboard.press('Escape');
      try {
        await fn();
      } catch (e) {
        await s.shot(`failed-${title.split(' ')[0]?.replace(/\W/g, '')}`);
        throw e;
      } finally {
        await cleanup?.();
      }
    });
  };
}

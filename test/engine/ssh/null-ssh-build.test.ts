/**
 * `packer-studio build` (dist/cli.js) of null sources that connect over SSH to a real OpenSSH server on
 * 127.0.0.1: the provisioners act on this machine through sshd, so their effects are checked on disk.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { certificateAuthority, closedPort, keyOutsideAuthorizedKeys, ownKey, passwordSshd, sshd, type PasswordSshd, type Sshd } from './sshd.js';
import { fileTree } from '../file-tree.js';

const server = sshd();
const skip = typeof server === 'string' ? server : false;
const CLI = join(__dirname, '../../../dist/cli.js');

interface CliRun {
  readonly code: number | null;
  readonly out: string;
  readonly ms: number;
}

/** Runs `build -color=false <args>` in `dir`; `onOutput` sees the output so far and may signal the process. */
function build(
  dir: string,
  args: readonly string[],
  opts: { env?: Record<string, string | undefined>; onOutput?: (out: string, signal: (s: NodeJS.Signals) => void) => void } = {},
): Promise<CliRun> {
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, PACKER_TMP_DIR: join(dir, '.tmp'), ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, [CLI, 'build', '-color=false', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const onData = (d: Buffer): void => {
    out += d.toString('utf8');
    opts.onOutput?.(out, (s) => child.kill(s));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, ms: Date.now() - started })));
}

/** A `source "null"` block connecting to the test server; `extra` adds or overrides attributes. */
function nullSource(s: Sshd, name: string, extra: Record<string, string> = {}): string {
  const attrs: Record<string, string> = {
    communicator: '"ssh"',
    ssh_host: '"127.0.0.1"',
    ssh_port: String(s.port),
    ssh_username: JSON.stringify(s.user),
    ssh_private_key_file: JSON.stringify(s.keyFile),
    ssh_timeout: '"20s"',
    ...extra,
  };
  const body = Object.entries(attrs)
    .map(([k, v]) => `  ${k} = ${v}`)
    .join('\n');
  return `source "null" "${name}" {\n${body}\n}\n`;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Writes the template with every shell provisioner uploading its scripts to `<dir>/scripts` (the machine is
 * this one), so scripts a test leaves behind stay in its own directory and can be counted.
 */
function writeTemplate(dir: string, name: string, template: string): string {
  const scripts = join(dir, 'scripts');
  mkdirSync(scripts, { recursive: true });
  writeFileSync(join(dir, name), template.replaceAll('provisioner "shell" {\n', `provisioner "shell" {\n    remote_folder = ${JSON.stringify(scripts)}\n`));
  return scripts;
}

/** Whether a process exists (signal 0 probes without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** A shell fragment that kills this command's sshd session process, dropping the connection like a reboot. */
const DROP_CONNECTION =
  'p=$$; while [ "$p" -gt 1 ]; do p=$(awk \'{print $4}\' /proc/$p/stat); case "$(cat /proc/$p/comm)" in sshd*) kill -9 $p; break;; esac; done; sleep 5';

describe('null builder over SSH (packer-studio build)', { skip }, () => {
  const s = server as Sshd;

  test('runs shell and file provisioners on the machine with Packer output and build.* values', async () => {
    const dir = tempDir('null-ssh-');
    const remote = join(dir, 'remote');
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'a.txt'), 'alpha');
    writeFileSync(join(dir, 'tree', 'sub', 'b.txt'), 'beta');
    writeFileSync(join(dir, 'single.txt'), 'single file');
    writeFileSync(join(dir, 'one.sh'), '#!/bin/sh\necho "one: $GREETING"\n');
    writeFileSync(join(dir, 'two.sh'), `#!/bin/sh\necho "two: $GREETING" > ${remote}/two.txt\n`);
    const scripts = writeTemplate(
      dir,
      'build.pkr.hcl',
      `${nullSource(s, 'box')}
build {
  sources = ["source.null.box"]
  provisioner "shell" {
    environment_vars = ["GREETING=hello world", "EMPTY="]
    inline = [
      "mkdir -p ${remote}/down-src/inner ${remote}/nested",
      "echo host=\${build.Host} port=\${build.Port} user=\${build.User} id=\${build.ID} run=\${build.PackerRunUUID} conn=\${build.ConnType}",
      "echo key=[\${build.SSHPrivateKey}] password=[\${build.Password}]",
      "echo \\"greeting=$GREETING empty=[$EMPTY]\\"",
      "echo to-stderr >&2",
      "echo from the machine > ${remote}/down-src/f.txt",
      "echo inner > ${remote}/down-src/inner/g.txt",
    ]
  }
  provisioner "shell" {
    environment_vars = ["GREETING=from scripts"]
    scripts          = ["one.sh", "two.sh"]
  }
  provisioner "shell" {
    script           = "one.sh"
    valid_exit_codes = [0, 7]
    execute_command  = "sh {{.Path}}; exit 7"
  }
  provisioner "file" {
    source      = "single.txt"
    destination = "${remote}/single-copy.txt"
  }
  provisioner "file" {
    source      = "tree"
    destination = "${remote}/nested"
  }
  provisioner "file" {
    source      = "tree/"
    destination = "${remote}/flat"
  }
  provisioner "file" {
    direction   = "download"
    source      = "${remote}/down-src/f.txt"
    destination = "downloaded/"
  }
  provisioner "file" {
    direction   = "download"
    source      = "${remote}/down-src/"
    destination = "downloaded-dir"
  }
  provisioner "shell" {
    inline            = [${JSON.stringify(DROP_CONNECTION)}]
    expect_disconnect = true
  }
  provisioner "shell" {
    inline = ["echo reconnected > ${remote}/after-disconnect.txt"]
  }
}
`,
    );
    const r = await build(dir, ['build.pkr.hcl'], { env: { PACKER_RUN_UUID: 'run-ssh-1' } });
    assert.equal(r.code, 0, r.out);
    const lines = r.out.split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      '==> null.box: Using SSH communicator to connect: 127.0.0.1',
      '==> null.box: Waiting for SSH to become available...',
      '==> null.box: Connected to SSH!',
    ]);
    assert.ok(lines.includes(`    null.box: host=127.0.0.1 port=${s.port} user=${s.user} id=Null run=run-ssh-1 conn=ssh`), r.out);
    // Like the SDK: SSHPrivateKey is only a generated key; a key file does not fill it.
    assert.ok(lines.includes('    null.box: key=[] password=[]'), r.out);
    assert.ok(lines.includes('    null.box: greeting=hello world empty=[]'), r.out);
    assert.ok(lines.includes('==> null.box: to-stderr'), r.out);
    assert.ok(lines.includes('==> null.box: Provisioning with shell script: one.sh'), r.out);
    assert.ok(lines.includes('==> null.box: Provisioning with shell script: two.sh'), r.out);
    assert.ok(lines.includes('    null.box: one: from scripts'), r.out);
    assert.ok(lines.includes('    null.box: one:'), 'one.sh without environment_vars');
    assert.ok(lines.includes(`==> null.box: Uploading tree/ => ${remote}/flat`), r.out);
    assert.ok(lines.includes(`==> null.box: Downloading ${remote}/down-src/f.txt => downloaded/`), r.out);
    assert.match(r.out, /^Build 'null\.box' finished after .+\.$/m);
    assert.match(r.out, /^--> null\.box: Did not export anything\. This is the null builder$/m);

    assert.equal(readFileSync(join(remote, 'two.txt'), 'utf8'), 'two: from scripts\n');
    assert.equal(readFileSync(join(remote, 'single-copy.txt'), 'utf8'), 'single file');
    assert.deepEqual(fileTree(join(remote, 'nested')), ['tree/', 'tree/a.txt=alpha', 'tree/sub/', 'tree/sub/b.txt=beta']);
    assert.deepEqual(fileTree(join(remote, 'flat')), ['a.txt=alpha', 'sub/', 'sub/b.txt=beta']);
    assert.deepEqual(fileTree(join(dir, 'downloaded')), ['f.txt=from the machine\n']);
    assert.deepEqual(fileTree(join(dir, 'downloaded-dir')), ['down-src/', 'down-src/f.txt=from the machine\n', 'down-src/inner/', 'down-src/inner/g.txt=inner\n']);
    // The connection dropped by the expect_disconnect script was re-established for the next provisioner.
    assert.equal(readFileSync(join(remote, 'after-disconnect.txt'), 'utf8'), 'reconnected\n');
    // Uploaded scripts are removed after running (skip_clean = false), the interrupted one too.
    assert.deepEqual(readdirSync(scripts), []);
  });

  test('an exit status outside valid_exit_codes fails the build naming the provisioner', async () => {
    const dir = tempDir('null-ssh-exit-');
    writeTemplate(dir, 'b.pkr.hcl', `${nullSource(s, 'box')}\nbuild {\n  sources = ["source.null.box"]\n  provisioner "shell" {\n    inline = ["exit 3"]\n  }\n}\n`);
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^Build 'null\.box' errored after .+: .*Script exited with non-zero exit status: 3\. Allowed exit codes are: \[0\]$/m);
  });

  test('an upload the machine refuses fails with Packer\'s "Error uploading script:", for inline and script alike, after retrying', async () => {
    const dir = tempDir('null-ssh-upload-');
    writeFileSync(join(dir, 'one.sh'), '#!/bin/sh\necho never\n');
    const missing = join(dir, 'no-such-dir');
    writeTemplate(
      dir,
      'b.pkr.hcl',
      `${nullSource(s, 'inline')}${nullSource(s, 'script')}${nullSource(s, 'sftp', { ssh_file_transfer_method: '"sftp"' })}
build {
  sources = ["source.null.inline", "source.null.script", "source.null.sftp"]
  provisioner "shell" {
    except              = ["null.script"]
    remote_path         = "${missing}/s.sh"
    start_retry_timeout = "1s"
    inline              = ["echo never"]
  }
  provisioner "shell" {
    only                = ["null.script"]
    remote_path         = "${missing}/s.sh"
    start_retry_timeout = "1s"
    script              = "one.sh"
  }
}
`,
    );
    const r = await build(dir, ['b.pkr.hcl'], { env: { PACKER_LOG: '1' } });
    assert.equal(r.code, 1, r.out);
    const reported = (name: string): string => r.out.split('\n').find((l) => l.startsWith(`--> null.${name}: `)) ?? '';
    for (const name of ['inline', 'script']) {
      assert.match(reported(name), new RegExp(`^--> null\\.${name}: Provisioner "shell" on [^ ]*b\\.pkr\\.hcl line \\d+ failed: Error uploading script: scp: ${missing}/s\\.sh: No such file or directory$`), r.out);
    }
    assert.match(reported('sftp'), /^--> null\.sftp: Provisioner "shell" on [^ ]*b\.pkr\.hcl line \d+ failed: Error uploading script: .*no such file/i);
    // retry.Config: the first failure is retried once 2 s later, then the 1 s start_retry_timeout has passed.
    assert.equal((r.out.match(/Retryable error: Error uploading script: scp: /g) ?? []).length, 2, r.out);
    assert.doesNotMatch(r.out, /never|\n\s+at /);
    assert.ok(!existsSync(missing));
  });

  test('ssh_pty, a bastion host and sftp: commands get a terminal and files arrive through the jump host', async () => {
    const dir = tempDir('null-ssh-pty-');
    const key = ownKey('bastion-test');
    writeTemplate(
      dir,
      'b.pkr.hcl',
      `${nullSource(s, 'box', {
        ssh_pty: 'true',
        ssh_bastion_host: '"127.0.0.1"',
        ssh_bastion_port: String(s.port),
        ssh_bastion_username: JSON.stringify(s.user),
        ssh_file_transfer_method: '"sftp"',
        ssh_private_key_file: JSON.stringify(key.file),
      })}
build {
  sources = ["source.null.box"]
  provisioner "shell" {
    inline = ["if [ -t 1 ]; then echo has-tty; else echo no-tty; fi", "echo via-bastion > ${dir}/bastion.txt"]
  }
  provisioner "file" {
    content     = "over sftp"
    destination = "${dir}/sftp.txt"
  }
}
`,
    );
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^ {4}null\.box: has-tty$/m);
    assert.equal(readFileSync(join(dir, 'bastion.txt'), 'utf8'), 'via-bastion\n');
    assert.equal(readFileSync(join(dir, 'sftp.txt'), 'utf8'), 'over sftp');
    // Two logins for the build, both with the key the bastion inherits: the bastion's, and the machine's
    // through the forwarded connection.
    assert.equal(key.logins(), 2);
  });

  test('a key the server refuses: one clear error line and exit 1', async () => {
    const dir = tempDir('null-ssh-key-');
    writeTemplate(
      dir,
      'b.pkr.hcl',
      `${nullSource(s, 'box', { ssh_private_key_file: JSON.stringify(s.strangerKeyFile), ssh_handshake_attempts: '1' })}
build {
  sources = ["source.null.box"]
  provisioner "shell" {
    inline = ["echo never"]
  }
}
`,
    );
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 1, r.out);
    const errors = r.out.split('\n').filter((l) => l.startsWith('==> null.box: Error waiting for SSH:'));
    assert.deepEqual(errors, [
      '==> null.box: Error waiting for SSH: Packer experienced an authentication error when trying to connect via SSH. ' +
        'This can happen if your username/password are wrong. You may want to double-check your credentials as part of ' +
        'your debugging process. original error: ssh: handshake failed: ssh: unable to authenticate, attempted methods ' +
        '[none publickey], no supported methods remain',
    ]);
    assert.doesNotMatch(r.out, /never|\n\s+at /);
  });

  test('ssh_certificate_file: a key only its certificate lets in runs the provisioners', async () => {
    const ca = certificateAuthority(true);
    const key = keyOutsideAuthorizedKeys('build-cert', 'rsa');
    const certId = `build-cert-${process.pid}-${Date.now()}`;
    const dir = tempDir('null-ssh-cert-');
    writeTemplate(
      dir,
      'b.pkr.hcl',
      `${nullSource(s, 'box', { ssh_private_key_file: JSON.stringify(key), ssh_certificate_file: JSON.stringify(ca.sign(key, certId)) })}
build {
  sources = ["source.null.box"]
  provisioner "shell" {
    inline = ["echo certified=$(id -un) > ${dir}/proof.txt", "echo user=\${build.User}"]
  }
}
`,
    );
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 0, r.out);
    assert.ok(r.out.split('\n').includes(`    null.box: user=${s.user}`), r.out);
    assert.equal(readFileSync(join(dir, 'proof.txt'), 'utf8'), `certified=${s.user}\n`);
    assert.equal(ca.logLines(certId).filter((l) => l.startsWith(`Accepted publickey for ${s.user} `)).length, 1);
  });

  test('certificates the server refuses or the config check rejects: one clear error each, exit 1, no stack trace', async () => {
    const trusted = certificateAuthority(true);
    const unknown = certificateAuthority(false);
    const key = keyOutsideAuthorizedKeys('build-refused');
    const unknownCert = unknown.sign(key, 'from-unknown-ca');
    const dir = tempDir('null-ssh-cert-bad-');
    const expiredKey = keyOutsideAuthorizedKeys('build-expired');
    const expiredCert = trusted.sign(expiredKey, 'expired', { validity: '20200101000000Z:20200102000000Z' });
    writeTemplate(
      dir,
      'refused.pkr.hcl',
      `${nullSource(s, 'box', { ssh_private_key_file: JSON.stringify(key), ssh_certificate_file: JSON.stringify(unknownCert), ssh_handshake_attempts: '1' })}
build {
  sources = ["source.null.box"]
  provisioner "shell" {
    inline = ["echo never"]
  }
}
`,
    );
    const refused = await build(dir, ['refused.pkr.hcl']);
    assert.equal(refused.code, 1, refused.out);
    assert.deepEqual(
      refused.out.split('\n').filter((l) => l.startsWith('==> null.box: Error waiting for SSH:')),
      [
        '==> null.box: Error waiting for SSH: Packer experienced an authentication error when trying to connect via SSH. ' +
          'This can happen if your username/password are wrong. You may want to double-check your credentials as part of ' +
          'your debugging process. original error: ssh: handshake failed: ssh: unable to authenticate, attempted methods ' +
          `[none publickey], no supported methods remain; the server refused the user certificate ${unknownCert} ` +
          `(ID "from-unknown-ca", signed by CA ED25519 ${unknown.fingerprint}): the server may not trust that CA (sshd's TrustedUserCAKeys); its log says why it refused`,
      ],
    );
    assert.doesNotMatch(refused.out, /never|\n\s+at /);

    writeFileSync(
      join(dir, 'expired.pkr.hcl'),
      `${nullSource(s, 'old', { ssh_private_key_file: JSON.stringify(expiredKey), ssh_certificate_file: JSON.stringify(expiredCert) })}build {\n  sources = ["source.null.old"]\n}\n`,
    );
    const expired = await build(dir, ['expired.pkr.hcl']);
    assert.equal(expired.code, 1, expired.out);
    assert.equal(
      expired.out,
      `Error: 1 error(s) occurred:\n\n* ssh_private_key_file is invalid: ${expiredCert} not a valid cert: ssh: cert has expired (valid until 2020-01-02T00:00:00Z)\n\n` +
        '  on expired.pkr.hcl line 1:\n   1: source "null" "old" {\n      ^^^^^^^^^^^^^^^^^^^\n\n',
    );

    // A certificate of another key, found when the build is prepared by the CLI's own key parser.
    const otherCert = trusted.sign(keyOutsideAuthorizedKeys('build-other'), 'other');
    writeFileSync(
      join(dir, 'mismatch.pkr.hcl'),
      `${nullSource(s, 'mix', { ssh_private_key_file: JSON.stringify(key), ssh_certificate_file: JSON.stringify(otherCert) })}build {\n  sources = ["source.null.mix"]\n}\n`,
    );
    const mismatch = await build(dir, ['mismatch.pkr.hcl']);
    assert.equal(mismatch.code, 1, mismatch.out);
    assert.equal(
      mismatch.out.split('\n')[2],
      `* ssh_private_key_file is invalid: failed to create cert signer: ssh: signer and cert have different public key (${otherCert} certifies another key)`,
    );
    assert.doesNotMatch(mismatch.out, /\n\s+at /);
  });

  test('nothing listening: retries until ssh_timeout, then "Timeout waiting for SSH."', async () => {
    const dir = tempDir('null-ssh-timeout-');
    writeTemplate(
      dir,
      'b.pkr.hcl',
      `${nullSource(s, 'box', { ssh_port: String(await closedPort()), ssh_timeout: '"2s"' })}\nbuild {\n  sources = ["source.null.box"]\n}\n`,
    );
    const r = await build(dir, ['b.pkr.hcl'], { env: { PACKER_LOG: '1' } });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^==> null\.box: Timeout waiting for SSH\.$/m);
    // The attempts are in the debug log.
    assert.match(r.out, /\[DEBUG\] TCP connection to SSH ip\/port failed: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
    assert.match(r.out, /^Build 'null\.box' errored after .+: Timeout waiting for SSH\.$/m);
    assert.ok(r.ms >= 2000 && r.ms < 10_000, `took ${r.ms} ms`);
  });

  test('ssh_agent_auth without an agent says so at once', async () => {
    const dir = tempDir('null-ssh-agent-');
    writeTemplate(
      dir,
      'b.pkr.hcl',
      `${nullSource(s, 'box', { ssh_private_key_file: '""', ssh_agent_auth: 'true' })}\nbuild {\n  sources = ["source.null.box"]\n}\n`,
    );
    const r = await build(dir, ['b.pkr.hcl'], { env: { SSH_AUTH_SOCK: undefined } });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^==> null\.box: Error waiting for SSH: Cannot connect to SSH Agent SSH_AUTH_SOCK is not set$/m);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  test('SIGINT during a remote command: the command ends, the connection is closed, exit 1', async () => {
    for (const pty of [false, true]) {
      const dir = tempDir('null-ssh-int-');
      const pidFile = join(dir, 'remote.pid');
      // Without a PTY the command dies of SIGPIPE at its next write once the channel is gone; with one it is hung up.
      const command = pty ? `echo $$ > ${pidFile}; echo started; exec sleep 600` : `echo $$ > ${pidFile}; while :; do echo started; sleep 0.2; done`;
      writeTemplate(
        dir,
        'b.pkr.hcl',
        `${nullSource(s, 'box', { ssh_pty: String(pty) })}\nbuild {\n  sources = ["source.null.box"]\n  provisioner "shell" {\n    inline = [${JSON.stringify(command)}]\n  }\n}\n`,
      );
      let sent = false;
      const r = await build(dir, ['b.pkr.hcl'], {
        onOutput: (out, signal) => {
          if (!sent && out.includes('null.box: started')) {
            sent = true;
            signal('SIGINT');
          }
        },
      });
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /^Cleanly cancelled builds after being interrupted\.$/m);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      assert.ok(await waitUntil(() => !alive(pid), 5000), `remote command ${pid} still running (pty=${pty})`);
      // Nothing of the build is left in its temp dir.
      assert.deepEqual(existsSync(join(dir, '.tmp')) ? readdirSync(join(dir, '.tmp')) : [], []);
    }
  });
});

const passwordServer = passwordSshd();

describe('null builder over SSH with ssh_password (packer-studio build)', { skip: typeof passwordServer === 'string' ? passwordServer : false }, () => {
  const p = passwordServer as PasswordSshd;
  const template = (user: string, password: string): string =>
    `source "null" "box" {
  communicator           = "ssh"
  ssh_host               = "127.0.0.1"
  ssh_port               = ${p.port}
  ssh_username           = "${user}"
  ssh_password           = ${JSON.stringify(password)}
  ssh_timeout            = "20s"
  ssh_handshake_attempts = 1
}
build {
  sources = ["source.null.box"]
  provisioner "shell" {
    inline = ["echo user=$(id -un) password=\${build.Password}"]
  }
}
`;

  // packer-pw may only log in with the "password" method, packer-kbd only with "keyboard-interactive", which the
  // SDK answers with ssh_password too.
  for (const [user, method] of [
    ['packer-pw', 'password'],
    ['packer-kbd', 'keyboard-interactive/pam'],
  ] as const) {
    test(`logs in as ${user} with ssh_password through ${method}`, async () => {
      const dir = tempDir('null-ssh-password-');
      writeFileSync(join(dir, 'b.pkr.hcl'), template(user, p.password));
      const before = p.accepted(method, user);
      const r = await build(dir, ['b.pkr.hcl']);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /^==> null\.box: Connected to SSH!$/m);
      assert.ok(r.out.split('\n').includes(`    null.box: user=${user} password=${p.password}`), r.out);
      assert.equal(p.accepted(method, user), before + 1);
    });
  }

  test('a wrong password: the SDK\'s authentication error naming the methods tried, exit 1', async () => {
    const dir = tempDir('null-ssh-password-');
    writeFileSync(join(dir, 'b.pkr.hcl'), template('packer-pw', 'not-the-password'));
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 1, r.out);
    assert.match(
      r.out,
      /^==> null\.box: Error waiting for SSH: Packer experienced an authentication error when trying to connect via SSH\. .* original error: ssh: handshake failed: ssh: unable to authenticate, attempted methods \[none password\], no supported methods remain$/m,
    );
    assert.doesNotMatch(r.out, /user=|\n\s+at /);
  });
});

describe('null builder configuration (packer-studio build)', () => {
  test('communicator "none": commands do not run and transfers are refused like Packer', async () => {
    const dir = tempDir('null-none-');
    writeFileSync(join(dir, 'f.txt'), 'x');
    writeFileSync(
      join(dir, 'b.pkr.hcl'),
      `source "null" "n" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.n"]\n  provisioner "file" {\n    source      = "f.txt"\n    destination = "/tmp/never.txt"\n  }\n}\n`,
    );
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 1, r.out);
    assert.doesNotMatch(r.out, /Using SSH communicator/);
    assert.match(r.out, /^Build 'null\.n' errored after .+: .*Upload is not implemented when communicator = 'none'/m);
  });

  test('an ssh null source without host and credentials reports every problem of the plugin at once', async () => {
    const dir = tempDir('null-cfg-');
    writeFileSync(join(dir, 'b.pkr.hcl'), `source "null" "c" {\n  ssh_username = "u"\n}\nbuild {\n  sources = ["source.null.c"]\n}\n`);
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /a Host must be specified, please reference your communicator documentation/);
    assert.match(r.out, /one authentication method must be specified, please reference your communicator documentation/);
    assert.doesNotMatch(r.out, /a Username must be specified|\n\s+at /);
  });

  test('two authentication methods and an unknown communicator type are refused', async () => {
    const dir = tempDir('null-cfg-');
    writeFileSync(join(dir, 'key'), 'not a key');
    writeFileSync(
      join(dir, 'b.pkr.hcl'),
      `source "null" "two" {\n  ssh_host = "h"\n  ssh_username = "u"\n  ssh_password = "p"\n  ssh_agent_auth = true\n}\nsource "null" "odd" {\n  communicator = "telnet"\n}\nbuild {\n  sources = ["source.null.two", "source.null.odd"]\n}\n`,
    );
    const r = await build(dir, ['b.pkr.hcl']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified/);
    assert.match(r.out, /Communicator type telnet is invalid|"telnet"/);
  });
});

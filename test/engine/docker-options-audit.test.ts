/**
 * Docker builder options the other engine tests do not reach, each proven on a real dockerd from inside the
 * container (provisioner output) and from the daemon's view (`docker inspect` run by shell-local on the host while
 * the container lives): cap_add/cap_drop, privileged, tmpfs, device, platform, volumes, container_dir, run_command
 * (env, user, label), exec_user, fix_upload_owner, registry login for the pull, and CMD/ENTRYPOINT restored on
 * commit from a source image that has both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { BASE_IMAGE, REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, docker, dockerTemplate, dockerUnavailable, tempDir } from './harness.js';
import { leftoverTemp, runBuild, writeTemplate } from './fixtures/cli-process.js';

/** A shell-local provisioner printing one `docker inspect` format of the build's container, prefixed by `label=`. */
const inspect = (label: string, format: string): string => `
  provisioner "shell-local" {
    inline = ["echo ${label}=$(docker inspect -f '${format}' \${build.ID})"]
  }
`;

/** The value printed by a provisioner as `    docker.<name>: <label>=<value>`. */
function printed(out: string, name: string, label: string): string {
  const m = new RegExp(`^    docker\\.${name}: ${label}=(.*)$`, 'm').exec(out);
  assert.ok(m, `no ${label}= line in:\n${out}`);
  return m[1] as string;
}

describe('docker builder options on a real dockerd', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('cap_add, cap_drop, tmpfs, device, platform, volumes, container_dir and run_command flags reach the container', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'from-host.txt'), 'host data\n');
    const template = writeTemplate(
      dir,
      dockerTemplate(
        'opts',
        `discard       = true
  cap_add       = ["NET_ADMIN"]
  cap_drop      = ["CHOWN"]
  tmpfs         = ["/scratch:rw,size=1m"]
  device        = ["/dev/null:/dev/extra-null"]
  platform      = "linux/amd64"
  volumes       = { "shared" = "/mnt/shared" }
  container_dir = "/custom-packer"
  run_command   = ["-d", "-i", "-t", "-e", "RUN_ENV=from-run-command", "--label", "audit=yes", "--entrypoint=/bin/sh", "--", "{{.Image}}"]`,
        `  provisioner "shell" {
    inline = [
      "echo run_env=$RUN_ENV",
      "echo tmpfs=$(grep ' /scratch ' /proc/mounts | cut -d' ' -f3)",
      "echo device=$(test -c /dev/extra-null && echo char)",
      "echo volume=$(cat /mnt/shared/from-host.txt)",
      "echo from container > /mnt/shared/from-container.txt",
      "echo container_dir=$(grep -c ' /custom-packer ' /proc/mounts)",
      "echo capeff=$(grep CapEff /proc/self/status | cut -f2)",
    ]
  }
${inspect('caps', '{{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}} {{.HostConfig.Privileged}}')}
${inspect('platform', '{{.Platform}} {{.Image}}')}
${inspect('label', '{{.Config.Labels.audit}}')}
`,
      ),
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^    docker\.opts: Run command: docker run --device \/dev\/null:\/dev\/extra-null --cap-add NET_ADMIN --cap-drop CHOWN --platform linux\/amd64 --tmpfs \/scratch:rw,size=1m -v \S+:\/custom-packer -v \S+\/shared:\/mnt\/shared -d -i -t -e RUN_ENV=from-run-command --label audit=yes --entrypoint=\/bin\/sh -- packer-studio\/busybox:latest$/m);
    assert.equal(printed(r.stdout, 'opts', 'run_env'), 'from-run-command');
    assert.equal(printed(r.stdout, 'opts', 'tmpfs'), 'tmpfs');
    assert.equal(printed(r.stdout, 'opts', 'device'), 'char');
    assert.equal(printed(r.stdout, 'opts', 'volume'), 'host data');
    assert.equal(printed(r.stdout, 'opts', 'container_dir'), '1');
    const capEff = BigInt(`0x${printed(r.stdout, 'opts', 'capeff')}`);
    assert.equal(capEff & (1n << 12n), 1n << 12n, 'CAP_NET_ADMIN added');
    assert.equal(capEff & 1n, 0n, 'CAP_CHOWN dropped');
    assert.equal(printed(r.stdout, 'opts', 'caps'), '["NET_ADMIN"] ["CHOWN"] false');
    assert.match(printed(r.stdout, 'opts', 'platform'), /^linux sha256:[0-9a-f]{64}$/);
    assert.equal(printed(r.stdout, 'opts', 'label'), 'yes');
    assert.equal(readFileSync(join(dir, 'shared', 'from-container.txt'), 'utf8'), 'from container\n');
    assert.deepEqual(leftoverTemp(dir), []);
  });

  it('platform reaches the daemon: a platform the local image is not for is refused by dockerd, and nothing is left', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const label = `audit-platform-${process.pid}`;
    const template = writeTemplate(
      dir,
      dockerTemplate(
        'plat',
        `discard     = true
  platform    = "linux/arm64"
  run_command = ["-d", "-i", "-t", "--label", "${label}=1", "--entrypoint=/bin/sh", "--", "{{.Image}}"]`,
        '',
      ),
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 1, r.stdout);
    // The local busybox image is linux/amd64; without the option the same build runs (previous test).
    assert.match(r.stdout, /^Build 'docker\.plat' errored after [^:]+: Error running container: .*does not match the specified platform: wanted linux\/arm64, actual: linux\/amd64$/m);
    assert.equal(docker('ps', '-aq', '--filter', `label=${label}`).stdout.trim(), '', 'no container left');
    assert.deepEqual(leftoverTemp(dir), []);
  });

  it('discard: the build commits no image, and its artifact says it exported nothing', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const template = writeTemplate(dir, dockerTemplate('disc', 'discard = true', `  provisioner "shell" {
    inline = ["echo changed > /changed.txt"]
  }
`));
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stdout, /Committing the container/);
    assert.match(r.stdout, /^--> docker\.disc: Exported Docker file: $/m);
    // Other tests build images at the same time: look for one made from this build's container.
    const container = /Container ID: ([0-9a-f]{64})/.exec(r.stdout)?.[1];
    assert.ok(container, r.stdout);
    const images = docker('images', '-aq', '--no-trunc').stdout.split('\n').filter((i) => i !== '');
    const from = images.map((i) => docker('image', 'inspect', '-f', '{{.Container}}', i).stdout.trim());
    assert.ok(!from.includes(container), 'no image committed from the build\'s container');
    assert.deepEqual(leftoverTemp(dir), []);
  });

  it('privileged reaches the daemon: the container is privileged (or, where the sandbox forbids it, refused by runc for that)', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const label = `audit-priv-${process.pid}`;
    const template = writeTemplate(
      dir,
      dockerTemplate(
        'priv',
        `discard     = true
  privileged  = true
  run_command = ["-d", "-i", "-t", "--label", "${label}=1", "--entrypoint=/bin/sh", "--", "{{.Image}}"]`,
        `  provisioner "shell" {
    inline = ["echo capeff=$(grep CapEff /proc/self/status | cut -f2)"]
  }
`,
      ),
    );
    // -on-error=abort keeps the container, so the daemon's record of it can be read even when it never started.
    const r = await runBuild(dir, ['-color=false', '-on-error=abort', template]);
    const id = docker('ps', '-aq', '--no-trunc', '--filter', `label=${label}`).stdout.trim();
    try {
      assert.match(r.stdout, /Run command: docker run --privileged -v /);
      assert.match(id, /^[0-9a-f]{64}$/, r.stdout);
      assert.equal(docker('inspect', '-f', '{{.HostConfig.Privileged}}', id).stdout.trim(), 'true');
      if (r.code === 0) {
        // CAP_SYS_ADMIN (21) and CAP_SYS_MODULE (16) are outside Docker's default set.
        const capEff = BigInt(`0x${printed(r.stdout, 'priv', 'capeff')}`);
        assert.equal(capEff & ((1n << 21n) | (1n << 16n)), (1n << 21n) | (1n << 16n));
      } else {
        assert.match(r.stdout, /^Build 'docker\.priv' errored after [^:]+: Error running container: .*unable to apply caps: operation not permitted/m);
      }
    } finally {
      if (id) docker('rm', '-f', id);
    }
  });

  it('exec_user runs commands as that user; fix_upload_owner gives uploads to the container user, and false leaves them root', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(join(dir, 'payload.txt'), 'payload\n');
    const runAs = (name: string, extra: string, shellExtra = ''): string =>
      dockerTemplate(
        name,
        `discard     = true
  run_command = ["-d", "-i", "-t", "-u", "1234", "--entrypoint=/bin/sh", "--", "{{.Image}}"]
  ${extra}`,
        `  provisioner "file" {
    source      = "payload.txt"
    destination = "/tmp/payload.txt"
  }
  provisioner "shell" {
    inline = ["echo uid=$(id -u) owner=$(stat -c %u /tmp/payload.txt)"]
    ${shellExtra}
  }
`,
      );
    const owned = await runBuild(dir, ['-color=false', writeTemplate(dir, runAs('owned', ''), 'owned.pkr.hcl')]);
    assert.equal(owned.code, 0, owned.stdout + owned.stderr);
    assert.equal(printed(owned.stdout, 'owned', 'uid'), '1234 owner=1234');
    // Root-owned uploads in the sticky /tmp cannot be removed by user 1234: skip_clean leaves the script alone...
    const root = await runBuild(dir, ['-color=false', writeTemplate(dir, runAs('rootowned', 'fix_upload_owner = false', 'skip_clean = true'), 'root.pkr.hcl')]);
    assert.equal(root.code, 0, root.stdout + root.stderr);
    assert.equal(printed(root.stdout, 'rootowned', 'uid'), '1234 owner=0');
    // ...and without it the removal is retried for start_retry_timeout, then fails like the SDK's shell provisioner.
    const started = Date.now();
    const noclean = runAs('noclean', 'fix_upload_owner = false', 'start_retry_timeout = "2s"');
    const retried = await runBuild(dir, ['-color=false', writeTemplate(dir, noclean, 'noclean.pkr.hcl')]);
    // The error names the provisioner and the line its block starts on.
    const provisionerLine = noclean.split('\n').findIndex((l) => l.includes('provisioner "shell"')) + 1;
    assert.ok(provisionerLine > 0);
    assert.equal(retried.code, 1, retried.stdout + retried.stderr);
    assert.ok(Date.now() - started < 60000, 'gave up after start_retry_timeout, not the 5 minute default');
    assert.match(retried.stdout, new RegExp(`^Build 'docker\\.noclean' errored after [^:]+: Provisioner "shell" on [^ ]*noclean\\.pkr\\.hcl line ${provisionerLine} failed: Error removing temporary script at /tmp/script_\\d+\\.sh!$`, 'm'));
    const exec = await runBuild(dir, ['-color=false', writeTemplate(dir, runAs('execroot', 'exec_user = "0"'), 'exec.pkr.hcl')]);
    assert.equal(exec.code, 0, exec.stdout + exec.stderr);
    assert.equal(printed(exec.stdout, 'execroot', 'uid'), '0 owner=1234');
  });

  it('commit restores the source image ENTRYPOINT and CMD; a CMD in changes wins over the restored one', async (t) => {
    if (skip) return t.skip(skip);
    const source = `engine-test/with-entrypoint-${process.pid}:1`;
    const target = `engine-test/restored-${process.pid}`;
    const made = docker('run', '--name', `engine-test-src-${process.pid}`, BASE_IMAGE, 'true');
    assert.equal(made.status, 0, made.stderr);
    const commit = docker('commit', '--change', 'ENTRYPOINT ["/bin/echo", "ep"]', '--change', 'CMD ["from-cmd"]', `engine-test-src-${process.pid}`, source);
    docker('rm', '-f', `engine-test-src-${process.pid}`);
    assert.equal(commit.status, 0, commit.stderr);
    const dir = tempDir();
    const template = (name: string, changes: string): string => `
source "docker" "${name}" {
  image   = "${source}"
  pull    = false
  commit  = true
  changes = ${changes}
}
build {
  sources = ["source.docker.${name}"]
  provisioner "shell" {
    inline = ["echo provisioned > /p.txt"]
  }
  post-processor "docker-tag" {
    repository = "${target}"
    tags       = ["${name}"]
  }
}
`;
    try {
      const kept = await runBuild(dir, ['-color=false', writeTemplate(dir, template('kept', '[]'), 'kept.pkr.hcl')]);
      assert.equal(kept.code, 0, kept.stdout + kept.stderr);
      const keptConfig = JSON.parse(docker('image', 'inspect', '-f', '{{json .Config}}', `${target}:kept`).stdout);
      assert.deepEqual(keptConfig.Entrypoint, ['/bin/echo', 'ep']);
      assert.deepEqual(keptConfig.Cmd, ['from-cmd']);
      assert.equal(docker('run', '--rm', `${target}:kept`).stdout, 'ep from-cmd\n');

      const changed = await runBuild(dir, ['-color=false', writeTemplate(dir, template('changed', '["CMD [\\"new-cmd\\"]"]'), 'changed.pkr.hcl')]);
      assert.equal(changed.code, 0, changed.stdout + changed.stderr);
      const changedConfig = JSON.parse(docker('image', 'inspect', '-f', '{{json .Config}}', `${target}:changed`).stdout);
      assert.deepEqual(changedConfig.Entrypoint, ['/bin/echo', 'ep']);
      assert.deepEqual(changedConfig.Cmd, ['new-cmd']);
      assert.equal(docker('run', '--rm', `${target}:changed`, 'cat', '/p.txt').stdout, 'ep cat /p.txt\n', 'the restored entrypoint runs');
    } finally {
      docker('rmi', '-f', `${target}:kept`, `${target}:changed`, source);
    }
  });

  it('login: pulls a private image from the htpasswd registry; wrong credentials fail in one line with nothing left', async (t) => {
    if (skip) return t.skip(skip);
    const repo = `${REGISTRY}/engine-test/private-base-${process.pid}`;
    const ref = `${repo}:1`;
    const config = tempDir();
    const cli = (...args: string[]) => spawnSync('docker', ['--config', config, ...args], { encoding: 'utf8', input: REGISTRY_PASSWORD });
    assert.equal(docker('tag', BASE_IMAGE, ref).status, 0);
    const login = cli('login', '-u', REGISTRY_USER, '--password-stdin', REGISTRY);
    assert.equal(login.status, 0, login.stderr);
    const push = cli('push', ref);
    assert.equal(push.status, 0, push.stderr);
    docker('rmi', '-f', ref);
    const template = (name: string, password: string): string => `
source "docker" "${name}" {
  image          = "${ref}"
  discard        = true
  login          = true
  login_server   = "${REGISTRY}"
  login_username = "${REGISTRY_USER}"
  login_password = "${password}"
}
build {
  sources = ["source.docker.${name}"]
  provisioner "shell" {
    inline = ["echo pulled-and-ran"]
  }
}
`;
    const dir = tempDir();
    try {
      const bad = await runBuild(dir, ['-color=false', writeTemplate(dir, template('bad', 'wrong-password'), 'bad.pkr.hcl')]);
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, /^Build 'docker\.bad' errored after [^:]+: Error logging in: .*401 Unauthorized$/m);
      assert.doesNotMatch(bad.stdout, /wrong-password/);
      assert.doesNotMatch(bad.stdout + bad.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
      assert.notEqual(docker('image', 'inspect', ref).status, 0, 'nothing pulled');
      assert.deepEqual(leftoverTemp(dir), []);

      const good = await runBuild(dir, ['-color=false', writeTemplate(dir, template('good', REGISTRY_PASSWORD), 'good.pkr.hcl')]);
      assert.equal(good.code, 0, good.stdout + good.stderr);
      assert.match(good.stdout, new RegExp(`^==> docker\\.good: Pulling Docker image: ${ref.replace(/[.]/g, '\\.')}$`, 'm'));
      assert.match(good.stdout, /^    docker\.good: Logging in\.\.\.$/m);
      assert.match(good.stdout, /^    docker\.good: pulled-and-ran$/m);
      assert.doesNotMatch(good.stdout, new RegExp(REGISTRY_PASSWORD));
      assert.equal(docker('image', 'inspect', ref).status, 0, 'the image was pulled');
    } finally {
      docker('rmi', '-f', ref);
    }
  });
});

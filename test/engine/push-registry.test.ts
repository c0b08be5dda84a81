import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { BASE_IMAGE, REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, docker, dockerTemplate, dockerUnavailable, plannedBuild, pp, run, tempDir } from './harness.js';
import { leftoverTemp, runBuild, writeTemplate } from './fixtures/cli-process.js';

const BASIC = `Basic ${Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64')}`;

async function registryGet(path: string, auth = BASIC): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://${REGISTRY}${path}`, {
    headers: { Authorization: auth, Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  return { status: res.status, body: await res.text() };
}

function pushTemplate(repo: string, password: string): string {
  return dockerTemplate('push', `commit = true`, `
  provisioner "shell" {
    inline = ["echo pushed-${process.pid} > /pushed.txt"]
  }
  post-processors {
    post-processor "docker-tag" {
      repository = "${REGISTRY}/${repo}"
      tags       = ["v1"]
    }
    post-processor "docker-push" {
      login          = true
      login_server   = "${REGISTRY}"
      login_username = "${REGISTRY_USER}"
      login_password = "${password}"
    }
  }
`);
}

describe('docker-push to a local registry with htpasswd auth', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('logs in, pushes the tagged image; the registry lists it and it can be pulled back', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const repo = `engine-test/push-${process.pid}`;
    const ref = `${REGISTRY}/${repo}:v1`;
    const dockerConfig = tempDir();
    try {
      const r = await runBuild(dir, ['-color=false', writeTemplate(dir, pushTemplate(repo, REGISTRY_PASSWORD))]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^    docker\.push \(docker-push\): Logging in\.\.\.$/m);
      assert.match(r.stdout, new RegExp(`^    docker\\.push \\(docker-push\\): Pushing: ${ref.replace(/[.]/g, '\\.')}$`, 'm'));
      assert.match(r.stdout, /^    docker\.push \(docker-push\): Logging out\.\.\.$/m);
      assert.doesNotMatch(r.stdout, new RegExp(REGISTRY_PASSWORD), 'the password never reaches the output');

      const catalog = await registryGet('/v2/_catalog');
      assert.equal(catalog.status, 200, catalog.body);
      assert.ok((JSON.parse(catalog.body).repositories as string[]).includes(repo), catalog.body);
      const tags = await registryGet(`/v2/${repo}/tags/list`);
      assert.deepEqual(JSON.parse(tags.body).tags, ['v1']);
      assert.equal((await registryGet('/v2/_catalog', 'Basic ' + Buffer.from('packer:wrong').toString('base64'))).status, 401);

      // Pull it back from the registry (local copy removed first) and read the provisioned file.
      docker('rmi', '-f', ref);
      const login = spawnSync('docker', ['--config', dockerConfig, 'login', '-u', REGISTRY_USER, '--password-stdin', REGISTRY], { input: REGISTRY_PASSWORD, encoding: 'utf8' });
      assert.equal(login.status, 0, login.stderr);
      const pull = spawnSync('docker', ['--config', dockerConfig, 'pull', ref], { encoding: 'utf8' });
      assert.equal(pull.status, 0, pull.stderr);
      assert.equal(docker('run', '--rm', ref, 'cat', '/pushed.txt').stdout, `pushed-${process.pid}\n`);
      assert.deepEqual(leftoverTemp(dir), []);
    } finally {
      docker('rmi', '-f', ref);
    }
  });

  it('cancelled as docker-push starts: nothing reaches the registry, a clean cancel', async (t) => {
    if (skip) return t.skip(skip);
    const repo = `engine-test/cancelpush-${process.pid}`;
    const ref = `${REGISTRY}/${repo}:v1`;
    const controller = new AbortController();
    try {
      const r = await run(
        [
          plannedBuild('docker', 'cp', { image: BASE_IMAGE, pull: false, commit: true }, {
            postProcessors: [
              [
                pp('docker-tag', { repository: `${REGISTRY}/${repo}`, tags: ['v1'] }),
                pp('docker-push', { login: true, login_server: REGISTRY, login_username: REGISTRY_USER, login_password: REGISTRY_PASSWORD }),
              ],
            ],
          }),
        ],
        { signal: controller.signal, onLine: (l) => l.includes('(type docker-push)') && controller.abort('SIGINT') },
      );
      assert.equal(r.exitCode, 1, r.output);
      assert.match(r.output, /^Cleanly cancelled builds after being interrupted\.$/m);
      assert.doesNotMatch(r.output, /Logging in|Pushing:/);
      const tags = await registryGet(`/v2/${repo}/tags/list`);
      assert.equal(tags.status, 404, tags.body);
    } finally {
      docker('rmi', '-f', ref);
    }
  });

  it('bad registry credentials: one clear error line, exit 1, no container or temp dir left, nothing pushed; the committed image kept like Packer', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    const repo = `engine-test/badpush-${process.pid}`;
    const ref = `${REGISTRY}/${repo}:v1`;
    const containersBefore = docker('ps', '-aq', '--no-trunc').stdout;
    try {
      const r = await runBuild(dir, ['-color=false', writeTemplate(dir, pushTemplate(repo, 'not-the-password'))]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      // Packer's shape: the error once where the build fails and once in the closing summary, nothing else.
      const errors = r.stdout.split('\n').filter((l) => /\b401\b|unauthorized|logging in/i.test(l) && !/Logging in\.\.\.$/.test(l));
      assert.equal(errors.length, 2, r.stdout);
      const loginError = /Error logging in to Docker: login attempt to http:\/\/127\.0\.0\.1:5000\/v2\/ failed with status: 401 Unauthorized$/;
      assert.match(errors[0] as string, /^Build 'docker\.push' errored after .+: Post-processor failed: /);
      assert.match(errors[0] as string, loginError);
      assert.match(errors[1] as string, /^--> docker\.push: Post-processor failed: /);
      assert.match(errors[1] as string, loginError);
      assert.equal(r.stderr, '');
      assert.doesNotMatch(r.stdout + r.stderr, /^\s+at .+\(.+:\d+:\d+\)$/m, 'no stack trace');
      assert.doesNotMatch(r.stdout, /not-the-password/);
      assert.doesNotMatch(r.stdout, /Pushing:/, 'nothing is pushed after a failed login');
      assert.match(r.stdout, /^==> Builds finished but no artifacts were created\.$/m);
      // Other processes may remove their containers meanwhile: what matters is that none was added.
      const existed = new Set(containersBefore.split('\n'));
      assert.deepEqual(docker('ps', '-aq', '--no-trunc').stdout.split('\n').filter((id) => !existed.has(id)), [], 'no container left');
      assert.deepEqual(leftoverTemp(dir), []);
      const tags = await registryGet(`/v2/${repo}/tags/list`);
      assert.equal(tags.status, 404, tags.body);
      // The committed image stays, tagged, as in Packer: the docker-tag before the push keeps its input, so the
      // core does not destroy the builder's artifact, and a failed post-processor destroys nothing itself.
      assert.match(docker('images', '-q', ref).stdout.trim(), /^[0-9a-f]{12}$/, 'the committed image is kept, like Packer');
    } finally {
      docker('rmi', '-f', ref);
    }
  });
});

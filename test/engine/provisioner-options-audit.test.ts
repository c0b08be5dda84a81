/**
 * Provisioner options the other engine tests leave out, through `dist/cli.js build` on a real dockerd (shell and
 * file over the docker communicator) and on the null builder (shell-local): shell script/scripts, env,
 * environment_vars, execute_command, inline_shebang, remote_folder/remote_file/remote_path, skip_clean,
 * valid_exit_codes; file content/sources/generated, directory trailing-slash rules and downloads; shell-local
 * command/script/scripts/environment_vars/execute_command/only_on/valid_exit_codes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { dockerTemplate, dockerUnavailable, tempDir } from './harness.js';
import { fileTree } from './file-tree.js';
import { leftoverTemp, runBuild, writeTemplate } from './fixtures/cli-process.js';

describe('shell and file provisioner options over the docker communicator', () => {
  let skip: string | undefined;
  before(() => {
    skip = dockerUnavailable();
  });

  it('shell: script, scripts, env, environment_vars, execute_command, inline_shebang, remote paths, skip_clean, valid_exit_codes', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    writeFileSync(join(dir, 'one.sh'), '#!/bin/sh\necho "one: $GREETING $FROM_MAP at $0"\n');
    writeFileSync(join(dir, 'two.sh'), '#!/bin/sh\necho "two: $GREETING"\n');
    const template = writeTemplate(
      dir,
      dockerTemplate(
        'sh',
        'discard = true',
        `  provisioner "shell" {
    inline = ["mkdir -p /opt/scripts"]
  }
  provisioner "shell" {
    script           = "one.sh"
    environment_vars = ["GREETING=hello there"]
    env              = { FROM_MAP = "mapped" }
    remote_folder    = "/opt/scripts"
    remote_file      = "first.sh"
    skip_clean       = true
  }
  provisioner "shell" {
    scripts          = ["one.sh", "two.sh"]
    environment_vars = ["GREETING=from scripts"]
    remote_path      = "/opt/scripts/fixed.sh"
  }
  provisioner "shell" {
    inline          = ["echo listed=$(ls /opt/scripts | tr '\\\\n' ' ')"]
    execute_command = "echo wrapped; {{.Vars}} sh {{.Path}}"
    environment_vars = ["UNUSED=1"]
  }
  provisioner "shell" {
    inline_shebang = "/bin/sh -x"
    inline         = ["echo traced"]
  }
  provisioner "shell" {
    inline           = ["echo exiting-7", "exit 7"]
    valid_exit_codes = [0, 7]
  }
  provisioner "shell" {
    inline = ["echo still-running"]
  }
`,
      ),
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = r.stdout;
    assert.match(out, /^==> docker\.sh: Provisioning with shell script: one\.sh$/m);
    assert.match(out, /^    docker\.sh: one: hello there mapped at \/opt\/scripts\/first\.sh$/m);
    assert.match(out, /^    docker\.sh: one: from scripts  at \/opt\/scripts\/fixed\.sh$/m);
    assert.match(out, /^    docker\.sh: two: from scripts$/m);
    // skip_clean kept first.sh; the scripts run through remote_path were removed.
    assert.match(out, /^    docker\.sh: wrapped$/m);
    assert.match(out, /^    docker\.sh: listed=first\.sh\s*$/m);
    // `sh -x` traces on stderr, which the UI prints as an error line.
    assert.match(out, /^==> docker\.sh: \+ echo traced$/m);
    assert.match(out, /^    docker\.sh: traced$/m);
    assert.match(out, /^    docker\.sh: exiting-7$/m);
    assert.match(out, /^    docker\.sh: still-running$/m);
    assert.deepEqual(leftoverTemp(dir), []);
  });

  it('file: content, sources, generated, directory trailing-slash rules, downloads of files and directories', async (t) => {
    if (skip) return t.skip(skip);
    const dir = tempDir();
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'a.txt'), 'alpha');
    writeFileSync(join(dir, 'tree', 'sub', 'b.txt'), 'beta');
    writeFileSync(join(dir, 'x.txt'), 'ex');
    writeFileSync(join(dir, 'y.txt'), 'why');
    const template = writeTemplate(
      dir,
      dockerTemplate(
        'files',
        'discard = true',
        `  provisioner "shell" {
    inline = ["mkdir -p /dest/nested /dest/many /dest/content-dir"]
  }
  provisioner "file" {
    content     = "inline content"
    destination = "/dest/content.txt"
  }
  provisioner "file" {
    content     = "into a directory"
    destination = "/dest/content-dir/"
  }
  provisioner "file" {
    sources     = ["x.txt", "y.txt"]
    destination = "/dest/many/"
  }
  provisioner "file" {
    source      = "tree"
    destination = "/dest/nested"
  }
  provisioner "file" {
    source      = "tree/"
    destination = "/dest/flat"
  }
  provisioner "shell-local" {
    inline = ["echo made during the build > generated.txt"]
  }
  provisioner "file" {
    source      = "generated.txt"
    destination = "/dest/generated.txt"
    generated   = true
  }
  provisioner "shell" {
    inline = [
      "cd /dest && find . | sort | tr '\\\\n' ' ' && echo",
      "echo content=$(cat /dest/content.txt) dir=$(cat /dest/content-dir/pkr-file-content*) generated=$(cat /dest/generated.txt)",
    ]
  }
  provisioner "shell" {
    inline = ["ln -s tree/a.txt /dest/nested/link"]
  }
  provisioner "file" {
    direction   = "download"
    source      = "/dest/content.txt"
    destination = "down/"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/dest/many/x.txt"
    destination = "down/renamed.txt"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/dest/nested/"
    destination = "down-dir"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/dest/many/*.txt"
    destination = "down-glob/"
  }
`,
      ),
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = r.stdout;
    assert.match(out, /^==> docker\.files: Uploading content => \/dest\/content\.txt$/m);
    assert.match(out, /^==> docker\.files: Uploading x\.txt => \/dest\/many\/$/m);
    assert.match(out, /^==> docker\.files: Uploading tree\/ => \/dest\/flat$/m);
    assert.match(out, /^==> docker\.files: Downloading \/dest\/nested\/ => down-dir$/m);
    const listing = /^    docker\.files: (\. .*)$/m.exec(out)?.[1] ?? '';
    const entries = listing.trim().split(' ').filter((e) => !e.startsWith('./content-dir/'));
    assert.deepEqual(entries, [
      '.',
      './content-dir',
      './content.txt',
      './flat',
      './flat/a.txt',
      './flat/sub',
      './flat/sub/b.txt',
      './generated.txt',
      './many',
      './many/x.txt',
      './many/y.txt',
      './nested',
      './nested/tree',
      './nested/tree/a.txt',
      './nested/tree/sub',
      './nested/tree/sub/b.txt',
    ]);
    assert.match(listing, / \.\/content-dir\/pkr-file-content\d+ /);
    assert.match(out, /^    docker\.files: content=inline content dir=into a directory generated=made during the build$/m);
    assert.deepEqual(fileTree(join(dir, 'down')), ['content.txt=inline content', 'renamed.txt=ex']);
    assert.equal(readlinkSync(join(dir, 'down-dir/nested/link')), 'tree/a.txt', 'a symlink stays a symlink');
    assert.deepEqual(fileTree(join(dir, 'down-glob')), ['x.txt=ex', 'y.txt=why']);
    assert.deepEqual(fileTree(join(dir, 'down-dir')), ['nested/', 'nested/link=alpha', 'nested/tree/', 'nested/tree/a.txt=alpha', 'nested/tree/sub/', 'nested/tree/sub/b.txt=beta']);
  });
});

describe('shell-local provisioner options', () => {
  it('command, script, scripts, environment_vars, execute_command, only_on, valid_exit_codes', async () => {
    const dir = tempDir();
    // The default execute_command runs a script by its path: like Packer's, it must be executable.
    writeFileSync(join(dir, 'local-one.sh'), '#!/bin/sh\necho "local-one: $GREETING"\n', { mode: 0o755 });
    writeFileSync(join(dir, 'local-two.sh'), '#!/bin/sh\necho "local-two: $GREETING"\nexit 9\n', { mode: 0o755 });
    const template = writeTemplate(
      dir,
      `
source "null" "l" { communicator = "none" }
build {
  sources = ["source.null.l"]
  provisioner "shell-local" {
    command = "echo command-ran > command.txt"
  }
  provisioner "shell-local" {
    script           = "local-one.sh"
    environment_vars = ["GREETING=hi from env"]
  }
  provisioner "shell-local" {
    scripts          = ["local-one.sh", "local-two.sh"]
    environment_vars = ["GREETING=many"]
    valid_exit_codes = [0, 9]
  }
  provisioner "shell-local" {
    inline          = ["echo inline-body"]
    execute_command = ["/bin/sh", "-c", "echo executing {{.Script}} >&2; {{.Vars}} /bin/sh {{.Script}}"]
  }
  provisioner "shell-local" {
    only_on = ["windows"]
    inline  = ["echo must-not-run"]
  }
  provisioner "shell-local" {
    only_on = ["linux", "darwin"]
    inline  = ["echo ran-on-linux"]
  }
  provisioner "shell-local" {
    inline = ["exit 4"]
  }
}
`,
    );
    const r = await runBuild(dir, ['-color=false', template]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const out = r.stdout;
    assert.equal(readFileSync(join(dir, 'command.txt'), 'utf8'), 'command-ran\n');
    assert.match(out, /^    null\.l: local-one: hi from env$/m);
    assert.match(out, /^    null\.l: local-one: many$/m);
    assert.match(out, /^    null\.l: local-two: many$/m);
    assert.match(out, /^==> null\.l: executing \S+$/m);
    assert.match(out, /^    null\.l: inline-body$/m);
    assert.match(out, /^==> null\.l: Skipping shell-local due to runtime OS$/m);
    assert.doesNotMatch(out, /must-not-run/);
    assert.match(out, /^    null\.l: ran-on-linux$/m);
    assert.match(out, /^Build 'null\.l' errored after [^:]+: .*Script exited with non-zero exit status: 4\. Allowed exit codes are: \[0\]$/m);
  });
});

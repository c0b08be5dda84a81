import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { formatDuration } from '../../server/src/engine/duration.js';
import { escapeMachine } from '../../server/src/engine/ui.js';
import { plannedBuild, pp, prov, run, tempDir } from './harness.js';

describe('engine without docker', () => {
  it('formats durations with the two largest units', () => {
    assert.equal(formatDuration(1_815_000_000), '1 second 815 milliseconds');
    assert.equal(formatDuration(38_023_000), '38 milliseconds 23 microseconds');
    assert.equal(formatDuration(123_000_000_000), '2 minutes 3 seconds');
    assert.equal(formatDuration(60_000_000_000), '1 minute');
  });

  it('escapes machine-readable data like Packer', () => {
    assert.equal(escapeMachine('a,b\nc\rd'), 'a%!(PACKER_COMMA)b\\nc\\rd');
  });

  it('null builder + shell-local: output, artifact summary, machine-readable rows', async () => {
    const r = await run(
      [plannedBuild('null', 'a', { communicator: 'none' }, { provisioners: [prov('shell-local', { inline: ['echo hi,there', 'echo $PACKER_BUILD_NAME-$PACKER_BUILDER_TYPE'] })] })],
      { machineReadable: true },
    );
    assert.equal(r.exitCode, 0, r.output);
    assert.match(r.output, /^\d+,,ui,say,==> null\.a: Running local shell script: \S+packer-shell\d+$/m);
    assert.match(r.output, /^\d+,,ui,message,    null\.a: hi%!\(PACKER_COMMA\)there$/m);
    assert.match(r.output, /^\d+,,ui,message,    null\.a: a-null$/m);
    assert.match(r.output, /^\d+,null\.a,artifact-count,1$/m);
    assert.match(r.output, /^\d+,null\.a,artifact,0,builder-id,fnoeding\.null$/m);
    assert.match(r.output, /^\d+,null\.a,artifact,0,string,Did not export anything\. This is the null builder$/m);
    assert.match(r.output, /^\d+,null\.a,artifact,0,end$/m);
  });

  it('file builder with manifest and checksum chains (keep rules, appended checksum file)', async () => {
    const dir = tempDir();
    const r = await run(
      [
        plannedBuild('file', 'f', { target: 'out.txt', content: 'hello' }, {
          postProcessors: [[pp('manifest', { output: 'm.json', strip_path: true })], [pp('checksum', { checksum_types: ['md5', 'sha256'] })]],
        }),
      ],
      { cwd: dir, runUuid: 'u-1' },
    );
    assert.equal(r.exitCode, 0, r.output);
    assert.equal((r.output.match(/^--> file\.f: Stored file: out\.txt$/gm) ?? []).length, 2, r.output);
    assert.match(r.output, /^--> file\.f: Created artifact from files: out\.txt, packer_f_file_md5\.checksum, packer_f_file_sha256\.checksum$/m);
    assert.equal(readFileSync(join(dir, 'packer_f_file_md5.checksum'), 'utf8'), '5d41402abc4b2a76b9719d911017c592\tout.txt\n');
    const sha = createHash('sha256').update('hello').digest('hex');
    assert.equal(readFileSync(join(dir, 'packer_f_file_sha256.checksum'), 'utf8'), `${sha}\tout.txt\n`);
    const m = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    assert.deepEqual(m.builds[0].files, [{ name: 'out.txt', size: 5 }]);
    assert.equal(m.builds[0].artifact_id, 'File');
    assert.equal(m.last_run_uuid, 'u-1');
    // A second run appends to the manifest; -force with a new run UUID starts it over.
    await run([plannedBuild('file', 'f', { target: 'out.txt', content: 'hello' }, { postProcessors: [[pp('manifest', { output: 'm.json' })]] })], { cwd: dir, runUuid: 'u-2' });
    assert.equal(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')).builds.length, 2);
    await run([plannedBuild('file', 'f', { target: 'out.txt', content: 'hello' }, { postProcessors: [[pp('manifest', { output: 'm.json' })]] })], { cwd: dir, runUuid: 'u-3', force: true });
    assert.equal(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')).builds.length, 1);
  });

  it('compress gz deletes the input artifact unless keep_input_artifact', async () => {
    const dir = tempDir();
    const r = await run([plannedBuild('file', 'g', { target: 'data.txt', content: 'compress me' }, { postProcessors: [[pp('compress', { output: 'data.txt.gz' })]] })], { cwd: dir });
    assert.equal(r.exitCode, 0, r.output);
    assert.equal(gunzipSync(readFileSync(join(dir, 'data.txt.gz'))).toString(), 'compress me');
    assert.ok(!existsSync(join(dir, 'data.txt')), 'input artifact destroyed (compress keeps nothing by default)');
    assert.match(r.output, /^--> file\.g: compressed artifacts in: data\.txt\.gz$/m);
    const kept = await run(
      [plannedBuild('file', 'k', { target: 'keep.txt', content: 'x' }, { postProcessors: [[pp('compress', { output: 'keep.tar.gz' }, { keepInputArtifact: true })]] })],
      { cwd: dir },
    );
    assert.equal(kept.exitCode, 0, kept.output);
    assert.ok(existsSync(join(dir, 'keep.txt')));
  });

  it('prepare errors are reported per component and fail the run', async () => {
    const r = await run([plannedBuild('file', 'bad', {}, { provisioners: [prov('shell', { inline: ['x'], script: 'y.sh' })] })]);
    assert.equal(r.exitCode, 1);
    assert.match(r.output, /Failed preparing build "file\.bad": source "file\.bad": target required/);
    assert.match(r.output, /Only a script file or an inline script can be specified, not both\./);
  });

  it('colours builds and masks secrets', async () => {
    const r = await run([plannedBuild('null', 'c', { communicator: 'none' }, { provisioners: [prov('shell-local', { inline: ['echo topsecret'] })] })], {
      color: true,
      secrets: ['topsecret'],
    });
    assert.match(r.output, /^\u001b\[1;32mnull\.c: output will be in this color\.\u001b\[0m$/m);
    assert.match(r.output, /^\u001b\[0;32m    null\.c: <sensitive>\u001b\[0m$/m);
    assert.doesNotMatch(r.output, /topsecret/);
  });

  // Cancelled as each starts, or (compress) once it has created its archive and is writing it.
  for (const [type, config, output, at] of [
    ['checksum', { checksum_types: ['sha256'] }, 'packer_c_file_sha256.checksum', '(type checksum)'],
    ['compress', { output: 'out.tar.gz' }, 'out.tar.gz', 'Tarring out.tar.gz'],
    ['manifest', { output: 'm.json' }, 'm.json', '(type manifest)'],
  ] as const) {
    it(`cancelling the ${type} post-processor (at "${at}"): it leaves no file, and the build reports a clean cancel`, async () => {
      const dir = tempDir();
      const controller = new AbortController();
      const r = await run([plannedBuild('file', 'c', { target: 'out.txt', content: 'x'.repeat(1 << 20) }, { postProcessors: [[pp(type, config)]] })], {
        cwd: dir,
        signal: controller.signal,
        onLine: (l) => l.includes(at) && controller.abort(),
      });
      assert.equal(r.exitCode, 1, r.output);
      assert.match(r.output, new RegExp(`Running post-processor:  \\(type ${type}\\)`));
      assert.match(r.output, /Cleanly cancelled builds after being interrupted\./);
      assert.equal(existsSync(join(dir, output)), false, `${output} written`);
    });
  }

  it('cancelling a shell-local sleep stops the process and reports a clean cancel', async () => {
    const controller = new AbortController();
    const start = Date.now();
    const r = await run([plannedBuild('null', 's', { communicator: 'none' }, { provisioners: [prov('shell-local', { inline: ['echo go', 'sleep 20'] })] })], {
      signal: controller.signal,
      onLine: (l) => l.includes('go') && controller.abort(),
    });
    assert.ok(Date.now() - start < 10_000);
    assert.equal(r.exitCode, 1);
    assert.match(r.output, /Cleanly cancelled builds after being interrupted\./);
  });
});

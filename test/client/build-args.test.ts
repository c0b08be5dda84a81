import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliArgs, parseTaskDefinition, taskLabel, type BuildDefaults } from '../../client/src/build-args.js';
import { parseFlags } from '../../server/src/cli/args.js';

test('every task property maps to its packer build flag, template last', () => {
  const def = parseTaskDefinition({
    type: 'packer',
    command: 'build',
    template: 'examples',
    vars: { greeting: 'Hello there', n: 3 },
    varFiles: ['a.pkrvars.hcl'],
    only: ['container.*', 'docker.app'],
    except: ['manifest'],
    onError: 'abort',
    force: true,
    parallelBuilds: 2,
    timestampUi: true,
    env: { PKR_VAR_x: '1' },
  });
  assert.ok(def);
  assert.deepEqual(cliArgs(def, '/w/examples'), [
    'build',
    '-on-error=abort',
    '-force',
    '-parallel-builds=2',
    '-timestamp-ui',
    '-only=container.*,docker.app',
    '-except=manifest',
    '-var-file=a.pkrvars.hcl',
    '-var',
    'greeting=Hello there',
    '-var',
    'n=3',
    '/w/examples',
  ]);
  assert.deepEqual(def.env, { PKR_VAR_x: '1' });
});

test('settings fill what the task leaves out; the task wins where it speaks', () => {
  const defaults: BuildDefaults = { varFiles: ['/w/common.pkrvars.hcl'], onError: 'ask', force: true, parallelBuilds: 0, timestampUi: false };
  const def = parseTaskDefinition({ type: 'packer', command: 'build', force: false, varFiles: ['b.pkrvars.hcl'] });
  assert.ok(def);
  assert.deepEqual(cliArgs(def, 't', defaults), ['build', '-on-error=ask', '-var-file=/w/common.pkrvars.hcl', '-var-file=b.pkrvars.hcl', 't']);
});

test('validate gets no build-only flags', () => {
  const def = parseTaskDefinition({ type: 'packer', command: 'validate', force: true, onError: 'abort', only: ['a.b'] });
  assert.ok(def);
  assert.deepEqual(cliArgs(def, 'dir'), ['validate', '-only=a.b', 'dir']);
});

test('mistyped properties are dropped, not passed on', () => {
  const def = parseTaskDefinition({ type: 'packer', command: 'build', onError: 'explode', parallelBuilds: -1, force: 'yes', only: 'x', vars: ['a'] });
  assert.ok(def);
  assert.deepEqual(cliArgs(def, 'd'), ['build', 'd']);
  assert.equal(parseTaskDefinition({ type: 'shell', command: 'build' }), undefined);
  assert.equal(parseTaskDefinition({ type: 'packer', command: 'deploy' }), undefined);
});

test("the CLI's own flag parser reads the arguments back as given", () => {
  const def = parseTaskDefinition({ type: 'packer', command: 'build', vars: { a: 'x=y' }, only: ['p.*'], varFiles: ['v.hcl'], parallelBuilds: 3, force: true });
  assert.ok(def);
  const args = cliArgs(def, 'tpl').slice(1);
  const parsed = parseFlags(args, { var: 'list', 'var-file': 'list', only: 'list', except: 'list', force: 'bool', 'parallel-builds': 'int', 'on-error': 'string', 'timestamp-ui': 'bool' });
  assert.deepEqual(parsed.positional, ['tpl']);
  assert.deepEqual(parsed.lists.get('var'), ['a=x=y']);
  assert.deepEqual(parsed.lists.get('only'), ['p.*']);
  assert.equal(parsed.bools.get('force'), true);
  assert.equal(parsed.strings.get('parallel-builds'), '3');
});

test('task labels name the command, template and filter', () => {
  assert.equal(taskLabel({ type: 'packer', command: 'build', only: ['container.*'] }, 'examples'), 'build examples (container.*)');
  assert.equal(taskLabel({ type: 'packer', command: 'validate' }, 'examples'), 'validate examples');
});

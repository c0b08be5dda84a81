import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectTree, onlyFilter, type InspectNode } from '../../client/src/inspect-model.js';
import type { InspectBuild, InspectResult } from '../../server/src/lsp/protocol.js';

const R = { start: { line: 1, character: 0 }, end: { line: 3, character: 1 } };
const U = 'file:///w/t/build.pkr.hcl';
const item = (name: string) => ({ name, uri: U, range: R });

function build(name: string, sources: string[], pp: string[][] = [], provisioners: string[] = []): InspectBuild {
  return {
    ...item(name),
    sources: sources.map(item),
    provisioners: provisioners.map((t) => ({ ...item(t), type: t.split('.')[0]! })),
    postProcessors: pp.map((chain) => chain.map((t) => ({ ...item(t), type: t }))),
  };
}

const RESULT: InspectResult = {
  root: 'file:///w/t',
  variables: [
    { ...item('greeting'), type: 'string', description: 'Said hello', sensitive: false, value: '"Hello"', source: 'default' },
    { ...item('api_token'), type: 'string', description: '', sensitive: true, value: '<sensitive>', source: 'default' },
  ],
  locals: [{ ...item('build_tag'), value: '"x'.padEnd(100, 'y') + '"' }],
  dataSources: [],
  sources: [{ ...item('docker.app'), type: 'docker' }],
  builds: [
    build('container', ['container.docker.app'], [['docker-tag']], ['shell', 'shell-local.greet']),
    build('', ['null.local', 'docker.app'], [['compress'], ['manifest', 'checksum']]),
  ],
};

function find(nodes: readonly InspectNode[], label: string): InspectNode {
  const n = nodes.find((x) => x.label === label);
  assert.ok(n, `no node ${label} among ${nodes.map((x) => x.label).join(', ')}`);
  return n;
}

test('top-level groups count their items; empty data sources are left out', () => {
  const tree = inspectTree(RESULT);
  assert.deepEqual(
    tree.map((n) => [n.label, n.description]),
    [
      ['Variables', '2'],
      ['Locals', '1'],
      ['Sources', '1'],
      ['Builds', '2'],
    ],
  );
});

test('variables show type and value; sensitive ones keep the mask and say so', () => {
  const vars = find(inspectTree(RESULT), 'Variables').children;
  assert.equal(find(vars, 'greeting').description, 'string = "Hello"');
  assert.equal(find(vars, 'greeting').kind, 'variable');
  const secret = find(vars, 'api_token');
  assert.equal(secret.kind, 'sensitive-variable');
  assert.equal(secret.description, 'string = <sensitive>');
  assert.match(secret.tooltip ?? '', /masked/);
  assert.deepEqual(secret.location, { uri: U, range: R });
});

test('long values are shortened in the description, whole in the tooltip', () => {
  const local = find(find(inspectTree(RESULT), 'Locals').children, 'build_tag');
  assert.ok((local.description ?? '').length <= 60);
  assert.ok((local.description ?? '').endsWith('…'));
  assert.equal(local.tooltip, RESULT.locals[0]!.value);
});

test('builds list sources, provisioners and post-processors; several chains get their own level', () => {
  const builds = find(inspectTree(RESULT), 'Builds').children;
  const named = find(builds, 'container');
  assert.equal(named.only, 'container.*');
  assert.deepEqual(named.children.map((c) => c.label), ['Sources', 'Provisioners', 'Post-processors']);
  assert.deepEqual(find(named.children, 'Provisioners').children.map((c) => [c.label, c.description]), [
    ['shell', undefined],
    ['shell-local', 'greet'],
  ]);
  assert.deepEqual(find(named.children, 'Post-processors').children.map((c) => c.label), ['docker-tag']);

  const unnamed = find(builds, 'build #2');
  assert.equal(unnamed.only, 'null.local,docker.app');
  const chains = find(unnamed.children, 'Post-processors').children;
  assert.deepEqual(chains.map((c) => [c.label, c.description, c.kind]), [
    ['Chain 1', 'compress', 'chain'],
    ['Chain 2', 'manifest → checksum', 'chain'],
  ]);
});

test('node ids are unique so the view keeps its expansion state', () => {
  const ids: string[] = [];
  const walk = (ns: readonly InspectNode[]) => ns.forEach((n) => (ids.push(n.id), walk(n.children)));
  walk(inspectTree(RESULT));
  assert.equal(new Set(ids).size, ids.length);
});

test('a build without sources has nothing to run', () => {
  assert.equal(onlyFilter(build('', [])), undefined);
});

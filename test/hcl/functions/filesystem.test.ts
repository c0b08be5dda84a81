import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CONFORMANCE_DIR } from '../../support/conformance.js';
import type { FileSystem } from '../../../server/src/hcl/function.js';
import { filesystemFunctions, type ParsedTemplate } from '../../../server/src/hcl/functions/filesystem.js';
import { encodingFunctions } from '../../../server/src/hcl/functions/encoding.js';
import { STRING, Value, mapOf, numberVal, objectOf, stringVal, type Type } from '../../../server/src/hcl/value.js';
import { call, callFails, plain } from './call.js';

/** Test double: an in-memory FileSystem over absolute POSIX paths. */
class InMemoryFileSystem implements FileSystem {
  constructor(
    private readonly files: ReadonlyMap<string, Uint8Array>,
    private readonly dir = '/work',
  ) {}
  readFile(p: string): Uint8Array {
    const f = this.files.get(p);
    if (!f) throw new Error(`ENOENT ${p}`);
    return f;
  }
  exists(p: string): boolean {
    return this.files.has(p) || this.isDirectory(p);
  }
  isDirectory(p: string): boolean {
    const prefix = p.endsWith('/') ? p : p + '/';
    return [...this.files.keys()].some((k) => k.startsWith(prefix));
  }
  listFiles(base: string): string[] {
    const prefix = base.endsWith('/') ? base : base + '/';
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }
  cwd(): string {
    return this.dir;
  }
}

const FIXTURES = path.join(CONFORMANCE_DIR, 'packer/hcl2template/function/testdata');
const files = new Map<string, Uint8Array>([
  ['/tpl/a.txt', Buffer.from('a')],
  ['/tpl/b.txt', Buffer.from('b')],
  ['/tpl/c.md', Buffer.from('c')],
  ['/tpl/.hidden.txt', Buffer.from('h')],
  ['/tpl/sub/d.txt', Buffer.from('d')],
  ['/tpl/sub/deep/e.txt', Buffer.from('e')],
  ['/tpl/latin1.txt', Uint8Array.of(0xe9)],
  ['/tpl/decomposed.txt', Buffer.from('e\u0301')],
  ['/work/hello.txt', Buffer.from('hello\n')],
  ['/home/u/x.txt', Buffer.from('home')],
  ...readdirSync(FIXTURES).map((n) => [`/tpl/testdata/${n}`, readFileSync(path.join(FIXTURES, n))] as const),
]);
const fs = new InMemoryFileSystem(files);
const f = filesystemFunctions({ fs, baseDir: '/tpl', homeDir: '/home/u' });
const s = stringVal;

test('path functions follow Go filepath', () => {
  assert.equal(plain(call(f.basename, s('/a/b/c.txt'))), 'c.txt');
  assert.equal(plain(call(f.basename, s('a/b/'))), 'b');
  assert.equal(plain(call(f.basename, s(''))), '.');
  assert.equal(plain(call(f.basename, s('/'))), '/');
  assert.equal(plain(call(f.dirname, s('/a/b/c.txt'))), '/a/b');
  assert.equal(plain(call(f.dirname, s('c.txt'))), '.');
  assert.equal(plain(call(f.dirname, s('a/b/'))), 'a/b');
  assert.equal(plain(call(f.abspath, s('hello.txt'))), '/work/hello.txt', 'abspath resolves against the CWD');
  assert.equal(plain(call(f.abspath, s('/x/../y/'))), '/y');
  assert.equal(plain(call(f.pathexpand, s('~/x'))), '/home/u/x');
  assert.equal(plain(call(f.pathexpand, s('/abs'))), '/abs');
  callFails(f.pathexpand, [s('~bob/x')], 'failed to expand ~: cannot expand user-specific home dir');
});

test('file reads relative to path.root, expands ~ and normalizes to NFC', () => {
  assert.equal(plain(call(f.file, s('testdata/hello.txt'))), 'Hello World');
  assert.equal(plain(call(f.file, s('./sub/../a.txt'))), 'a');
  assert.equal(plain(call(f.file, s('~/x.txt'))), 'home');
  assert.equal(plain(call(f.file, s('decomposed.txt'))), '\u00e9');
  callFails(f.file, [s('nope.txt')], 'no file exists at /tpl/nope.txt');
  callFails(f.file, [s('latin1.txt')], /^contents of latin1.txt are not valid UTF-8; use the filebase64 function/);
  callFails(f.file, [s('testdata/icon.png')], /are not valid UTF-8/);
  callFails(f.file, [s('sub')], 'failed to read /tpl/sub');
});

test('filebase64 reads relative to the CWD', () => {
  assert.equal(plain(call(f.filebase64, s('hello.txt'))), 'aGVsbG8K');
  assert.equal(plain(call(f.filebase64, s('/tpl/testdata/icon.png'))), readFileSync(path.join(FIXTURES, 'icon.png')).toString('base64'));
  callFails(f.filebase64, [s('a.txt')], 'failed to read file "a.txt": open a.txt: no such file or directory');
});

test('fileexists', () => {
  assert.equal(plain(call(f.fileexists, s('a.txt'))), true);
  assert.equal(plain(call(f.fileexists, s('zzz.txt'))), false);
  callFails(f.fileexists, [s('sub')], '/tpl/sub is not a regular file, but a directory');
});

test('fileset matches doublestar globs, sorted, relative to path', () => {
  assert.deepEqual(plain(call(f.fileset, s('.'), s('*.txt'))), ['.hidden.txt', 'a.txt', 'b.txt', 'decomposed.txt', 'latin1.txt']);
  assert.deepEqual(plain(call(f.fileset, s('sub'), s('**/*.txt'))), ['d.txt', 'deep/e.txt']);
  assert.deepEqual(plain(call(f.fileset, s('/tpl'), s('{a,c}.*'))), ['a.txt', 'c.md']);
  assert.deepEqual(plain(call(f.fileset, s('.'), s('[ab].txt'))), ['a.txt', 'b.txt']);
  assert.deepEqual(plain(call(f.fileset, s('.'), s('?.md'))), ['c.md']);
  assert.deepEqual(plain(call(f.fileset, s('missing'), s('*'))), []);
  assert.equal(call(f.fileset, s('.'), s('*.md')).type.kind, 'set');
});

/** A stand-in for the HCL template parser: understands only `${name}` interpolations. */
function fakeParseTemplate(text: string, file: string): ParsedTemplate {
  if (text.includes('%{')) throw new Error(`${file}: template directives are not supported by this test double`);
  const refs = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => ({ name: m[1], range: `${file}:1,${m.index! + 3}-${m.index! + 3 + m[1].length}` }));
  return {
    references: refs,
    evaluate(vars) {
      if (text === '${' + refs[0]?.name + '}') return vars.get(refs[0].name)!;
      return stringVal(text.replace(/\$\{(\w+)\}/g, (_, n: string) => String(plain(vars.get(n)!))));
    },
  };
}

test('templatefile renders with only the given vars, validating names and references', () => {
  const t = filesystemFunctions({ fs, baseDir: '/tpl', parseTemplate: fakeParseTemplate, functions: () => encodingFunctions });
  const vars = (o: Record<string, Value>): Value =>
    new Value(objectOf(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.type])) as Record<string, Type>), new Map(Object.entries(o)));
  assert.equal(plain(call(t.templatefile, s('testdata/hello.tmpl'), vars({ name: s('Jodie') }))), 'Hello, Jodie!');
  const bare = call(t.templatefile, s('testdata/bare.tmpl'), vars({ val: numberVal(3) }));
  assert.equal(bare.type.kind, 'number', 'a lone interpolation keeps its type');
  assert.equal(t.templatefile.returnType([s('testdata/bare.tmpl'), vars({ val: numberVal(3) })]).kind, 'number');
  callFails(t.templatefile, [s('testdata/hello.tmpl'), vars({})], 'vars map does not contain key "name", referenced at testdata/hello.tmpl:1,10-14', 1);
  callFails(t.templatefile, [s('testdata/hello.tmpl'), s('x')], 'invalid vars value: must be a map', 1);
  callFails(
    t.templatefile,
    [s('testdata/hello.tmpl'), new Value(mapOf(STRING), new Map([['not valid', s('x')], ['name', s('y')]]))],
    /^invalid template variable name "not valid": must start with a letter/,
    1,
  );
  callFails(t.templatefile, [s('missing.tmpl'), vars({})], 'no file exists at /tpl/missing.tmpl');
  callFails(f.templatefile, [s('testdata/hello.tmpl'), vars({ name: s('x') })], /no template parser was provided/);
});

test('templatefile hands templates the function table with templatefile stubbed out', () => {
  let seen: Readonly<Record<string, unknown>> = {};
  const t = filesystemFunctions({
    fs,
    baseDir: '/tpl',
    functions: () => ({ ...encodingFunctions, templatefile: f.templatefile }),
    parseTemplate: () => ({
      references: [],
      evaluate(_vars, functions) {
        seen = functions;
        return call(functions.templatefile, s('testdata/recursive.tmpl'), new Value(objectOf({}), new Map()));
      },
    }),
  });
  callFails(t.templatefile, [s('testdata/recursive.tmpl'), new Value(objectOf({}), new Map())], 'cannot recursively call templatefile from inside templatefile call');
  assert.ok('base64encode' in seen);
});

// The assembled function table: exactly Packer's function names (functions.md, current Packer), env() kept out
// of it, and the table working end to end through the evaluator.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSystem, HclFunction } from '../../../server/src/hcl/function.js';
import { envFunction, packerFunctions } from '../../../server/src/hcl/functions/index.js';
import { STRING, stringVal } from '../../../server/src/hcl/value.js';
import { renderConsole } from '../../../server/src/hcl/render.js';
import { errorOf, evalExpr, loadParser } from './expr.js';

before(loadParser);

const PACKER_FUNCTIONS = `
abs ceil floor log max min parseint pow signum sum
chomp endswith format formatlist indent join lower regex regexall regex_replace replace split startswith
strcontains strrev substr title trim trimprefix trimsuffix trimspace upper
alltrue anytrue chunklist coalesce coalescelist compact concat contains distinct element flatten index keys length
lookup merge range reverse setintersection setproduct setunion slice sort values zipmap
base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64 textencodebase64 urlencode
yamldecode yamlencode
abspath basename dirname file filebase64 fileexists fileset pathexpand templatefile
formatdate legacy_isotime legacy_strftime rfc3339_parse timeadd timestamp unix_timestamp_parse
bcrypt md5 rsadecrypt sha1 sha256 sha512 uuidv4 uuidv5
cidrhost cidrnetmask cidrsubnet cidrsubnets
can convert try
aws_secretsmanager aws_secretsmanager_raw consul_key vault
`.trim().split(/\s+/);

const NOT_IN_PACKER = `tostring tonumber tobool tolist toset tomap one nonsensitive sensitive filemd5 filesha1 filesha256
filesha512 cidrcontains templatestring issensitive plantimestamp base64sha256 timecmp env`.split(/\s+/);

const noFiles: FileSystem = {
  readFile: () => {
    throw new Error('no files in this test');
  },
  exists: () => false,
  isDirectory: () => false,
  listFiles: () => [],
  cwd: () => '/',
};

const table = packerFunctions({ fs: noFiles, baseDir: '/' });
const fns = Object.fromEntries(table);

test('library: exactly the 103 functions of current Packer', () => {
  assert.equal(PACKER_FUNCTIONS.length, 103);
  assert.deepEqual([...table.keys()].sort(), [...PACKER_FUNCTIONS].sort());
});

test('library: functions Packer does not have are absent (env only for variable defaults)', () => {
  for (const name of NOT_IN_PACKER) assert.equal(table.has(name), false, name);
});

test('library: functions from every module work together', () => {
  const r = evalExpr(fns, 'upper(join("-", formatlist("%s%d", sort(keys({b = 1, a = 2})), [1, 2])))');
  assert.equal(renderConsole(r.value), 'A1-B2');
  assert.equal(renderConsole(evalExpr(fns, 'length(base64encode(format("%03d", sum([1, 2]))))').value), '4');
});

test('library: an unknown function suggests a close name', () => {
  assert.deepEqual(errorOf(fns, 'uper("a")'), { summary: 'Call to unknown function', detail: 'There is no function named "uper". Did you mean "upper"?' });
});

test('library: sensitive arguments give sensitive results', () => {
  const secret: HclFunction = {
    description: 'a sensitive value, as a variable marked sensitive gives',
    params: [],
    returnType: () => STRING,
    impl: () => stringVal('hunter2').withMarks(['sensitive']),
  };
  assert.equal(evalExpr(fns, 'upper("x")').value.isSensitive, false);
  const r = evalExpr({ ...fns, secret }, 'upper(secret())');
  assert.equal(r.value.isSensitive, true);
  assert.equal(r.value.raw, 'HUNTER2');
  assert.equal(evalExpr({ ...fns, secret }, 'lookup({a = secret()}, "a", "")').value.isSensitive, true);
  assert.equal(evalExpr({ ...fns, secret }, 'keys({a = secret()})').value.isSensitive, false);
});

test('library: secret lookups fail clearly when no lookup service is injected', () => {
  const e = errorOf(fns, 'vault("secret/data/x", "k")');
  assert.equal(e.summary, 'Error in function call');
  assert.match(e.detail, /^Call to function "vault" failed: vault cannot be evaluated here/);
});

test('library: injected secret lookups are used', () => {
  const withVault = Object.fromEntries(
    packerFunctions({
      fs: noFiles,
      baseDir: '/',
      external: {
        awsSecret: (name, key) => `${name}:${key ?? 'null'}`,
        awsSecretRaw: (name) => `raw:${name}`,
        consulKey: () => {
          throw new Error('key does not exist at the given path: k');
        },
        vault: (path, key) => `${path}#${key}`,
      },
    }),
  );
  assert.equal(evalExpr(withVault, 'vault("p", "k")').value.raw, 'p#k');
  assert.equal(evalExpr(withVault, 'aws_secretsmanager("n", null)').value.raw, 'n:null');
  assert.equal(evalExpr(withVault, 'aws_secretsmanager_raw("n")').value.raw, 'raw:n');
  assert.deepEqual(errorOf(withVault, 'consul_key("k")'), {
    summary: 'Error in function call',
    detail: 'Call to function "consul_key" failed: key does not exist at the given path: k.',
  });
});

test('library: env() reads the given environment, "" when unset', () => {
  const env = envFunction({ HOME: '/home/u' });
  assert.equal(evalExpr({ env }, 'env("HOME")').value.raw, '/home/u');
  assert.equal(evalExpr({ env }, 'env("NOPE")').value.raw, '');
});

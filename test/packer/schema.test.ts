// Component schemas: coverage of plugins.md, body validation with HCL's messages, and config decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHclParser } from '../support/parser.js';
import type * as ast from '../../server/src/hcl/ast.js';
import { evaluate } from '../../server/src/hcl/eval/index.js';
import { boolVal, listVal, numberVal, stringVal, tupleVal, unknownVal, STRING, Value } from '../../server/src/hcl/value.js';
import {
  allSchemas,
  bodySchemaFor,
  builderBodySchema,
  builderSchema,
  builderTypes,
  communicatorSchema,
  dataSourceSchema,
  dataSourceTypes,
  postProcessorBodySchema,
  postProcessorSchema,
  postProcessorTypes,
  provisionerBodySchema,
  provisionerSchema,
  provisionerTypes,
} from '../../server/src/packer/schema/registry.js';
import { validateBody, type ValidateOptions } from '../../server/src/packer/schema/validate.js';
import { decodeBuilderConfig, decodeConfig } from '../../server/src/packer/schema/decode.js';
import { dockerBuilder } from '../../server/src/packer/schema/builders/docker.js';
import { fileBuilder } from '../../server/src/packer/schema/builders/file.js';
import { nullBuilder } from '../../server/src/packer/schema/builders/null.js';
import { amazonEbsBuilder } from '../../server/src/packer/schema/builders/amazon-ebs.js';
import { shellProvisioner } from '../../server/src/packer/schema/provisioners/shell.js';
import { fileProvisioner } from '../../server/src/packer/schema/provisioners/file.js';
import { BUILTIN_COMPONENTS } from '../../server/src/packer/catalog.js';
import type { BodySchema } from '../../server/src/packer/schema/types.js';

/** The attributes plugins.md lists per component (§2-§5, language.md §9); each must be declared. */
const DOCUMENTED: Record<string, { schema: () => BodySchema | undefined; attrs: string[] }> = {
  'builder file': { schema: () => builderBodySchema('file'), attrs: ['target', 'source', 'content'] },
  'builder null': { schema: () => builderBodySchema('null'), attrs: ['communicator', 'ssh_host', 'ssh_username', 'ssh_password', 'ssh_private_key_file', 'ssh_agent_auth'] },
  'builder docker': {
    schema: () => builderBodySchema('docker'),
    attrs: [
      'image', 'build', 'pull', 'commit', 'discard', 'export_path', 'changes', 'author', 'message', 'run_command', 'volumes',
      'container_dir', 'privileged', 'cap_add', 'cap_drop', 'device', 'tmpfs', 'runtime', 'platform', 'exec_user', 'pty',
      'fix_upload_owner', 'windows_container', 'docker_path', 'login', 'login_server', 'login_username', 'login_password',
      'ecr_login', 'aws_access_key', 'aws_secret_key', 'aws_token', 'aws_profile', 'aws_force_use_public_ecr', 'communicator',
    ],
  },
  'builder amazon-ebs': {
    schema: () => builderBodySchema('amazon-ebs'),
    attrs: [
      'region', 'access_key', 'secret_key', 'token', 'profile', 'shared_credentials_file', 'assume_role', 'max_retries',
      'source_ami', 'source_ami_filter', 'instance_type', 'ami_name', 'ami_description', 'ami_virtualization_type', 'ami_users',
      'ami_groups', 'snapshot_users', 'snapshot_groups', 'ami_regions', 'encrypt_boot', 'kms_key_id', 'region_kms_key_ids',
      'skip_save_build_region', 'skip_create_ami', 'force_deregister', 'force_delete_snapshot', 'tags', 'tag', 'snapshot_tags',
      'run_tags', 'run_volume_tags', 'subnet_id', 'subnet_filter', 'vpc_id', 'vpc_filter', 'availability_zone',
      'security_group_id', 'security_group_ids', 'security_group_filter', 'temporary_security_group_source_cidrs',
      'temporary_security_group_source_public_ip', 'associate_public_ip_address', 'ssh_interface',
      'launch_block_device_mappings', 'ami_block_device_mappings', 'user_data', 'user_data_file', 'iam_instance_profile',
      'shutdown_behavior', 'ebs_optimized', 'spot_price', 'ena_support', 'sriov_support', 'disable_stop_instance',
      'metadata_options', 'imds_support', 'deprecate_at', 'temporary_key_pair_type', 'aws_polling', 'skip_ami_run_tags',
    ],
  },
  communicators: {
    schema: () => builderBodySchema('null'),
    attrs: [
      'pause_before_connecting', 'ssh_host', 'ssh_port', 'ssh_username', 'ssh_password', 'ssh_private_key_file',
      'ssh_certificate_file', 'ssh_agent_auth', 'ssh_keypair_name', 'temporary_key_pair_name', 'temporary_key_pair_type',
      'temporary_key_pair_bits', 'ssh_timeout', 'ssh_handshake_attempts', 'ssh_wait_timeout', 'ssh_pty',
      'ssh_disable_agent_forwarding', 'ssh_keep_alive_interval', 'ssh_read_write_timeout', 'ssh_file_transfer_method',
      'ssh_bastion_host', 'ssh_bastion_port', 'ssh_bastion_username', 'ssh_bastion_password', 'ssh_bastion_private_key_file',
      'ssh_bastion_certificate_file', 'ssh_bastion_agent_auth', 'ssh_bastion_interactive', 'ssh_proxy_host', 'ssh_proxy_port',
      'ssh_proxy_username', 'ssh_proxy_password', 'ssh_ciphers', 'ssh_key_exchange_algorithms', 'ssh_clear_authorized_keys',
      'ssh_local_tunnels', 'ssh_remote_tunnels', 'winrm_username', 'winrm_password', 'winrm_host', 'winrm_port',
      'winrm_timeout', 'winrm_use_ssl', 'winrm_insecure', 'winrm_use_ntlm', 'winrm_no_proxy',
    ],
  },
  'provisioner shell': {
    schema: () => provisionerBodySchema('shell'),
    attrs: [
      'inline', 'script', 'scripts', 'environment_vars', 'env', 'env_var_format', 'execute_command', 'inline_shebang',
      'remote_folder', 'remote_file', 'remote_path', 'use_env_var_file', 'binary', 'valid_exit_codes', 'expect_disconnect',
      'start_retry_timeout', 'skip_clean', 'pause_after',
      'name', 'only', 'except', 'pause_before', 'timeout', 'max_retries', 'override', 'continue_on_error',
    ],
  },
  'provisioner file': { schema: () => provisionerBodySchema('file'), attrs: ['source', 'sources', 'content', 'destination', 'direction', 'generated'] },
  'provisioner shell-local': {
    schema: () => provisionerBodySchema('shell-local'),
    attrs: ['inline', 'script', 'scripts', 'command', 'execute_command', 'inline_shebang', 'environment_vars', 'env', 'env_var_format', 'only_on', 'tempfile_extension', 'use_linux_pathing', 'valid_exit_codes'],
  },
  'provisioner breakpoint': { schema: () => provisionerBodySchema('breakpoint'), attrs: ['note', 'disable'] },
  'post-processor manifest': { schema: () => postProcessorBodySchema('manifest'), attrs: ['output', 'strip_path', 'strip_time', 'custom_data', 'name', 'only', 'except', 'keep_input_artifact'] },
  'post-processor checksum': { schema: () => postProcessorBodySchema('checksum'), attrs: ['checksum_types', 'output'] },
  'post-processor shell-local': { schema: () => postProcessorBodySchema('shell-local'), attrs: ['inline', 'script', 'scripts', 'execute_command', 'environment_vars', 'env'] },
  'post-processor compress': { schema: () => postProcessorBodySchema('compress'), attrs: ['output', 'format', 'compression_level'] },
  'post-processor artifice': { schema: () => postProcessorBodySchema('artifice'), attrs: ['files'] },
  'post-processor docker-import': { schema: () => postProcessorBodySchema('docker-import'), attrs: ['repository', 'tag', 'changes', 'platform', 'docker_path'] },
  'post-processor docker-tag': { schema: () => postProcessorBodySchema('docker-tag'), attrs: ['repository', 'tags', 'tag', 'force', 'docker_path'] },
  'post-processor docker-push': {
    schema: () => postProcessorBodySchema('docker-push'),
    attrs: ['login', 'login_username', 'login_password', 'login_server', 'ecr_login', 'aws_access_key', 'aws_secret_key', 'aws_token', 'aws_profile', 'platform', 'docker_path'],
  },
  'post-processor docker-save': { schema: () => postProcessorBodySchema('docker-save'), attrs: ['path', 'docker_path'] },
  'data null': { schema: () => dataSourceSchema('null'), attrs: ['input'] },
  'data http': { schema: () => dataSourceSchema('http'), attrs: ['url', 'method', 'request_headers', 'request_body'] },
};

test('every component of plugins.md has a schema declaring every documented attribute', () => {
  for (const [what, { schema, attrs }] of Object.entries(DOCUMENTED)) {
    const s = schema();
    assert.ok(s, `${what} has no schema`);
    const missing = attrs.filter((a) => !(a in s.attributes) && !(a in s.blocks));
    assert.deepEqual(missing, [], `${what} lacks ${missing.join(', ')}`);
  }
  assert.deepEqual([...builderTypes], ['amazon-ebs', 'docker', 'file', 'null']);
  assert.deepEqual([...provisionerTypes], ['breakpoint', 'file', 'shell', 'shell-local']);
  assert.deepEqual([...postProcessorTypes], [
    'artifice', 'checksum', 'compress', 'docker-import', 'docker-push', 'docker-save', 'docker-tag', 'manifest', 'shell-local',
  ]);
  assert.deepEqual([...dataSourceTypes], ['http', 'null']);
  for (const c of ['ssh', 'winrm', 'none', 'docker']) assert.ok(communicatorSchema(c), `communicator ${c}`);
  assert.deepEqual(dataSourceSchema('http')?.outputs && Object.keys(dataSourceSchema('http')!.outputs!).sort(), ['body', 'request_headers', 'url']);
});

test('bodySchemaFor picks the effective body of each kind', () => {
  assert.equal(bodySchemaFor('builder', 'docker'), builderBodySchema('docker'));
  assert.ok(bodySchemaFor('provisioner', 'shell')?.attributes['pause_before']);
  assert.ok(bodySchemaFor('post-processor', 'manifest')?.attributes['keep_input_artifact']);
  assert.ok(bodySchemaFor('datasource', 'http')?.attributes['url']?.required);
  assert.equal(bodySchemaFor('builder', 'virtualbox-iso'), undefined);
});

test('the catalog the template model uses matches the registry', () => {
  for (const t of BUILTIN_COMPONENTS.builders) assert.ok(builderSchema(t), t);
  for (const t of BUILTIN_COMPONENTS.provisioners) assert.ok(provisionerSchema(t), t);
  for (const t of BUILTIN_COMPONENTS.postProcessors) assert.ok(postProcessorSchema(t), t);
  for (const t of BUILTIN_COMPONENTS.dataSources) assert.ok(dataSourceSchema(t), t);
});

test('every declared attribute has a name matching its key, a doc line and a consistent default', () => {
  const visit = (body: BodySchema, where: string) => {
    for (const [key, a] of Object.entries(body.attributes)) {
      assert.equal(a.name, key, where);
      assert.ok(a.doc.length > 0 && !a.doc.includes('\n'), `${where}.${key} doc`);
      if (a.enum && a.default && 'value' in a.default) assert.ok(a.enum.includes(a.default.value as string), `${where}.${key} default in enum`);
    }
    for (const [key, b] of Object.entries(body.blocks)) {
      assert.equal(b.type, key, where);
      visit(b, `${where}.${key}`);
    }
  };
  for (const s of allSchemas) visit(s, `${s.kind} ${s.type}`);
});

test('builders declare communicators and generated data', () => {
  assert.deepEqual(builderSchema('docker')?.communicator?.default, 'docker');
  assert.deepEqual(builderSchema('null')?.communicator?.default, 'ssh');
  assert.equal(builderSchema('file')?.communicator, undefined);
  assert.ok(!('ssh_host' in builderBodySchema('file')!.attributes), 'the file builder has no communicator');
  assert.deepEqual(builderSchema('docker')?.generatedData?.map((g) => g.name), ['ImageSha256', 'SourceImageDigest', 'SourceImageSha256']);
  assert.ok(builderSchema('amazon-ebs')?.generatedData?.some((g) => g.name === 'SourceAMI'));
  // amazon-ebs narrows the SDK's key types: its own declaration wins in the merged body.
  assert.deepEqual(builderBodySchema('amazon-ebs')?.attributes['temporary_key_pair_type']?.enum, ['rsa', 'ed25519']);
});

// ---------------------------------------------------------------------------------------------------------------
// validateBody

async function firstBlock(text: string): Promise<ast.Block> {
  const parser = await getHclParser();
  const parsed = parser.parse(text, 't.pkr.hcl');
  parsed.tree.delete();
  const b = parsed.ast.body.items[0];
  assert.ok(b && b.kind === 'block');
  return b;
}

/** Evaluates literal expressions (no variables or functions): what is statically known. */
const literals: ValidateOptions = {
  evaluate: (expr) => {
    const r = evaluate(expr, {});
    return r.diagnostics.length === 0 ? r.value : undefined;
  },
};

async function check(text: string, schema: BodySchema | undefined, opts: ValidateOptions = literals) {
  assert.ok(schema);
  const block = await firstBlock(text);
  return validateBody(block.body, schema, opts);
}

test('validate: unsupported argument with a did-you-mean suggestion on the name range', async () => {
  const diags = await check('source "docker" "x" {\n  imgae = "ubuntu"\n  commit = true\n}\n', builderBodySchema('docker'));
  assert.equal(diags.length, 1);
  const d = diags[0]!;
  assert.equal(d.summary, 'Unsupported argument');
  assert.equal(d.detail, 'An argument named "imgae" is not expected here. Did you mean "image"?');
  assert.equal(d.code, 'unsupported-argument');
  assert.deepEqual(d.data, { suggestion: 'image' });
  assert.deepEqual([d.range?.start.line, d.range?.start.character, d.range?.end.character], [1, 2, 7]);
});

test('validate: no suggestion for far names; attributes already set are not suggested', async () => {
  const diags = await check('provisioner "shell" {\n  inline = ["a"]\n  inlin = ["b"]\n  zzzzzzzz = 1\n}\n', provisionerBodySchema('shell'));
  assert.deepEqual(
    diags.map((d) => d.detail),
    ['An argument named "inlin" is not expected here.', 'An argument named "zzzzzzzz" is not expected here.'],
  );
});

test('validate: a block type used as an argument and an argument used as a block', async () => {
  const diags = await check('source "amazon-ebs" "x" {\n  ami_name = "a"\n  aws_polling = {}\n  region {}\n}\n', builderBodySchema('amazon-ebs'));
  assert.deepEqual(
    diags.map((d) => [d.summary, d.detail]),
    [
      ['Unsupported argument', 'An argument named "aws_polling" is not expected here. Did you mean to define a block of type "aws_polling"?'],
      ['Unsupported block type', 'Blocks of type "region" are not expected here. Did you mean to define argument "region"? If so, use the equals sign to assign it a value.'],
    ],
  );
});

test('validate: unsupported nested block with suggestion, and nested attributes are checked', async () => {
  const text = `source "amazon-ebs" "x" {
  ami_name = "a"
  launch_block_device_mapping {
    device_name = "/dev/sda1"
  }
  launch_block_device_mappings {
    volume_size = "big"
  }
}
`;
  const diags = await check(text, builderBodySchema('amazon-ebs'));
  assert.deepEqual(
    diags.map((d) => [d.summary, d.detail]),
    [
      ['Unsupported block type', 'Blocks of type "launch_block_device_mapping" are not expected here. Did you mean "launch_block_device_mappings"?'],
      ['Incorrect attribute value type', 'Inappropriate value for attribute "volume_size": a number is required.'],
      ['Missing required argument', 'The argument "device_name" is required, but no definition was found.'],
    ],
  );
  // The missing argument is reported at the nested block's opening brace (line 5, column 31).
  assert.deepEqual([diags[2]!.range?.start.line, diags[2]!.range?.start.character], [5, 31]);
});

test('validate: missing required argument at the opening brace; required checks can be left to the merged body', async () => {
  const text = 'source "file" "x" {\n  content = "hi"\n}\n';
  const diags = await check(text, builderBodySchema('file'));
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.summary, 'Missing required argument');
  assert.equal(diags[0]!.detail, 'The argument "target" is required, but no definition was found.');
  assert.deepEqual([diags[0]!.range?.start.line, diags[0]!.range?.start.character, diags[0]!.range?.end.character], [0, 18, 19]);
  assert.deepEqual(await check(text, builderBodySchema('file'), { ...literals, required: false }), []);
});

test('validate: type mismatches only for known values that cannot convert; weak conversions pass', async () => {
  const text = `source "docker" "x" {
  image = "ubuntu"
  commit = "true"
  pull = "maybe"
  changes = "CMD x"
  run_command = ["-d", 1, true]
  volumes = { a = "b" }
  export_path = 5
  author = var.unknown
}
`;
  const diags = await check(text, builderBodySchema('docker'));
  assert.deepEqual(
    diags.map((d) => d.detail),
    ['Inappropriate value for attribute "pull": a bool is required.', 'Inappropriate value for attribute "changes": list of string required.'],
  );
  assert.equal(diags[0]!.summary, 'Incorrect attribute value type');
  assert.equal(diags[0]!.code, 'attribute-type');
  // The subject is the expression; the context spans name to expression.
  assert.deepEqual([diags[0]!.range?.start.character, diags[0]!.context?.start.character], [9, 2]);
});

test('validate: type-only evaluation flags impossible conversions and never unknown ones', async () => {
  const typeOf = (t: Value['type'] | undefined): ValidateOptions => ({ evaluateType: () => t });
  const text = 'provisioner "shell" {\n  inline = x\n}\n';
  assert.deepEqual(await check(text, provisionerBodySchema('shell'), typeOf({ kind: 'bool' })).then((d) => d.map((x) => x.detail)), [
    'Inappropriate value for attribute "inline": list of string required.',
  ]);
  assert.deepEqual(await check(text, provisionerBodySchema('shell'), typeOf({ kind: 'dynamic' })), []);
  assert.deepEqual(await check(text, provisionerBodySchema('shell'), { evaluate: () => unknownVal(STRING) }), []);
});

test('validate: enumerated values use the plugin message and suggest the closest value', async () => {
  const diags = await check('provisioner "file" {\n  destination = "/tmp/"\n  direction = "uplod"\n}\n', provisionerBodySchema('file'));
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.summary, 'Invalid value');
  assert.equal(diags[0]!.detail, 'Direction must be one of: download, upload. Did you mean "upload"?');
  assert.deepEqual(diags[0]!.data, { suggestion: 'upload' });
  assert.deepEqual(await check('provisioner "file" {\n  destination = "/tmp/"\n  direction = "download"\n}\n', provisionerBodySchema('file')), []);
});

test('validate: repeated arguments and single blocks, extraneous labels', async () => {
  const text = `source "amazon-ebs" "x" {
  ami_name = "a"
  ami_name = "b"
  source_ami_filter {
    owners = ["self"]
  }
  source_ami_filter {
    owners = ["amazon"]
  }
  aws_polling "label" {
  }
}
`;
  const diags = await check(text, builderBodySchema('amazon-ebs'));
  assert.deepEqual(
    diags.map((d) => [d.summary, d.detail]),
    [
      ['Attribute redefined', 'The argument "ami_name" was already set at t.pkr.hcl:2,3-11. Each argument may be set only once.'],
      ['Extraneous label for aws_polling', 'No labels are expected for aws_polling blocks.'],
      ['Duplicate source_ami_filter block', 'Only one block of type "source_ami_filter" is allowed. Previous definition was at t.pkr.hcl:4,3-20.'],
    ],
  );
});

test('validate: too many blocks of a list with a maximum, and missing label for blocks with labels', async () => {
  const schema: BodySchema = {
    attributes: {},
    blocks: {
      step: { type: 'step', nesting: 'list', doc: 'x', maxItems: 1, labels: ['name'], attributes: {}, blocks: {} },
    },
  };
  const diags = await check('thing {\n  step "a" {}\n  step "b" {}\n  step {}\n}\n', schema);
  assert.deepEqual(
    diags.map((d) => [d.summary, d.detail]),
    [
      ['Missing name for step', 'All step blocks must have 1 labels (name).'],
      ['Too many step blocks', 'No more than 1 "step" blocks are allowed'],
    ],
  );
});

test('validate: dynamic blocks are checked through their content', async () => {
  const text = `source "amazon-ebs" "x" {
  ami_name = "a"
  dynamic "launch_block_device_mappings" {
    for_each = ["/dev/sda1"]
    content {
      device_name = launch_block_device_mappings.value
      volume_sise = 8
    }
  }
  dynamic "nope" {
    for_each = []
    content {}
  }
}
`;
  const diags = await check(text, builderBodySchema('amazon-ebs'));
  assert.deepEqual(
    diags.map((d) => d.detail),
    ['An argument named "volume_sise" is not expected here. Did you mean "volume_size"?', 'Blocks of type "nope" are not expected here.'],
  );
});

test('validate: common provisioner and post-processor attributes, hidden core keys, deprecations on request', async () => {
  const prov = 'provisioner "shell-local" {\n  inline = ["x"]\n  only = ["null.a"]\n  pause_before = "5s"\n  max_retries = 2\n  timeout = "1m"\n  override = { a = { inline = ["y"] } }\n  packer_force = true\n  command = "echo"\n}\n';
  assert.deepEqual(await check(prov, provisionerBodySchema('shell-local')), []);
  const warned = await check(prov, provisionerBodySchema('shell-local'), { ...literals, deprecations: true });
  assert.deepEqual(warned.map((d) => [d.severity, d.detail]), [['warning', 'The argument "command" is deprecated. Use inline instead.']]);
  const pp = 'post-processor "manifest" {\n  name = "m"\n  except = ["x.y"]\n  keep_input_artifact = true\n  strip_path = true\n}\n';
  assert.deepEqual(await check(pp, postProcessorBodySchema('manifest')), []);
  // The plugin alone does not accept core's attributes.
  const bare = await check(pp, postProcessorSchema('manifest'));
  assert.deepEqual(bare.map((d) => d.detail.split(' is ')[0]), ['An argument named "name"', 'An argument named "except"', 'An argument named "keep_input_artifact"']);
});

test('validate: communicator attributes are accepted whatever the communicator, as in Packer', async () => {
  const text = 'source "null" "x" {\n  communicator = "none"\n  ssh_host = "h"\n  winrm_username = "u"\n  ssh_bastion_port = "2222"\n}\n';
  assert.deepEqual(await check(text, builderBodySchema('null')), []);
  const bad = await check('source "null" "x" {\n  ssh_usernme = "u"\n}\n', builderBodySchema('null'));
  assert.deepEqual(bad.map((d) => d.data?.suggestion), ['ssh_username']);
});

// ---------------------------------------------------------------------------------------------------------------
// decodeConfig

test('decode: defaults applied, weak typing through cty conversion, durations in milliseconds', () => {
  const { config, diagnostics } = decodeBuilderConfig(
    dockerBuilder,
    new Map<string, Value>([
      ['image', stringVal('ubuntu')],
      ['commit', stringVal('true')],
      ['run_command', tupleVal([stringVal('-d'), numberVal(1)])],
      ['ssh_port', stringVal('2222')],
      ['ssh_timeout', stringVal('1m30s')],
      ['pause_before_connecting', stringVal('')],
    ]),
  );
  assert.deepEqual(diagnostics, []);
  assert.equal(config.image, 'ubuntu');
  assert.equal(config.commit, true);
  assert.equal(config.pull, true);
  assert.equal(config.fix_upload_owner, true);
  assert.equal(config.docker_path, 'docker');
  assert.deepEqual(config.run_command, ['-d', '1']);
  assert.equal(config.ssh_port, 2222);
  assert.equal(config.ssh_timeout, 90_000);
  assert.equal(config.ssh_keep_alive_interval, 5000);
  assert.equal(config.pause_before_connecting, undefined);
  assert.equal(config.export_path, undefined);
  assert.equal(config.build, undefined);
});

test('decode: nested blocks become objects and arrays with their own defaults', () => {
  const { config, diagnostics } = decodeBuilderConfig(amazonEbsBuilder, {
    attrs: new Map([['ami_name', stringVal('img')]]),
    blocks: [
      { type: 'launch_block_device_mappings', labels: [], body: { attrs: new Map<string, Value>([['device_name', stringVal('/dev/sda1')], ['volume_size', stringVal('8')]]) } },
      { type: 'launch_block_device_mappings', labels: [], body: { attrs: new Map([['device_name', stringVal('/dev/sdb')]]) } },
      { type: 'source_ami_filter', labels: [], body: { attrs: new Map([['owners', listVal([stringVal('self')])]]) } },
    ],
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    config.launch_block_device_mappings.map((m) => [m.device_name, m.volume_size, m.delete_on_termination]),
    [['/dev/sda1', 8, false], ['/dev/sdb', undefined, false]],
  );
  assert.deepEqual(config.source_ami_filter?.owners, ['self']);
  assert.equal(config.source_ami_filter?.most_recent, false);
  assert.deepEqual(config.ami_block_device_mappings, []);
  assert.equal(config.shutdown_behavior, 'stop');
});

test('decode: Packer\'s own messages for missing required values, bad durations, bad types and enum values', () => {
  const file = decodeConfig(fileBuilder, new Map([['content', stringVal('x')]]));
  assert.deepEqual(file.diagnostics.map((d) => d.detail), ['target required']);
  const shell = decodeConfig(shellProvisioner, new Map<string, Value>([
    ['start_retry_timeout', stringVal('5 minutes')],
    ['valid_exit_codes', tupleVal([numberVal(0), stringVal('x')])],
    ['inline', boolVal(true)],
  ]));
  assert.deepEqual(shell.diagnostics.map((d) => d.detail), [
    'Inappropriate value for attribute "inline": list of string required.',
    // cty's PathError prints without its path, and hcldec uses that text.
    'Inappropriate value for attribute "valid_exit_codes": a number is required.',
    `error decoding 'start_retry_timeout': time: unknown unit " minutes" in duration "5 minutes"`,
  ]);
  assert.equal(shell.config.start_retry_timeout, 300_000, 'an invalid value falls back to the default');
  const file2 = decodeConfig(fileProvisioner, new Map([['destination', stringVal('/x')], ['direction', stringVal('sideways')]]));
  assert.deepEqual(file2.diagnostics.map((d) => d.detail), ['Direction must be one of: download, upload.']);
});

test('decode: null and unknown values count as unset; the file builder has no communicator keys', () => {
  const { config, diagnostics } = decodeBuilderConfig(
    nullBuilder,
    new Map<string, Value>([['communicator', unknownVal(STRING)], ['ssh_host', new Value(STRING, null)]]),
  );
  assert.deepEqual(diagnostics, []);
  assert.equal(config.communicator, undefined);
  assert.equal(config.ssh_host, undefined);
  assert.equal(config.ssh_port, 22);
  const file = decodeBuilderConfig(fileBuilder, new Map([['target', stringVal('t')]]));
  assert.deepEqual(Object.keys(file.config).sort(), ['target']);
});

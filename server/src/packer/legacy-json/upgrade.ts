/**
 * `hcl2_upgrade`: a legacy JSON template rewritten as HCL2, block by block and in the order Packer writes them
 * (packer, variables, secrets-manager data, AMI data, locals, sources, build). The result is the unformatted
 * text hclwrite would produce; the caller formats it (Packer runs hclwrite.Format on it).
 * Pure: JSON text in, HCL text and messages out.
 */
import type { PlainJson } from '../../hcl/json/json-parse.js';
import { compareGo, HclBody, quoteHcl, valueTokens } from './hcl-writer.js';
import { parseLegacyTemplate, type JsonMap, type LegacyBuilder, type LegacyProvisioner, type LegacyTemplate } from './legacy-template.js';
import { referencedUserVariables, UpgradeState } from './transpose.js';
import * as headers from './upgrade-headers.js';

export interface UpgradeOptions {
  readonly withAnnotations: boolean;
  /** Builder types provided without a plugin; other types outside KNOWN_PLUGINS are reported as unknown. */
  readonly bundledBuilders?: ReadonlySet<string>;
}

export type UpgradeResult =
  | {
      /** The HCL text before formatting. */
      readonly text: string;
      /** Problems Packer reports as "Ignoring following ..." while still writing the file; any makes the exit code 1. */
      readonly errors: readonly string[];
    }
  | { readonly parseError: string };

/** HashiCorp-maintained plugins for which a `required_plugins` entry can be written with confidence. */
export const KNOWN_PLUGINS: ReadonlyMap<string, string> = new Map([
  ['amazon', 'github.com/hashicorp/amazon'],
  ['ansible', 'github.com/hashicorp/ansible'],
  ['azure', 'github.com/hashicorp/azure'],
  ['docker', 'github.com/hashicorp/docker'],
  ['googlecompute', 'github.com/hashicorp/googlecompute'],
  ['qemu', 'github.com/hashicorp/qemu'],
  ['vagrant', 'github.com/hashicorp/vagrant'],
  ['virtualbox', 'github.com/hashicorp/virtualbox'],
  ['vmware', 'github.com/hashicorp/vmware'],
  ['vsphere', 'github.com/hashicorp/vsphere'],
]);

/** The builders Packer itself ships. */
export const BUNDLED_BUILDERS: ReadonlySet<string> = new Set(['file', 'null']);

/** Keys of the AWS access configuration that the amazon-ami data source inherits from its builder. */
const AWS_ACCESS_KEYS = [
  'access_key',
  'assume_role',
  'custom_endpoint_ec2',
  'shared_credentials_file',
  'decode_authorization_messages',
  'insecure_skip_tls_verify',
  'max_retries',
  'mfa_code',
  'profile',
  'region',
  'secret_key',
  'skip_metadata_api_check',
  'skip_credential_validation',
  'token',
  'vault_aws_engine',
  'aws_polling',
];

/** Map keys whose object value is always a nested block, even when it holds only plain values. */
const ALWAYS_BLOCKS = new Set(['linux_options', 'network_interface', 'shared_image_gallery']);

export function upgradeLegacyJson(json: string, options: UpgradeOptions): UpgradeResult {
  const parsed = parseLegacyTemplate(json);
  if ('error' in parsed) return { parseError: parsed.error };
  return new Upgrader(parsed.template, options).run();
}

function pluginOf(component: string): string | undefined {
  for (const prefix of KNOWN_PLUGINS.keys()) if (component.startsWith(prefix)) return prefix;
  return undefined;
}

class Upgrader {
  private readonly state = new UpgradeState();
  private readonly errors: string[] = [];
  private readonly annotate: boolean;
  private readonly builders: LegacyBuilder[];

  constructor(
    private readonly tpl: LegacyTemplate,
    private readonly options: UpgradeOptions,
  ) {
    this.annotate = options.withAnnotations;
    this.builders = [...tpl.builders].sort((a, b) => compareGo(a.type + a.name, b.type + b.name));
  }

  run(): UpgradeResult {
    const packer = this.packerBlock();
    const { variables, locals } = this.variables();
    const amiData = this.amazonAmiData();
    const sources = this.sources();
    const build = this.build();
    const secrets = this.secretsData();

    let out = this.annotate ? headers.FILE : '';
    if (packer) out += (this.annotate ? headers.PACKER : '') + packer;
    if (variables) out += (this.annotate ? headers.INPUT_VARIABLES : '') + variables;
    if (secrets) out += (this.annotate ? headers.SECRETS_DATA : '') + secrets;
    if (amiData) out += (this.annotate ? headers.AMI_DATA : '') + amiData;
    out += this.localsSection(locals);
    if (sources) out += (this.annotate ? headers.SOURCES : '') + sources;
    if (build) out += (this.annotate ? headers.BUILD : '\n') + build;
    return { text: out, errors: this.errors };
  }

  private packerBlock(): string {
    const plugins = new Set<string>();
    const add = (type: string): void => {
      const p = pluginOf(type);
      if (p) plugins.add(KNOWN_PLUGINS.get(p) ?? p);
    };
    this.tpl.builders.forEach((b) => add(b.type));
    this.tpl.provisioners.forEach((p) => add(p.type));
    this.tpl.postProcessors.forEach((pps) => pps.forEach((pp) => add(pp.type)));
    if (this.tpl.minVersion === '' && plugins.size === 0) return '';
    const file = new HclBody();
    file.block('packer', [], (body) => {
      if (this.tpl.minVersion !== '') body.attribute('required_version', quoteHcl(`>= ${this.tpl.minVersion}`));
      if (plugins.size === 0) return;
      body.block('required_plugins', [], (req) => {
        for (const source of [...plugins].sort(compareGo)) {
          const object: PlainJson = new Map<string, PlainJson>([
            ['source', source],
            ['version', '~> 1'],
          ]);
          req.attribute(source.replace('github.com/hashicorp/', ''), valueTokens(object));
        }
      });
    });
    return file.text();
  }

  private variables(): { variables: string; locals: string } {
    const vars = new Map(this.tpl.variables);
    for (const name of referencedUserVariables(this.tpl.rawContents)) {
      if (!vars.has(name)) vars.set(name, { key: name, default: '', required: true });
    }
    const localsBody = new HclBody();
    let hasLocals = false;
    let variables = '';
    let locals = '';
    for (const v of [...vars.values()].sort((a, b) => compareGo(a.key, b.key))) {
      const { isLocal } = this.state.transposeVariable(v.default);
      const sensitive = this.tpl.sensitiveVariables.includes(v.key);
      if (isLocal) {
        if (sensitive) {
          const file = new HclBody();
          file.newline();
          file.block('local', [v.key], (body) => {
            body.attribute('sensitive', 'true');
            body.attribute('expression', quoteHcl(v.default));
          });
          this.state.localVariables.set(v.key, 'local');
          locals += this.state.transpose(file.text());
        } else {
          localsBody.attribute(v.key, quoteHcl(v.default));
          this.state.localVariables.set(v.key, 'locals');
          hasLocals = true;
        }
        continue;
      }
      const file = new HclBody();
      file.newline();
      file.block('variable', [v.key], (body) => {
        body.attribute('type', 'string');
        if (v.default !== '' || !v.required) body.attribute('default', quoteHcl(v.default));
        if (sensitive) body.attribute('sensitive', 'true');
      });
      variables += this.state.transposeVariable(file.text()).text;
    }
    if (hasLocals) {
      locals += this.state.transpose(`\nlocals {\n${localsBody.text()}}\n`);
    }
    return { variables, locals };
  }

  private localsSection(locals: string): string {
    let out = '';
    if (this.state.timestamp) {
      out += '\n';
      if (this.annotate) out += '# "timestamp" template function replacement\n';
      out += 'locals { timestamp = regex_replace(timestamp(), "[- TZ:]", "") }\n';
    }
    if (this.state.isotime) out += headers.LEGACY_ISOTIME;
    if (this.state.strftime) out += headers.LEGACY_STRFTIME;
    if (locals) out += (this.annotate ? headers.LOCALS : '') + locals;
    return out;
  }

  private amazonAmiData(): string {
    const filters: JsonMap[] = [];
    let out = '';
    for (const builder of this.builders) {
      if (!builder.type.startsWith('amazon-')) continue;
      const filter = builder.config.get('source_ami_filter');
      if (filter === undefined) continue;
      if (!(filter instanceof Map)) {
        this.errors.push(`Ignoring following amazonAmiDatasource.Parse error: Failed to write amazon-ami data source: '' expected a map, got '${Array.isArray(filter) ? 'slice' : typeof filter}'`);
        return out;
      }
      const cfg: JsonMap = new Map(filter);
      for (const key of AWS_ACCESS_KEYS) {
        const v = builder.config.get(key);
        if (v !== undefined) cfg.set(key, v);
      }
      let index = filters.findIndex((f) => deepEqual(f, cfg));
      const duplicate = index >= 0;
      if (!duplicate) {
        filters.push(cfg);
        index = filters.length - 1;
      }
      const name = `autogenerated_${index + 1}`;
      builder.config.delete('source_ami_filter');
      builder.config.set('source_ami', `{{ data \`amazon-ami.${name}.id\` }}`);
      if (duplicate) continue;
      const file = new HclBody();
      file.newline();
      file.block('data', ['amazon-ami', name], (body) => writeJsonBody(body, cfg));
      out += this.state.transpose(file.text());
    }
    return out;
  }

  private sources(): string {
    const unknown: string[] = [];
    const bundled = this.options.bundledBuilders ?? BUNDLED_BUILDERS;
    let out = '';
    this.builders.forEach((builder, i) => {
      if (!bundled.has(builder.type) && pluginOf(builder.type) === undefined) unknown.push(builder.type);
      if (builder.name === '' || builder.name === builder.type) builder.name = `autogenerated_${i + 1}`;
      builder.name = builder.name.trim().replaceAll(' ', '_');
      const file = new HclBody();
      file.newline();
      file.block('source', [builder.type, builder.name], (body) => writeJsonBody(body, builder.config));
      out += this.state.transpose(file.text());
    });
    if (unknown.length > 0) this.errors.push(`Ignoring following sources.Parse error: unknown builder type(s): [${unknown.join(' ')}]\n`);
    return out;
  }

  private build(): string {
    if (this.builders.length === 0) return '';
    const body = new HclBody();
    if (this.tpl.description !== '') {
      body.attribute('description', quoteHcl(this.tpl.description));
      body.newline();
    }
    body.attribute('sources', valueTokens(this.builders.map((b) => `source.${b.type}.${b.name}`)));
    body.newline();
    let out = `build {\n${body.text()}`;
    for (const p of this.tpl.provisioners) out += this.state.transpose(provisionerBlock('provisioner', p));
    if (this.tpl.cleanupProvisioner) out += this.state.transpose(provisionerBlock('error-cleanup-provisioner', this.tpl.cleanupProvisioner));
    for (const pps of this.tpl.postProcessors) {
      if (pps.length === 0) continue;
      const file = new HclBody();
      const writePps = (body: HclBody): void => {
        for (const pp of pps) {
          body.block('post-processor', [pp.type], (ppBody) => {
            if (pp.keepInputArtifact !== undefined) ppBody.attribute('keep_input_artifact', String(pp.keepInputArtifact));
            const cfg: JsonMap = new Map(pp.config);
            if (pp.except.length > 0) cfg.set('except', [...pp.except]);
            if (pp.only.length > 0) cfg.set('only', [...pp.only]);
            if (pp.name !== '' && pp.name !== pp.type) cfg.set('name', pp.name);
            writeJsonBody(ppBody, cfg);
          });
        }
      };
      if (pps.length === 1) writePps(file);
      else file.block('post-processors', [], writePps);
      out += this.state.transpose(file.text());
    }
    return out + '}\n';
  }

  private secretsData(): string {
    let out = '';
    for (const id of [...this.state.secrets.keys()].sort(compareGo)) {
      const file = new HclBody();
      file.newline();
      file.block('data', ['amazon-secretsmanager', id], (body) => writeJsonBody(body, new Map(this.state.secrets.get(id))));
      out += file.text();
    }
    return out;
  }
}

function provisionerBlock(kind: string, p: LegacyProvisioner): string {
  const cfg: JsonMap = new Map(p.config);
  if (p.except.length > 0) cfg.set('except', [...p.except]);
  if (p.only.length > 0) cfg.set('only', [...p.only]);
  if (p.maxRetries !== '') cfg.set('max_retries', p.maxRetries);
  if (p.timeout !== '') cfg.set('timeout', p.timeout);
  if (p.pauseBefore !== '') cfg.set('pause_before', p.pauseBefore);
  const file = new HclBody();
  file.block(kind, [p.type], (body) => writeJsonBody(body, cfg));
  file.newline();
  return file.text();
}

const isScalar = (v: PlainJson): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * jsonBodyToHCL2Body: a JSON object as HCL body content. Objects holding only plain values become map
 * attributes, other objects nested blocks; arrays of objects become repeated blocks.
 */
function writeJsonBody(body: HclBody, kvs: JsonMap): void {
  for (const key of [...kvs.keys()].sort(compareGo)) {
    const value = kvs.get(key) ?? null;
    if (value instanceof Map) {
      // Packer picks the "most complex" element of the map; null elements make its choice depend on Go's map
      // order, here they count as plain values.
      const values = [...value.values()];
      const plain = !ALWAYS_BLOCKS.has(key) && values.some(isScalar) && values.every((v) => v === null || isScalar(v));
      if (plain) body.attribute(key, valueTokens(value));
      else body.block(key, [], (nested) => writeJsonBody(nested, value));
    } else if (Array.isArray(value)) {
      if (value.length === 0) continue;
      let mostComplex: PlainJson | undefined;
      for (const elem of value) {
        if (isScalar(elem)) {
          if (mostComplex !== undefined && mostComplex !== null) continue;
          mostComplex = elem;
        } else mostComplex = elem;
      }
      if (mostComplex instanceof Map && value.every((v) => v instanceof Map)) {
        for (const elem of value) body.block(key, [], (nested) => writeJsonBody(nested, elem as JsonMap));
      } else body.attribute(key, valueTokens(value));
    } else body.attribute(key, valueTokens(value));
  }
}

function deepEqual(a: PlainJson, b: PlainJson): boolean {
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k) ?? null)) return false;
    return true;
  }
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  return a === b;
}

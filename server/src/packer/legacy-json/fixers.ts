/**
 * Packer's `fix` rewrites for legacy JSON templates, in Packer's order. Each works on the decoded JSON (objects
 * as Maps) and may mutate it. Packer's quirks that show in its output are kept: most fixers write `builders`
 * back even when the template had none (it then prints `"builders": null`).
 */
import type { PlainJson } from '../../hcl/json/json-parse.js';

export type JsonMap = Map<string, PlainJson>;

export interface Fixer {
  readonly name: string;
  readonly synopsis: string;
  /** Throws FixError when the template's shape makes the fixer fail, as Packer's does. */
  readonly fix: (input: JsonMap) => void;
}

export class FixError extends Error {}

const isMap = (v: PlainJson | undefined): v is JsonMap => v instanceof Map;
const str = (v: PlainJson | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** mapstructure.Decode(input, &struct{ Builders []map[string]interface{} }): the builder objects, or an error. */
function strictBuilders(input: JsonMap): JsonMap[] | null {
  const raw = lookup(input, 'builders');
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw new FixError(`1 error(s) decoding:\n\n* 'Builders': source data must be an array or slice, got ${goKind(raw)}`);
  const bad = raw.findIndex((b) => !isMap(b));
  if (bad >= 0) throw new FixError(`1 error(s) decoding:\n\n* 'Builders[${bad}]' expected a map, got '${goKind(raw[bad])}'`);
  return raw as JsonMap[];
}

/** mapstructure decodes struct fields case-insensitively. */
function lookup(input: JsonMap, key: string): PlainJson | undefined {
  if (input.has(key)) return input.get(key);
  for (const [k, v] of input) if (k.toLowerCase() === key) return v;
  return undefined;
}

function goKind(v: PlainJson | undefined): string {
  if (v === null || v === undefined) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  return typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : 'string';
}

/** The common shape: visit every builder, then store `builders` back (null when there were none). */
function builderFixer(name: string, synopsis: string, visit: (builder: JsonMap) => void): Fixer {
  return {
    name,
    synopsis,
    fix(input) {
      const builders = strictBuilders(input);
      for (const b of builders ?? []) visit(b);
      input.set('builders', builders);
    },
  };
}

/** Builder visitors restricted to some types. */
function typed(match: (type: string) => boolean, visit: (builder: JsonMap) => void): (builder: JsonMap) => void {
  return (b) => {
    const type = str(b.get('type'));
    if (type !== undefined && match(type)) visit(b);
  };
}

function rename(b: JsonMap, from: string, to: string): void {
  if (!b.has(from)) return;
  b.set(to, b.get(from) ?? null);
  b.delete(from);
}

/** Weakly decoded `[]interface{}` lists (a lone value becomes a one-element list); written back only when non-empty. */
function weakList(input: JsonMap, key: string): PlainJson[] {
  const raw = lookup(input, key);
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw : [raw];
}

/** Post-processor objects at both nesting levels (fix/helpers.go ppList). */
function postProcessorObjects(input: JsonMap): { list: PlainJson[]; objects: JsonMap[] } | undefined {
  const raw = input.get('post-processors');
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new FixError(`1 error(s) decoding:\n\n* 'post-processors': source data must be an array or slice, got ${goKind(raw)}`);
  const objects: JsonMap[] = [];
  for (const pp of raw) {
    if (isMap(pp)) objects.push(pp);
    else if (Array.isArray(pp)) for (const inner of pp) if (isMap(inner)) objects.push(inner);
  }
  return { list: raw, objects };
}

function ppFixer(name: string, synopsis: string, visit: (pp: JsonMap) => void): Fixer {
  return {
    name,
    synopsis,
    fix(input) {
      const pps = postProcessorObjects(input);
      if (!pps) return;
      pps.objects.forEach(visit);
      input.set('post-processors', pps.list);
    },
  };
}

function splitTags(v: PlainJson | undefined): string[] {
  if (Array.isArray(v)) {
    return v.map((t) => {
      if (typeof t !== 'string') throw new FixError(`interface conversion: interface {} is ${goKind(t)}, not string`);
      return t;
    });
  }
  if (typeof v === 'string') return v.split(',').map((t) => t.trim());
  return [];
}

const PS_UNESCAPE: readonly [string, string][] = [
  ['`$', '$'],
  ['`"', '"'],
  ['``', '`'],
  ["`'", "'"],
];

/** strings.NewReplacer semantics: one left-to-right pass, the first listed pattern wins at each position. */
function psUnescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const hit = PS_UNESCAPE.find(([from]) => s.startsWith(from, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else out += s[i++];
  }
  return out;
}

function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

const CLEAN_NAME = /clean_(image|ami)_name/g;
const CREATE_TIME = /\{\{[\t\n\f\r ]*\.CreateTime[\t\n\f\r ]*\}\}/g;

export const FIXERS: readonly Fixer[] = [
  builderFixer('iso-md5', 'Replaces "iso_md5" in builders with "iso_checksum"', (b) => {
    const md5 = str(b.get('iso_md5'));
    if (md5 === undefined) return;
    b.delete('iso_md5');
    b.set('iso_checksum', md5);
    b.set('iso_checksum_type', 'md5');
  }),
  builderFixer('createtime', 'Replaces ".CreateTime" in builder configs with "{{timestamp}}"', (b) => {
    for (const key of ['ami_name', 'bundle_prefix', 'snapshot_name']) {
      const v = str(b.get(key));
      if (v !== undefined) b.set(key, v.replace(CREATE_TIME, '{{timestamp}}'));
    }
  }),
  builderFixer(
    'virtualbox-gaattach',
    'Updates VirtualBox builders using "guest_additions_attach" to use "guest_additions_mode"',
    typed(
      (t) => t === 'virtualbox',
      (b) => {
        const attach = b.get('guest_additions_attach');
        if (typeof attach !== 'boolean') return;
        b.delete('guest_additions_attach');
        b.set('guest_additions_mode', attach ? 'attach' : 'upload');
      },
    ),
  ),
  ppFixer('pp-vagrant-override', 'Fixes provider-specific overrides for Vagrant post-processor', (pp) => {
    if (pp.get('type') !== 'vagrant') return;
    const overrides: JsonMap = new Map();
    for (const name of ['aws', 'digitalocean', 'virtualbox', 'vmware']) {
      if (!pp.has(name)) continue;
      overrides.set(name, pp.get(name) ?? null);
      pp.delete(name);
    }
    if (overrides.size > 0) pp.set('override', overrides);
  }),
  {
    name: 'virtualbox-rename',
    synopsis: 'Updates "virtualbox" builders to "virtualbox-iso"',
    fix(input) {
      const builders = weakList(input, 'builders');
      const bad = builders.findIndex((b) => !isMap(b));
      if (bad >= 0) throw new FixError(`1 error(s) decoding:\n\n* 'Builders[${bad}]' expected a map, got '${goKind(builders[bad])}'`);
      for (const b of builders as JsonMap[]) if (b.get('type') === 'virtualbox') b.set('type', 'virtualbox-iso');
      const provisioners = weakList(input, 'provisioners');
      for (const p of provisioners) {
        if (!isMap(p)) continue;
        const override = p.get('override');
        if (override === undefined) continue;
        if (!isMap(override)) throw new FixError(`'' expected a map, got '${goKind(override)}'`);
        rename(override, 'virtualbox', 'virtualbox-iso');
      }
      if (builders.length > 0) input.set('builders', builders);
      if (provisioners.length > 0) input.set('provisioners', provisioners);
    },
  },
  builderFixer(
    'vmware-rename',
    'Updates "vmware" builders to "vmware-iso"',
    typed(
      (t) => t === 'vmware',
      (b) => b.set('type', 'vmware-iso'),
    ),
  ),
  builderFixer(
    'parallels-headless',
    'Removes unused "headless" from Parallels builders',
    typed(
      (t) => t === 'parallels-iso' || t === 'parallels-pvm',
      (b) => b.delete('headless'),
    ),
  ),
  builderFixer(
    'parallels-deprecations',
    'Removes deprecated "parallels_tools_host_path" from Parallels builders and renames "guest_os_distribution" to "guest_os_type"',
    typed(
      (t) => t === 'parallels-iso' || t === 'parallels-pvm',
      (b) => {
        b.delete('parallels_tools_host_path');
        rename(b, 'guest_os_distribution', 'guest_os_type');
      },
    ),
  ),
  builderFixer('sshkeypath', 'Updates builders using "ssh_key_path" to use "ssh_private_key_file"', (b) => {
    const path = str(b.get('ssh_key_path'));
    if (path === undefined) return;
    if (!b.has('ssh_private_key_file')) b.set('ssh_private_key_file', path);
    b.delete('ssh_key_path');
  }),
  builderFixer('sshdisableagent', 'Updates builders using "ssh_disable_agent" to use "ssh_disable_agent_forwarding"', (b) => {
    const v = b.get('ssh_disable_agent');
    if (typeof v !== 'boolean') return;
    if (!b.has('ssh_disable_agent_forwarding')) b.set('ssh_disable_agent_forwarding', v);
    b.delete('ssh_disable_agent');
  }),
  builderFixer('scaleway-access-key', 'Updates builders using "access_key" to use "organization_id"', (b) => {
    if (b.get('type') !== 'scaleway') return;
    const key = str(b.get('access_key'));
    if (key === undefined) return;
    if (!b.has('organization_id')) b.set('organization_id', key);
    b.delete('access_key');
  }),
  ppFixer('manifest-filename', 'Updates "manifest" post-processor so any "filename" field is renamed to "output".', (pp) => {
    if (pp.get('type') !== 'manifest') return;
    const filename = str(pp.get('filename'));
    if (filename === undefined) return;
    pp.delete('filename');
    pp.set('output', filename);
  }),
  builderFixer(
    'amazon-shutdown_behavior',
    'Changes "shutdown_behaviour" to "shutdown_behavior" in Amazon builders.',
    typed(
      (t) => t.startsWith('amazon-'),
      (b) => rename(b, 'shutdown_behaviour', 'shutdown_behavior'),
    ),
  ),
  builderFixer(
    'amazon-enhanced-networking',
    'Replaces "enhanced_networking" in builders with "ena_support"',
    typed(
      (t) => t.startsWith('amazon-'),
      (b) => {
        const v = b.get('enhanced_networking');
        if (typeof v !== 'boolean') return;
        b.delete('enhanced_networking');
        b.set('ena_support', v);
      },
    ),
  ),
  builderFixer(
    'amazon-private-ip',
    'Replaces `"ssh_private_ip": true` in amazon builders with `"ssh_interface": "private_ip"`',
    typed(
      (t) => t.startsWith('amazon-'),
      (b) => {
        if (b.has('ssh_interface') || !b.has('ssh_private_ip')) return;
        const raw = b.get('ssh_private_ip');
        let privateIp: boolean | undefined;
        if (typeof raw === 'boolean') privateIp = raw;
        else if (typeof raw === 'string') {
          privateIp = goParseBool(raw);
          if (privateIp === undefined) throw new FixError(`ssh_private_ip is not a boolean, strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
        } else throw new FixError(`interface conversion: interface {} is ${goKind(raw)}, not string`);
        b.delete('ssh_private_ip');
        b.set('ssh_interface', privateIp ? 'private_ip' : 'public_ip');
      },
    ),
  ),
  builderFixer(
    'amazon-temp-sec-cidrs',
    'Replaces "temporary_security_group_source_cidr" (string) with "temporary_security_group_source_cidrs" (list of strings)',
    typed(
      (t) => t.startsWith('amazon-'),
      (b) => {
        const cidr = str(b.get('temporary_security_group_source_cidr'));
        if (cidr === undefined) return;
        b.delete('temporary_security_group_source_cidr');
        b.set('temporary_security_group_source_cidrs', [cidr]);
      },
    ),
  ),
  {
    name: 'docker-email',
    synopsis: 'Removes "login_email" from the Docker builder.',
    fix(input) {
      const pps = postProcessorObjects(input);
      if (!pps) return;
      const builders = strictBuilders(input);
      for (const b of builders ?? []) b.delete('login_email');
      for (const pp of pps.objects) pp.delete('login_email');
      input.set('builders', builders);
      input.set('post-processors', pps.list);
    },
  },
  ppFixer('docker-tag-tags', 'Updates "docker" post-processor so any "tag" field is renamed to "tags".', (pp) => {
    if (pp.get('type') !== 'docker-tag') return;
    const all = [...splitTags(pp.get('tag')), ...splitTags(pp.get('tags'))];
    pp.delete('tag');
    pp.set('tags', [...new Set(all)]);
  }),
  {
    name: 'powershell-escapes',
    synopsis: 'Removes PowerShell escapes from user env vars and elevated username and password strings',
    fix(input) {
      const provisioners = weakList(input, 'provisioners');
      for (const p of provisioners) {
        if (!isMap(p) || p.get('type') !== 'powershell') continue;
        for (const key of ['elevated_user', 'elevated_password']) {
          if (!p.has(key)) continue;
          const v = p.get(key);
          if (typeof v !== 'string') throw new FixError(`interface conversion: interface {} is ${goKind(v)}, not string`);
          p.set(key, psUnescape(v));
        }
        const env = p.get('environment_vars');
        if (env !== undefined && Array.isArray(env) && env.every((e) => typeof e === 'string')) {
          p.set('environment_vars', (env as string[]).map(psUnescape));
        }
      }
      if (provisioners.length > 0) input.set('provisioners', provisioners);
    },
  },
  builderFixer(
    'vmware-compaction',
    'Adds "skip_compaction = true" to "vmware-iso" builders with incompatible disk_type_id',
    typed(
      (t) => t === 'vmware-iso',
      (b) => {
        if (b.get('remote_type') !== 'esx5') return;
        if (!b.has('disk_type_id')) b.set('disk_type_id', 'zeroedthick');
        else {
          const disk = b.get('disk_type_id');
          if (typeof disk !== 'string' || disk === 'thin') return;
        }
        if (b.has('skip_compaction')) {
          if (b.get('skip_compaction') === false) b.set('skip_compaction', true);
          return;
        }
        b.set('skip_compaction', true);
      },
    ),
  ),
  builderFixer(
    'hyperv-deprecations',
    'Removes the deprecated "vhd_temp_path" setting from Hyper-V ISO builder templates',
    typed(
      (t) => t === 'hyperv-iso',
      (b) => b.delete('vhd_temp_path'),
    ),
  ),
  builderFixer(
    'hyperv-vmxc-typo',
    'Fixes a typo replacing "clone_from_vmxc_path" with "clone_from_vmcx_path" in Hyper-V VMCX builder templates',
    typed(
      (t) => t === 'hyperv-vmcx',
      (b) => rename(b, 'clone_from_vmxc_path', 'clone_from_vmcx_path'),
    ),
  ),
  builderFixer(
    'hyperv-cpu-and-ram',
    'Replaces "cpu" with "cpus" and "ram_size" with "memory"in Hyper-V VMCX builder templates',
    typed(
      (t) => t === 'hyperv-vmcx' || t === 'hyperv-iso',
      (b) => {
        rename(b, 'cpu', 'cpus');
        rename(b, 'ram_size', 'memory');
      },
    ),
  ),
  builderFixer('clean-image-name', 'Replaces /clean_(image|ami)_name/ in builder configs with "clean_resource_name"', (b) => {
    for (const [key, value] of b) {
      if (typeof value === 'string') b.set(key, value.replace(CLEAN_NAME, 'clean_resource_name'));
      else if (isMap(value)) {
        for (const [k, v] of value) if (typeof v === 'string') value.set(k, v.replace(CLEAN_NAME, 'clean_resource_name'));
      }
    }
  }),
  builderFixer(
    'spot-price-auto-product',
    'Removes the deprecated "spot_price_auto_product" setting from Amazon builder templates',
    typed(
      (t) => ['amazon-ebs', 'amazon-ebssurrogate', 'amazon-ebsvolume', 'amazon-instance'].includes(t),
      (b) => b.delete('spot_price_auto_product'),
    ),
  ),
  builderFixer(
    'qemu-disk-size',
    'Adds the "M" unit to "disk_size" in QEMU builders',
    typed(
      (t) => t === 'qemu',
      (b) => {
        const size = b.get('disk_size');
        if (typeof size === 'number') b.set('disk_size', `${Math.trunc(size)}M`);
      },
    ),
  ),
  {
    name: 'galaxy-command',
    synopsis: 'Replaces "galaxycommand" in ansible-local provisioner configs with "galaxy_command"',
    fix(input) {
      const provisioners = weakList(input, 'provisioners');
      for (const p of provisioners) {
        if (!isMap(p) || p.get('type') !== 'ansible-local') continue;
        if (p.has('galaxy_command')) p.delete('galaxycommand');
        else {
          const cmd = str(p.get('galaxycommand'));
          if (cmd === undefined) continue;
          p.delete('galaxycommand');
          p.set('galaxy_command', cmd);
        }
      }
      if (provisioners.length > 0) input.set('provisioners', provisioners);
    },
  },
  {
    name: 'comm-config',
    synopsis: 'Remove ssh prefixes from communicator port forwarding configuration (host_port_min, host_port_max, skip_nat_mapping)',
    fix(input) {
      const builders = weakList(input, 'builders');
      for (const b of builders) {
        if (!isMap(b) || !(str(b.get('type')) ?? '').startsWith('virtualbox')) continue;
        for (const key of ['host_port_min', 'host_port_max']) {
          if (b.has(key)) b.delete(`ssh_${key}`);
          else rename(b, `ssh_${key}`, key);
        }
        if (b.has('skip_nat_mapping')) b.delete('ssh_skip_nat_mapping');
        else if (typeof b.get('ssh_skip_nat_mapping') === 'boolean') rename(b, 'ssh_skip_nat_mapping', 'skip_nat_mapping');
      }
      if (builders.length > 0) input.set('builders', builders);
    },
  },
  {
    name: 'ssh-wait-timeout',
    synopsis: 'Replaces "ssh_wait_timeout" with "ssh_timeout"',
    fix(input) {
      const builders = weakList(input, 'builders');
      for (const b of builders) {
        if (!isMap(b)) continue;
        if (b.has('ssh_timeout')) b.delete('ssh_wait_timeout');
        else if (typeof b.get('ssh_wait_timeout') === 'string') rename(b, 'ssh_wait_timeout', 'ssh_timeout');
      }
      if (builders.length > 0) input.set('builders', builders);
    },
  },
  builderFixer(
    'vsphere-iso-net-disk',
    'Converts deprecated network and disk fields to network_adapters and storage',
    typed(
      (t) => t === 'vsphere-iso',
      (b) => {
        const nic: JsonMap = new Map();
        if (b.has('network')) nic.set('network', b.get('network') ?? null);
        if (b.has('networkCard')) nic.set('network_card', b.get('networkCard') ?? null);
        if (b.has('network_card')) nic.set('network_card', b.get('network_card') ?? null);
        const hasNetwork = b.has('network') || b.has('networkCard') || b.has('network_card');
        for (const k of ['network', 'networkCard', 'network_card']) b.delete(k);
        if (hasNetwork) b.set('network_adapters', [nic, ...existingList(b, 'network_adapters')]);
        const disk: JsonMap = new Map();
        let hasStorage = false;
        for (const k of ['disk_size', 'disk_thin_provisioned', 'disk_eagerly_scrub']) {
          if (!b.has(k)) continue;
          disk.set(k, b.get(k) ?? null);
          b.delete(k);
          hasStorage = true;
        }
        if (hasStorage) b.set('storage', [disk, ...existingList(b, 'storage')]);
      },
    ),
  ),
  builderFixer('iso-checksum-type-and-url', 'Puts iso_checksum_url and iso_checksum_type in iso_checksum', (b) => {
    const url = str(b.get('iso_checksum_url')) ?? '';
    const type = str(b.get('iso_checksum_type')) ?? '';
    let checksum = str(b.get('iso_checksum')) ?? '';
    b.delete('iso_checksum_url');
    b.delete('iso_checksum_type');
    if (checksum === '' && url === '') return;
    if (url !== '') checksum = `file:${url}`;
    else if (type !== '') checksum = `${type}:${checksum}`;
    b.set('iso_checksum', checksum);
  }),
  builderFixer(
    'qemu-host-port',
    'Updates ssh_host_port_min and ssh_host_port_max to host_port_min and host_port_max',
    typed(
      (t) => t === 'qemu',
      (b) => {
        rename(b, 'ssh_host_port_min', 'host_port_min');
        rename(b, 'ssh_host_port_max', 'host_port_max');
      },
    ),
  ),
  builderFixer(
    'azure-exclude_from_latest',
    'Changes "exlude_from_latest" to "exclude_from_latest" in Azure builders.',
    typed(
      (t) => t.startsWith('azure-chroot'),
      (b) => {
        const dest = b.get('shared_image_destination');
        if (isMap(dest)) rename(dest, 'exlude_from_latest', 'exclude_from_latest');
      },
    ),
  ),
  builderFixer(
    'proxmox-type',
    'Updates the builder type proxmox to proxmox-iso',
    typed(
      (t) => t === 'proxmox',
      (b) => b.set('type', 'proxmox-iso'),
    ),
  ),
];

function existingList(b: JsonMap, key: string): PlainJson[] {
  if (!b.has(key)) return [];
  const v = b.get(key);
  if (!Array.isArray(v)) throw new FixError(`interface conversion: interface {} is ${goKind(v)}, not []interface {}`);
  return v;
}

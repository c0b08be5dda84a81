/**
 * The structure of Packer's own blocks (what hcl2template decodes itself), for completion and hover. Component
 * bodies (a builder's, a provisioner's...) come from the plugin schemas; only the core attributes Packer adds to
 * every provisioner and post-processor are listed here.
 */
export type AttrKind = 'string' | 'number' | 'bool' | 'list' | 'map' | 'any' | 'type';

export interface CoreAttribute {
  readonly name: string;
  readonly kind: AttrKind;
  readonly doc: string;
  readonly required?: boolean;
  /** The type as shown to the user (`list(string)`, `duration`), when more precise than `kind`. */
  readonly detail?: string;
  /** The closed set of accepted string values. */
  readonly values?: readonly string[];
}

export interface CoreBlock {
  readonly type: string;
  /** Label names, e.g. ['type', 'name']. */
  readonly labels: readonly string[];
  readonly doc: string;
  readonly attributes: readonly CoreAttribute[];
  /** Nested block types, by their `type`, looked up in BLOCKS under the path `parent/child`. */
  readonly blocks: readonly string[];
  /** The body is free-form `name = value` pairs (locals, variables, required_plugins). */
  readonly freeForm?: boolean;
  /** The body is a plugin component's, validated by its schema. */
  readonly component?: 'builder' | 'provisioner' | 'post-processor' | 'data';
}

const PROVISIONER_ATTRS: readonly CoreAttribute[] = [
  { name: 'name', kind: 'string', doc: 'A label shown by `inspect` and in logs.' },
  { name: 'only', kind: 'list', doc: 'Run only for these sources (`type.name`).' },
  { name: 'except', kind: 'list', doc: 'Skip these sources (`type.name`).' },
  { name: 'pause_before', kind: 'string', doc: 'Wait this long (Go duration, e.g. `10s`) before running.' },
  { name: 'timeout', kind: 'string', doc: 'Cancel the provisioner after this duration. Ignored when `pause_before` is set.' },
  { name: 'max_retries', kind: 'number', doc: 'Re-run the provisioner up to this many times when it fails.' },
  { name: 'override', kind: 'map', doc: 'Per-source settings: `{ <source name> = { attr = value } }`.' },
  { name: 'continue_on_error', kind: 'bool', doc: 'Log a failure and continue the build.' },
];

const POST_PROCESSOR_ATTRS: readonly CoreAttribute[] = [
  { name: 'name', kind: 'string', doc: 'Identifies the post-processor for `-except` and logs.' },
  { name: 'only', kind: 'list', doc: 'Run only for these sources (`type.name`).' },
  { name: 'except', kind: 'list', doc: 'Skip these sources (`type.name`).' },
  { name: 'keep_input_artifact', kind: 'bool', doc: "Keep the artifact this post-processor received, overriding the plugin's default." },
];

const HCP_ATTRS: readonly CoreAttribute[] = [
  { name: 'bucket_name', kind: 'string', doc: 'The HCP Packer bucket (3–36 letters, digits, hyphens).' },
  { name: 'description', kind: 'string', doc: 'Bucket description (at most 255 characters).' },
  { name: 'bucket_labels', kind: 'map', doc: 'Labels of the bucket.' },
  { name: 'build_labels', kind: 'map', doc: 'Labels of this build version.' },
  { name: 'channels', kind: 'list', doc: 'Channels to assign.' },
];

/** Keyed by block path: `variable`, `build/provisioner`, `build/post-processors/post-processor`, ... */
export const BLOCKS: ReadonlyMap<string, CoreBlock> = new Map(
  (
    [
      ['packer', { type: 'packer', labels: [], doc: 'Settings of Packer itself: required version and plugins.', attributes: [{ name: 'required_version', kind: 'string', doc: 'Version constraint on Packer, e.g. `>= 1.10.0`.' }], blocks: ['required_plugins'] }],
      ['packer/required_plugins', { type: 'required_plugins', labels: [], doc: 'Plugins this template needs: `name = { source = "github.com/org/name", version = ">= 1.0" }`.', attributes: [], blocks: [], freeForm: true }],
      [
        'variable',
        {
          type: 'variable',
          labels: ['name'],
          doc: 'An input variable, set by its default, `PKR_VAR_<name>`, var files or `-var`.',
          attributes: [
            { name: 'type', kind: 'type', doc: 'Type constraint: `string`, `number`, `bool`, `list(T)`, `map(T)`, `object({...})`, ...' },
            { name: 'default', kind: 'any', doc: 'Value when none is given. Only literals and `env("NAME")`.' },
            { name: 'description', kind: 'string', doc: 'Documentation of the variable.' },
            { name: 'sensitive', kind: 'bool', doc: 'Mask the value as `<sensitive>` in all output.' },
          ],
          blocks: ['validation'],
        },
      ],
      [
        'variable/validation',
        {
          type: 'validation',
          labels: [],
          doc: 'A rule the value must satisfy.',
          attributes: [
            { name: 'condition', kind: 'any', doc: 'A bool expression over `var.<name>` that must be true.', required: true },
            { name: 'error_message', kind: 'string', doc: 'Shown when the condition is false. A full sentence.', required: true },
          ],
          blocks: [],
        },
      ],
      ['variables', { type: 'variables', labels: [], doc: 'Legacy variable declarations: `name = default`.', attributes: [], blocks: [], freeForm: true }],
      ['locals', { type: 'locals', labels: [], doc: 'Local values: `name = expression`.', attributes: [], blocks: [], freeForm: true }],
      [
        'local',
        {
          type: 'local',
          labels: ['name'],
          doc: 'A single local value, which can be sensitive.',
          attributes: [
            { name: 'expression', kind: 'any', doc: 'The value.', required: true },
            { name: 'sensitive', kind: 'bool', doc: 'Mask the value as `<sensitive>` in all output.' },
          ],
          blocks: [],
        },
      ],
      ['data', { type: 'data', labels: ['type', 'name'], doc: 'A data source, read before the build: `data.<type>.<name>.<attr>`.', attributes: [], blocks: [], component: 'data' }],
      ['source', { type: 'source', labels: ['type', 'name'], doc: 'A builder configuration, used by `build` blocks as `source.<type>.<name>`.', attributes: [], blocks: [], component: 'builder' }],
      [
        'build',
        {
          type: 'build',
          labels: [],
          doc: 'What to build: sources, then provisioners, then post-processors.',
          attributes: [
            { name: 'name', kind: 'string', doc: 'Prefixes build names: `<name>.<type>.<source>`.' },
            { name: 'description', kind: 'string', doc: 'Shown by `inspect`.' },
            { name: 'sources', kind: 'list', doc: 'Sources to build: `["source.<type>.<name>"]`.' },
          ],
          blocks: ['source', 'provisioner', 'error-cleanup-provisioner', 'post-processor', 'post-processors', 'hcp_packer_registry'],
        },
      ],
      [
        'build/source',
        {
          type: 'source',
          labels: ['ref'],
          doc: 'Uses a source with extra settings. Attributes are added to the source body.',
          attributes: [{ name: 'name', kind: 'string', doc: 'Local name of this usage: the build becomes `<type>.<name>`.' }],
          blocks: [],
        },
      ],
      ['build/provisioner', { type: 'provisioner', labels: ['type'], doc: 'Runs on the machine being built, in order.', attributes: PROVISIONER_ATTRS, blocks: [], component: 'provisioner' }],
      ['build/error-cleanup-provisioner', { type: 'error-cleanup-provisioner', labels: ['type'], doc: 'Runs when the build fails after provisioning started.', attributes: PROVISIONER_ATTRS, blocks: [], component: 'provisioner' }],
      ['build/post-processor', { type: 'post-processor', labels: ['type'], doc: 'Processes the artifact (a chain of one).', attributes: POST_PROCESSOR_ATTRS, blocks: [], component: 'post-processor' }],
      ['build/post-processors', { type: 'post-processors', labels: [], doc: 'A chain of post-processors, each fed the previous output.', attributes: [], blocks: ['post-processor'] }],
      ['build/post-processors/post-processor', { type: 'post-processor', labels: ['type'], doc: 'A step of the chain.', attributes: POST_PROCESSOR_ATTRS, blocks: [], component: 'post-processor' }],
      ['build/hcp_packer_registry', { type: 'hcp_packer_registry', labels: [], doc: 'HCP Packer publishing (deprecated here: use the top-level block).', attributes: HCP_ATTRS, blocks: [] }],
      ['hcp_packer_registry', { type: 'hcp_packer_registry', labels: [], doc: 'HCP Packer publishing settings.', attributes: HCP_ATTRS, blocks: [] }],
    ] as const
  ).map(([k, v]) => [k, v as CoreBlock]),
);

export const TOP_LEVEL_BLOCKS: readonly string[] = ['packer', 'variable', 'variables', 'locals', 'local', 'data', 'source', 'build', 'hcp_packer_registry'];

/** Keys of `build.<Key>` every builder fills (plus builder-specific ones). */
export const BUILD_KEYS: readonly string[] = [
  'name', 'ID', 'Host', 'Port', 'User', 'Password', 'ConnType', 'PackerRunUUID', 'PackerHTTPPort', 'PackerHTTPIP', 'PackerHTTPAddr', 'SSHPublicKey', 'SSHPrivateKey', 'WinRMPassword',
];

export const TYPE_KEYWORDS: readonly string[] = ['string', 'number', 'bool', 'any', 'list()', 'set()', 'map()', 'tuple([])', 'object({})'];

export function blockAt(path: readonly string[]): CoreBlock | undefined {
  return BLOCKS.get(path.join('/'));
}

export function childBlocks(path: readonly string[]): readonly string[] {
  if (path.length === 0) return TOP_LEVEL_BLOCKS;
  return blockAt(path)?.blocks ?? [];
}

/**
 * Attributes shared by many components: the keys Packer core injects into every plugin config, and the
 * provisioner / post-processor attributes that core consumes itself (language.md §6.1, §6.2).
 */
import { DYNAMIC } from '../../hcl/value.js';
import { attr, attributes, type AttributeSchema } from './types.js';

/** Every plugin spec embeds the SDK's PackerConfig: templates may set these, though core normally does. */
export const packerInjectedAttributes = attributes({
  packer_build_name: attr.string('Set by Packer core: the source name of the build.', { hidden: true }),
  packer_builder_type: attr.string('Set by Packer core: the builder type.', { hidden: true }),
  packer_core_version: attr.string('Set by Packer core: its version.', { hidden: true }),
  packer_debug: attr.bool('Set by Packer core: whether -debug is on.', { hidden: true }),
  packer_force: attr.bool('Set by Packer core: whether -force is on.', { hidden: true }),
  packer_on_error: attr.string('Set by Packer core: the -on-error mode.', { hidden: true }),
  packer_user_variables: attr.stringMap('Set by Packer core: the user variables.', { hidden: true }),
  packer_sensitive_variables: attr.stringList('Set by Packer core: the values of sensitive variables.', { hidden: true }),
});

const overrideAttribute: AttributeSchema = {
  name: 'override',
  type: DYNAMIC,
  doc: 'Per-source settings: `{ <source name> = { attr = value, ... } }` replace this provisioner\'s attributes for that source only.',
};

/** Consumed by Packer core around every provisioner; never passed to the plugin. */
export const provisionerCommonAttributes = {
  ...attributes({
    name: attr.string('A name for this provisioner, shown by `packer inspect` as `type.name`.'),
    only: attr.stringList('Run only for these sources (`<type>.<name>`, exact match).'),
    except: attr.stringList('Skip these sources (`<type>.<name>`, exact match).'),
    pause_before: attr.duration('Wait this long before running the provisioner (e.g. `"10s"`).'),
    max_retries: attr.number('Re-run the provisioner up to this many more times when it fails.'),
    timeout: attr.duration('Cancel the provisioner if it runs longer than this (ignored with `pause_before`).'),
    continue_on_error: attr.bool('Log the provisioner\'s failure and continue the build (Packer 1.16+).'),
  }),
  override: overrideAttribute,
};

/** Consumed by Packer core around every post-processor; never passed to the plugin. */
export const postProcessorCommonAttributes = attributes({
  name: attr.string('Identifies the post-processor for `-except` and in the log line `Running post-processor: <name>`.'),
  only: attr.stringList('Run only for these sources (`<type>.<name>`, exact match).'),
  except: attr.stringList('Skip these sources (`<type>.<name>`, exact match).'),
  keep_input_artifact: attr.bool('Keep (true) or delete (false) the artifact this post-processor received, overriding its default.'),
});

/**
 * The amazon-ebs builder (packer-plugin-amazon builder/ebs): launches an EC2 instance from a source AMI,
 * provisions it and registers a new EBS-backed AMI. Every attribute of the plugin's HCL spec is declared so
 * real templates validate; the engine implements the core subset described in plugins.md §2.4.
 */
import { attr, attributes, block, component, type ConfigOf } from '../types.js';
import type { CommunicatorConfig } from '../communicators/index.js';

const filters = attr.stringMap('EC2 API filters (`name = value`), all of which must match.');

/** `filter { name = ..., value = ... }`: the repeatable form of `filters`. */
const nameValueFilter = block('filter', 'list', 'One EC2 API filter; may be repeated.', {
  attributes: attributes({
    name: attr.string('The filter name.'),
    value: attr.string('The filter value.'),
  }),
});

function keyValueBlock(type: string, what: string) {
  return block(type, 'list', `One ${what} tag, as a block (for keys that are not valid HCL names); may be repeated.`, {
    attributes: attributes({
      key: attr.string('The tag key.'),
      value: attr.string('The tag value.'),
    }),
  });
}

const blockDevice = {
  attributes: attributes({
    device_name: attr.string('The device name exposed to the instance (e.g. `/dev/sda1`).', { required: true }),
    volume_type: attr.string('The volume type: `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1` or `standard`.'),
    volume_size: attr.number('The size of the volume in GiB.'),
    iops: attr.number('Provisioned IOPS (io1, io2, gp3).'),
    throughput: attr.number('Throughput in MiB/s (gp3 only).'),
    encrypted: attr.bool('Encrypt the volume.'),
    kms_key_id: attr.string('The KMS key that encrypts the volume.'),
    delete_on_termination: attr.bool('Delete the volume when the instance terminates.', { default: { value: false } }),
    snapshot_id: attr.string('Create the volume from this snapshot.'),
    virtual_name: attr.string('An instance store volume name (`ephemeral0`...).'),
    no_device: attr.bool('Suppress the device mapping of the AMI.', { default: { value: false } }),
  }),
};

const policyStatement = block('Statement', 'list', 'One IAM policy statement.', {
  attributes: attributes({
    Effect: attr.string('`Allow` or `Deny`.'),
    Action: attr.stringList('The actions the statement covers.'),
    Resource: attr.stringList('The resources the statement covers.'),
  }),
});

const fastLaunchTemplate = block('region_launch_templates', 'list', 'A launch template for fast launch in one region.', {
  attributes: attributes({
    region: attr.string('The region of the template.'),
    enable_fast_launch: attr.bool('Enable fast launch in this region.'),
    template_id: attr.string('The launch template ID.'),
    template_name: attr.string('The launch template name.'),
    template_version: attr.number('The launch template version.'),
  }),
});

export const amazonEbsBuilder = component({
  kind: 'builder',
  type: 'amazon-ebs',
  doc: 'Launches an EC2 instance from a source AMI, provisions it, and creates an EBS-backed AMI from it.',
  attributes: attributes({
    // Access
    region: attr.string('The region to build in (the AWS SDK\'s default chain when empty).'),
    access_key: attr.string('AWS access key; set both keys or neither.', { sensitive: true }),
    secret_key: attr.string('AWS secret key; set both keys or neither.', { sensitive: true }),
    token: attr.string('AWS session token.', { sensitive: true }),
    profile: attr.string('Profile of the shared credentials file.'),
    shared_credentials_file: attr.string('Path of the shared credentials file.'),
    mfa_code: attr.string('The MFA TOTP code.', { sensitive: true }),
    custom_endpoint_ec2: attr.string('A custom EC2 endpoint URL.'),
    decode_authorization_messages: attr.bool('Decode encoded authorization error messages (needs sts:DecodeAuthorizationMessage).'),
    insecure_skip_tls_verify: attr.bool('Do not verify the TLS certificate of the endpoint.'),
    max_retries: attr.number('Maximum retries of AWS API calls.', { default: { value: 10 } }),
    skip_metadata_api_check: attr.bool('Do not use the EC2 metadata API for credentials.'),
    skip_credential_validation: attr.bool('Do not validate the credentials with STS.'),
    // AMI
    ami_name: attr.string('Name of the new AMI: 3-128 characters, unique in the region.', {
      required: true,
      requiredMessage: 'ami_name must be specified',
    }),
    ami_description: attr.string('Description of the new AMI.'),
    ami_virtualization_type: attr.string('`hvm` or `paravirtual`.'),
    ami_users: attr.stringList('Account IDs allowed to launch the AMI.'),
    ami_groups: attr.stringList('Groups allowed to launch the AMI (`all` makes it public).'),
    ami_org_arns: attr.stringList('Organization ARNs allowed to launch the AMI.'),
    ami_ou_arns: attr.stringList('Organizational unit ARNs allowed to launch the AMI.'),
    ami_product_codes: attr.stringList('Product codes to attach to the AMI.'),
    ami_regions: attr.stringList('Regions to copy the AMI to.'),
    skip_region_validation: attr.bool('Do not check that `ami_regions` exist.'),
    snapshot_copy_duration_minutes: attr.number('Completion time for time-based snapshot copies.'),
    tags: attr.stringMap('Tags of the AMI and its snapshots; values may use `{{ .SourceAMI }}` and the like.'),
    ena_support: attr.bool('Enable enhanced networking (ENA) on the AMI.'),
    sriov_support: attr.bool('Enable SR-IOV enhanced networking on the AMI.'),
    force_deregister: attr.bool('Deregister an existing AMI of the same name first.', { default: { value: false } }),
    force_delete_snapshot: attr.bool('Also delete the snapshots of a deregistered AMI.', { default: { value: false } }),
    encrypt_boot: attr.bool('Encrypt the boot volume of the AMI.'),
    kms_key_id: attr.string('The KMS key that encrypts the boot volume.'),
    region_kms_key_ids: attr.stringMap('KMS keys per copy region.'),
    skip_save_build_region: attr.bool('Do not keep the AMI in the build region.', { default: { value: false } }),
    imds_support: attr.string('`v2.0` to require IMDSv2 for instances of the AMI.'),
    deprecate_at: attr.string('RFC 3339 time at which the AMI is deprecated.'),
    snapshot_tags: attr.stringMap('Tags of the snapshots only.'),
    snapshot_users: attr.stringList('Account IDs allowed to create volumes from the snapshots.'),
    snapshot_groups: attr.stringList('Groups allowed to create volumes from the snapshots.'),
    skip_create_ami: attr.bool('Skip creating the AMI (useful for testing).', { default: { value: false } }),
    skip_ami_run_tags: attr.bool('Do not apply `run_tags` to the AMI.', { default: { value: false } }),
    no_ephemeral: attr.bool('Add mappings that suppress the ephemeral volumes of the source AMI.'),
    // Instance
    source_ami: attr.string('The AMI to start from (or give `source_ami_filter`).'),
    instance_type: attr.string('The EC2 instance type (or give `spot_instance_types`).'),
    associate_public_ip_address: attr.bool('Give the instance a public IP address (default: the subnet\'s setting).'),
    availability_zone: attr.string('The availability zone of the instance.'),
    block_duration_minutes: attr.number('Required duration of a spot instance (multiple of 60).'),
    capacity_reservation_preference: attr.string('`open` or `none`.'),
    capacity_reservation_id: attr.string('Launch into this capacity reservation.'),
    capacity_reservation_group_arn: attr.string('Launch into this capacity reservation group.'),
    disable_stop_instance: attr.bool('Do not stop the instance; wait for it to stop itself.', { default: { value: false } }),
    ebs_optimized: attr.bool('Launch an EBS-optimized instance.', { default: { value: false } }),
    enable_nitro_enclave: attr.bool('Enable Nitro Enclaves on the instance.'),
    enable_t2_unlimited: attr.bool('Old name of `enable_unlimited_credits`.', { deprecated: 'Use enable_unlimited_credits.' }),
    enable_unlimited_credits: attr.bool('Unlimited CPU credits for burstable instances.'),
    iam_instance_profile: attr.string('The IAM instance profile of the instance.'),
    skip_profile_validation: attr.bool('Do not check that `iam_instance_profile` exists.'),
    fleet_tags: attr.stringMap('Tags of the spot fleet request.'),
    shutdown_behavior: attr.string('What an OS shutdown does to the instance: `stop` or `terminate`.', {
      default: { value: 'stop' },
      enum: ['stop', 'terminate'],
      enumMessage: "shutdown_behavior only accepts 'stop' or 'terminate' values.",
    }),
    run_tags: attr.stringMap('Tags of the instance (and the temporary key pair, security group and AMI).'),
    run_volume_tags: attr.stringMap('Tags of the instance\'s volumes.'),
    security_group_id: attr.string('A security group for the instance.'),
    security_group_ids: attr.stringList('Security groups for the instance (a temporary one is created when none is given).'),
    spot_allocation_strategy: attr.string('How the spot fleet picks instances.'),
    spot_instance_types: attr.stringList('Instance types for a spot fleet (instead of `instance_type`).'),
    spot_price: attr.string('Maximum spot price, or `auto`.'),
    spot_price_auto_product: attr.string('Product description for automatic spot pricing.', { deprecated: 'No longer used by AWS.' }),
    spot_tags: attr.stringMap('Tags of the spot request.'),
    subnet_id: attr.string('The subnet of the instance (needed for non-default VPCs).'),
    tenancy: attr.string('`default`, `dedicated` or `host`.'),
    temporary_security_group_source_cidrs: attr.stringList('CIDRs allowed into the temporary security group.', {
      default: { value: ['0.0.0.0/0'], text: '["0.0.0.0/0"]' },
    }),
    temporary_security_group_source_public_ip: attr.bool('Allow only this host\'s public IP into the temporary security group.', {
      default: { value: false },
    }),
    user_data: attr.string('User data for the instance (not with `user_data_file`).'),
    user_data_file: attr.string('A file with user data for the instance (not with `user_data`).'),
    vpc_id: attr.string('The VPC of the instance (the default VPC when unset).'),
    windows_password_timeout: attr.duration('How long to wait for the Windows administrator password.', {
      default: { value: 1_200_000, text: '20m' },
    }),
    ssh_interface: attr.string('Which address to connect to.', {
      enum: ['public_ip', 'private_ip', 'public_dns', 'private_dns', 'ipv6', 'session_manager'],
      enumMessage: 'Unknown interface type: %s',
    }),
    pause_before_ssm: attr.duration('Wait this long before opening a Session Manager tunnel.'),
    session_manager_port: attr.number('Local port of the Session Manager tunnel.'),
    temporary_key_pair_type: attr.string('Type of the temporary key pair: `rsa` or `ed25519`.', {
      default: { value: 'rsa' },
      enum: ['rsa', 'ed25519'],
    }),
  }),
  blocks: {
    assume_role: block('assume_role', 'single', 'Assume an IAM role for the build.', {
      attributes: attributes({
        role_arn: attr.string('The role to assume.'),
        duration_seconds: attr.number('Session duration in seconds.'),
        external_id: attr.string('The external ID of the role.'),
        policy: attr.string('An IAM policy JSON limiting the session.'),
        policy_arns: attr.stringList('Managed policies limiting the session.'),
        session_name: attr.string('The session name.'),
        tags: attr.stringMap('Session tags.'),
        transitive_tag_keys: attr.stringList('Session tag keys passed on to chained roles.'),
      }),
    }),
    vault_aws_engine: block('vault_aws_engine', 'single', 'Get AWS credentials from Vault\'s AWS secrets engine.', {
      attributes: attributes({
        name: attr.string('The Vault role name.'),
        role_arn: attr.string('The role ARN for assumed-role credentials.'),
        ttl: attr.string('The lease TTL of the credentials.'),
        engine_name: attr.string('The mount path of the engine.'),
      }),
    }),
    aws_polling: block('aws_polling', 'single', 'How Packer waits for AWS resources.', {
      attributes: attributes({
        delay_seconds: attr.number('Seconds between two polls.'),
        max_attempts: attr.number('Number of polls before giving up.'),
      }),
    }),
    tag: keyValueBlock('tag', 'AMI'),
    snapshot_tag: keyValueBlock('snapshot_tag', 'snapshot'),
    run_tag: keyValueBlock('run_tag', 'instance'),
    spot_tag: keyValueBlock('spot_tag', 'spot request'),
    fleet_tag: keyValueBlock('fleet_tag', 'spot fleet'),
    run_volume_tag: block('run_volume_tag', 'list', 'One volume tag, as a block; may be repeated.', {
      attributes: attributes({
        name: attr.string('The tag key.'),
        value: attr.string('The tag value.'),
      }),
    }),
    deregistration_protection: block('deregistration_protection', 'single', 'Protect the AMI from deregistration.', {
      attributes: attributes({
        enabled: attr.bool('Enable deregistration protection.'),
        with_cooldown: attr.bool('Keep protection for 24 hours after it is disabled.'),
      }),
    }),
    temporary_iam_instance_profile_policy_document: block(
      'temporary_iam_instance_profile_policy_document',
      'single',
      'Create a temporary instance profile with this policy.',
      { attributes: attributes({ Version: attr.string('The policy language version.') }), blocks: { Statement: policyStatement } },
    ),
    source_ami_filter: block('source_ami_filter', 'single', 'Find the source AMI by filters.', {
      attributes: attributes({
        filters,
        owners: attr.stringList('Account IDs or aliases (`self`, `amazon`...) that may own the AMI; required.', {
          requiredMessage: 'For security reasons, your source AMI filter must declare an owner.',
        }),
        most_recent: attr.bool('Take the newest match when several AMIs match.', { default: { value: false } }),
        include_deprecated: attr.bool('Also match deprecated AMIs.', { default: { value: false } }),
      }),
    }),
    security_group_filter: block('security_group_filter', 'single', 'Find security groups by filters.', {
      attributes: attributes({ filters }),
      blocks: { filter: nameValueFilter },
    }),
    subnet_filter: block('subnet_filter', 'single', 'Find the subnet by filters.', {
      attributes: attributes({
        filters,
        most_free: attr.bool('Take the matching subnet with the most free addresses.'),
        random: attr.bool('Take a random matching subnet.'),
      }),
      blocks: { filter: nameValueFilter },
    }),
    vpc_filter: block('vpc_filter', 'single', 'Find the VPC by filters.', {
      attributes: attributes({ filters }),
      blocks: { filter: nameValueFilter },
    }),
    license_specifications: block('license_specifications', 'list', 'License configurations for the instance.', {
      attributes: {},
      blocks: {
        license_configuration_request: block('license_configuration_request', 'single', 'One license configuration.', {
          attributes: attributes({ license_configuration_arn: attr.string('The license configuration ARN.') }),
        }),
      },
    }),
    placement: block('placement', 'single', 'Placement of the instance.', {
      attributes: attributes({
        host_resource_group_arn: attr.string('The host resource group to launch into.'),
        host_id: attr.string('The dedicated host to launch on.'),
        tenancy: attr.string('`default`, `dedicated` or `host`.'),
      }),
    }),
    metadata_options: block('metadata_options', 'single', 'Instance metadata service settings of the instance.', {
      attributes: attributes({
        http_endpoint: attr.string('`enabled` or `disabled`.'),
        http_tokens: attr.string('`optional` or `required` (IMDSv2).'),
        http_put_response_hop_limit: attr.number('Hop limit of metadata responses.'),
        instance_metadata_tags: attr.string('`enabled` or `disabled`.'),
      }),
    }),
    launch_block_device_mappings: block('launch_block_device_mappings', 'list', 'A volume of the build instance; may be repeated.', blockDevice),
    ami_block_device_mappings: block('ami_block_device_mappings', 'list', 'A block device mapping of the new AMI; may be repeated.', blockDevice),
    fast_launch: block('fast_launch', 'single', 'Windows fast launch settings of the AMI.', {
      attributes: attributes({
        enable_fast_launch: attr.bool('Enable fast launch.'),
        template_id: attr.string('The launch template ID.'),
        template_name: attr.string('The launch template name.'),
        template_version: attr.number('The launch template version.'),
        max_parallel_launches: attr.number('Maximum parallel instances for pre-provisioning.'),
        target_resource_count: attr.number('Number of pre-provisioned snapshots.'),
      }),
      blocks: { region_launch_templates: fastLaunchTemplate },
    }),
  },
  communicator: { default: 'ssh', supported: ['ssh', 'winrm', 'none'] },
  generatedData: [
    { name: 'SourceAMIName', doc: 'The name of the source AMI.' },
    { name: 'BuildRegion', doc: 'The region of the build.' },
    { name: 'SourceAMI', doc: 'The ID of the source AMI.' },
    { name: 'SourceAMICreationDate', doc: 'The creation date of the source AMI.' },
    { name: 'SourceAMIOwner', doc: 'The owner account ID of the source AMI.' },
    { name: 'SourceAMIOwnerName', doc: 'The owner alias of the source AMI.' },
  ],
});

export type AmazonEbsBuilderConfig = ConfigOf<typeof amazonEbsBuilder> & CommunicatorConfig;

/** The docker builder (packer-plugin-docker): runs a container, provisions it, then commits, exports or discards it. */
import { attr, attributes, block, component, type ConfigOf } from '../types.js';
import type { CommunicatorConfig } from '../communicators/index.js';

/** ECR credentials, shared with the docker-push post-processor. */
export const awsAccessAttributes = attributes({
  aws_access_key: attr.string('AWS access key for ECR login.', { sensitive: true }),
  aws_secret_key: attr.string('AWS secret key for ECR login.', { sensitive: true }),
  aws_token: attr.string('AWS session token for ECR login.', { sensitive: true }),
  aws_profile: attr.string('AWS shared-credentials profile for ECR login.'),
  aws_force_use_public_ecr: attr.bool('Log in to the public ECR registry (`public.ecr.aws`).', { default: { value: false } }),
});

/** Registry login, shared with the docker-push post-processor. */
export const dockerLoginAttributes = attributes({
  login: attr.bool('Log in to a registry (`docker login`) before pulling; log out afterwards.', { default: { value: false } }),
  login_server: attr.string('The registry to log in to.'),
  login_username: attr.string('The registry user name.'),
  login_password: attr.string('The registry password (passed on stdin).', { sensitive: true }),
  ecr_login: attr.bool('Log in to Amazon ECR with the `aws_*` credentials; needs `login_server`.', { default: { value: false } }),
});

const dockerfileBuild = block('build', 'single', 'Build the base image from a Dockerfile instead of pulling `image`.', {
  attributes: attributes({
    path: attr.string('Path of the Dockerfile.', { required: true }),
    build_dir: attr.string('The build context directory.', { default: { computed: 'the current directory' } }),
    arguments: attr.stringMap('Build arguments (`--build-arg k=v`).'),
    pull: attr.bool('Pull newer versions of the base images (`--pull`).', { default: { value: true } }),
    compress: attr.bool('Compress the build context (`--compress`).', { default: { value: false } }),
  }),
});

export const dockerBuilder = component({
  kind: 'builder',
  type: 'docker',
  doc: 'Starts a Docker container from an image, provisions it, then commits it as an image, exports it to a tar file, or discards it.',
  attributes: attributes({
    image: attr.string('The base image (required unless a `build` block is given).', {
      requiredMessage: "missing 'image' attribute or 'build' section, either needs to be specified for a build to run.",
    }),
    pull: attr.bool('Pull `image` before starting the container.', { default: { value: true } }),
    commit: attr.bool('Commit the container as a new image.', { default: { value: false } }),
    discard: attr.bool('Throw the container away after provisioning.', { default: { value: false } }),
    export_path: attr.string('Export the container\'s file system to this tar file.'),
    changes: attr.stringList('Dockerfile instructions applied on commit (`CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, `LABEL`, `ONBUILD`, `USER`, `VOLUME`, `WORKDIR`).'),
    author: attr.string('Author of the committed image.'),
    message: attr.string('Commit message of the committed image.'),
    run_command: attr.stringList('Arguments after `docker run` and Packer\'s flags; `{{.Image}}` is the image.', {
      default: { value: ['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', '{{.Image}}'], text: '["-d", "-i", "-t", "--entrypoint=/bin/sh", "--", "{{.Image}}"]' },
    }),
    volumes: attr.stringMap('Host paths mounted into the container (`host = "container"`).'),
    container_dir: attr.string('Where the shared temporary directory is mounted in the container.', {
      default: { computed: '/packer-files (c:/packer-files for Windows containers)' },
    }),
    privileged: attr.bool('Run the container privileged (`--privileged`).', { default: { value: false } }),
    cap_add: attr.stringList('Linux capabilities to add (`--cap-add`).'),
    cap_drop: attr.stringList('Linux capabilities to drop (`--cap-drop`).'),
    device: attr.stringList('Host devices to add (`--device`).'),
    tmpfs: attr.stringList('tmpfs mounts (`--tmpfs`).'),
    runtime: attr.string('The container runtime (`--runtime`).'),
    platform: attr.string('The platform of the image (`--platform`), for pull, run and build.'),
    exec_user: attr.string('The user provisioner commands run as (`docker exec -u`).'),
    pty: attr.bool('Allocate a TTY for provisioner commands (`docker exec -t`).', { default: { value: false } }),
    fix_upload_owner: attr.bool('Give uploaded files to the container\'s user (`chown`).', { default: { value: true } }),
    windows_container: attr.bool('The image is a Windows container.', { default: { value: false } }),
    docker_path: attr.string('The docker executable.', { default: { value: 'docker' } }),
    ...dockerLoginAttributes,
    ...awsAccessAttributes,
  }),
  blocks: { build: dockerfileBuild },
  communicator: { default: 'docker', supported: ['docker', 'dockerWindowsContainer', 'ssh', 'winrm', 'none'] },
  generatedData: [
    { name: 'ImageSha256', doc: 'The ID (`sha256:...`) of the committed image.' },
    { name: 'SourceImageDigest', doc: 'The repository digest of the pulled base image.' },
    { name: 'SourceImageSha256', doc: 'The ID (`sha256:...`) of the pulled base image.' },
  ],
});

export type DockerBuilderConfig = ConfigOf<typeof dockerBuilder> & CommunicatorConfig;

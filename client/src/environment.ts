/** The environment a build or CLI run gets from the settings: engine defaults first, explicit values on top. */

export interface EngineSettings {
  readonly dockerHost: string;
  readonly awsProfile: string;
  readonly awsRegion: string;
  /** `packer.env`: PKR_VAR_* and anything else the template reads with env(). */
  readonly env: Readonly<Record<string, string>>;
}

export function buildEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  s: EngineSettings,
  taskEnv: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  if (s.dockerHost !== '') out['DOCKER_HOST'] = s.dockerHost;
  if (s.awsProfile !== '') out['AWS_PROFILE'] = s.awsProfile;
  if (s.awsRegion !== '') {
    out['AWS_REGION'] = s.awsRegion;
    out['AWS_DEFAULT_REGION'] = s.awsRegion;
  }
  return { ...out, ...s.env, ...taskEnv };
}

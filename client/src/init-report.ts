/**
 * What "Packer: Init" tells the user, read from `packer-studio init` output: which required plugins are built
 * in, which are not. No vscode import, so it is unit-tested without an editor.
 */
export interface InitReport {
  readonly ok: boolean;
  readonly message: string;
}

const BUILT_IN = /^Plugin (\S+) .* is built in \(v([^:]+):/;
const FAILED = /^Failed getting the "([^"]+)" plugin:$/;
const NOTHING_REQUIRED = 'No plugins requirement found';

export function initReport(stdout: string, code: number, label: string): InitReport {
  const lines = stdout.split('\n').map((l) => l.replace(/\r$/, ''));
  const builtIn = lines.flatMap((l) => {
    const m = BUILT_IN.exec(l);
    return m ? [`${m[1]} v${m[2]}`] : [];
  });
  const failed = lines.flatMap((l) => {
    const m = FAILED.exec(l);
    return m ? [m[1]!] : [];
  });
  if (code === 0 && stdout.includes(NOTHING_REQUIRED)) {
    return { ok: true, message: `Packer: ${label} has no required_plugins. Packer Studio's builders, provisioners and post-processors are built in: nothing to install.` };
  }
  if (code === 0) {
    return { ok: true, message: `Packer: every required plugin of ${label} is built in (${builtIn.join(', ')}): nothing to install.` };
  }
  if (failed.length > 0) {
    const also = builtIn.length > 0 ? ` Built in: ${builtIn.join(', ')}.` : '';
    return {
      ok: false,
      message: `Packer: ${label} requires what Packer Studio does not build in: ${failed.join(', ')}. Packer Studio never downloads plugins.${also}`,
    };
  }
  return { ok: false, message: `Packer: init found problems in ${label}'s required_plugins.` };
}

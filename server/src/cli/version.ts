/** `packer-studio version`. */
import { PACKER_COMPAT_VERSION, PACKER_STUDIO_VERSION } from '../packer/version.js';
import type { Command } from './command.js';

export function versionText(): string {
  return `Packer Studio v${PACKER_STUDIO_VERSION} (compatible with Packer v${PACKER_COMPAT_VERSION})\n`;
}

export const versionCommand: Command = {
  name: 'version',
  synopsis: 'Prints the Packer version',
  async run(_args, io) {
    io.stdout(versionText());
    return 0;
  },
};

/** The communicator attributes every builder that connects to a machine accepts. */
import { attr, attributes } from '../types.js';

export const communicatorCommonAttributes = attributes({
  communicator: attr.string('How Packer connects to the machine: `ssh`, `winrm`, `none`, or a builder-specific type such as `docker`.'),
  pause_before_connecting: attr.duration('After the first successful connection, wait this long and reconnect (lets a machine finish rebooting).'),
  screenshot_dir: attr.string('Where builders that can take screenshots of the machine\'s console save them (unused by builders without a console).'),
});

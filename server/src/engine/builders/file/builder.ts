/** The `file` builder: writes `content` or copies `source` to `target`; provisioners get a no-op communicator. */
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Artifact } from '../../artifact.js';
import { BUILDER_IDS } from '../../artifact.js';
import { NoneCommunicator } from '../../communicator.js';
import type { Builder, BuilderContext, BuildInfo } from '../../component.js';
import { decodeBuilder } from '../../decode.js';
import type { ConfigRecord } from '../../plan.js';
import { fileBuilder, type FileBuilderConfig } from '../../../packer/schema/builders/file.js';
import { buildVariables, failIfErrored, provisionStep, type ProvisioningState } from '../../provision-step.js';
import { runSteps, type Step } from '../../runner.js';

/** What the schema cannot say: an empty `target` counts as missing; `source` and `content` exclude each other. */
function fileBuilderRules(c: FileBuilderConfig): string[] {
  return [...(c.target === '' ? ['target required'] : []), ...(c.source && c.content ? ['Cannot specify source file AND content'] : [])];
}

export function createFileBuilder(config: ConfigRecord, build: BuildInfo): Builder {
  const { target, source = '', content = '' } = decodeBuilder(fileBuilder, config, fileBuilderRules);
  const targetPath = resolve(build.cwd, target);
  return {
    generatedKeys: [],
    async run(ctx: BuilderContext): Promise<Artifact | undefined> {
      if (source === '' && content === '') ctx.ui.say('Both source file and contents are blank; target will have no content');
      const state: ProvisioningState = { ui: ctx.ui, cancelled: false, buildVars: buildVariables(ctx.build, { ID: 'File' }) };
      const write: Step<ProvisioningState> = {
        name: 'StepWriteFile',
        async run(s) {
          await mkdir(dirname(targetPath), { recursive: true, mode: 0o755 });
          if (source !== '') {
            s.ui.say(`Copying ${source} to ${target}`);
            await copyFile(resolve(build.cwd, source), targetPath);
            s.ui.say(`Copied ${(await stat(targetPath)).size} bytes`);
          } else {
            await writeFile(targetPath, content, { mode: 0o600 });
          }
          s.comm = new NoneCommunicator('using the file builder');
          return 'continue';
        },
        async cleanup() {},
      };
      await runSteps([write, provisionStep(ctx.hook, ctx.build)], state, { signal: ctx.signal, onError: ctx.build.onError, debug: ctx.build.debug });
      failIfErrored(state);
      if (state.cancelled) return undefined;
      return {
        builderId: BUILDER_IDS.file,
        id: 'File',
        files: [target],
        description: `Stored file: ${target}`,
        generatedData: {},
        destroy: () => rm(targetPath, { force: true }),
      };
    },
  };
}

/** The custom requests `packer/inspect` and `packer/buildTargets`, answered from the template model. */
import type * as ast from '../hcl/ast.js';
import type { Range } from '../hcl/diagnostic.js';
import { renderHcl } from '../hcl/render.js';
import { constraintName } from '../hcl/types.js';
import { buildSourceName, type ProvisionerBlock } from '../packer/model.js';
import type { Analysis } from './analysis.js';
import { valueText } from './describe.js';
import { toLspRange } from './positions.js';
import type { BuildTargetsResult, InspectComponent, InspectItem, InspectResult } from './protocol.js';
import { fileToUri } from './uris.js';

function item(name: string, r: Range): InspectItem {
  return { name, uri: fileToUri(r.file), range: toLspRange(r) };
}

function component(p: ProvisionerBlock): InspectComponent {
  return { ...item(p.name ? `${p.type}.${p.name}` : p.type, p.block.range), type: p.type };
}

function blockName(b: ast.Block): string {
  return b.labels.map((l) => l.value).join('.');
}

export function inspect(analysis: Analysis): InspectResult | null {
  const t = analysis.template;
  if (!t) return null;
  return {
    root: fileToUri(analysis.files.root),
    variables: [...t.variables.values()].map((v) => ({
      ...item(v.name, v.declRange),
      type: constraintName(v.type),
      description: v.description,
      sensitive: v.sensitive,
      value: v.source === 'unset' ? '<unknown>' : v.sensitive ? '<sensitive>' : renderHcl(v.value),
      source: v.source,
    })),
    locals: [...t.locals.values()].map((l) => ({ ...item(l.name, l.range), value: valueText(l.value, l.sensitive) })),
    dataSources: [...t.dataSources.values()].map((d) => ({ ...item(blockName(d.block), d.block.range), type: d.type })),
    sources: [...t.sources.values()].map((s) => ({ ...item(blockName(s.block), s.block.range), type: s.type })),
    builds: t.builds.map((b) => ({
      ...item(b.name ?? '', b.block.range),
      sources: b.sources.map((s) => item(buildSourceName(b, s), s.refRange)),
      provisioners: [...b.provisioners, ...(b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : [])].map(component),
      postProcessors: b.postProcessors.map((chain) => chain.map(component)),
    })),
  };
}

export function buildTargets(analysis: Analysis): BuildTargetsResult | null {
  const t = analysis.template;
  if (!t) return null;
  return {
    path: analysis.files.root,
    targets: t.builds.flatMap((b) =>
      b.sources.map((s) => ({ name: buildSourceName(b, s), ...(b.name ? { build: b.name } : {}), uri: fileToUri(s.refRange.file), range: toLspRange(s.refRange) })),
    ),
  };
}

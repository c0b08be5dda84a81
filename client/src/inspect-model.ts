/**
 * The Inspect view's tree, computed from the server's `packer/inspect` answer. Pure data so its shape is
 * unit-tested; inspect-view.ts only turns nodes into TreeItems.
 */
import type { InspectBuild, InspectComponent, InspectItem, InspectResult } from '../../server/src/lsp/protocol.js';

export type InspectNodeKind =
  | 'group'
  | 'variable'
  | 'sensitive-variable'
  | 'local'
  | 'data'
  | 'source'
  | 'build'
  | 'build-source'
  | 'provisioner'
  | 'post-processor'
  | 'chain';

export interface InspectLocation {
  readonly uri: string;
  readonly range: InspectItem['range'];
}

export interface InspectNode {
  /** Stable across refreshes so VS Code keeps expansion state. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly kind: InspectNodeKind;
  readonly location?: InspectLocation;
  readonly children: readonly InspectNode[];
  /** For builds: the `-only` value that runs exactly this build. */
  readonly only?: string;
}

/** Long values are cut in the description; the tooltip keeps them whole. */
const DESCRIPTION_MAX = 60;

function shorten(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > DESCRIPTION_MAX ? `${oneLine.slice(0, DESCRIPTION_MAX - 1)}…` : oneLine;
}

function at(item: InspectItem): InspectLocation {
  return { uri: item.uri, range: item.range };
}

function group(id: string, label: string, children: InspectNode[]): InspectNode {
  return { id, label, description: String(children.length), kind: 'group', children };
}

function component(id: string, c: InspectComponent, kind: 'provisioner' | 'post-processor'): InspectNode {
  // The server names components `type.name`; the label already shows the type.
  const own = c.name.startsWith(`${c.type}.`) ? c.name.slice(c.type.length + 1) : undefined;
  return { id, label: c.type, description: own, kind, location: at(c), children: [] };
}

/**
 * What `-only` runs for a build: named builds match `<name>.*`; an unnamed build's sources are its targets.
 * Undefined when the build has no sources (nothing to run).
 */
export function onlyFilter(b: InspectBuild): string | undefined {
  if (b.name !== '') return `${b.name}.*`;
  return b.sources.length > 0 ? b.sources.map((s) => s.name).join(',') : undefined;
}

function buildNode(b: InspectBuild, index: number): InspectNode {
  const id = `build:${b.name || `#${index}`}`;
  const children: InspectNode[] = [];
  children.push(group(`${id}/sources`, 'Sources', b.sources.map((s) => ({ id: `${id}/source:${s.name}`, label: s.name, kind: 'build-source', location: at(s), children: [] }))));
  if (b.provisioners.length > 0) {
    children.push(group(`${id}/provisioners`, 'Provisioners', b.provisioners.map((p, i) => component(`${id}/provisioner:${i}`, p, 'provisioner'))));
  }
  if (b.postProcessors.length > 0) {
    // One chain is the common case: show its post-processors directly instead of a lone "chain 1" level.
    const chains =
      b.postProcessors.length === 1
        ? (b.postProcessors[0] ?? []).map((p, i) => component(`${id}/pp:0:${i}`, p, 'post-processor'))
        : b.postProcessors.map<InspectNode>((chain, c) => ({
            id: `${id}/chain:${c}`,
            label: `Chain ${c + 1}`,
            description: chain.map((p) => p.type).join(' → '),
            kind: 'chain',
            children: chain.map((p, i) => component(`${id}/pp:${c}:${i}`, p, 'post-processor')),
          }));
    children.push(group(`${id}/post-processors`, 'Post-processors', chains));
  }
  return {
    id,
    label: b.name || `build #${index + 1}`,
    description: b.sources.map((s) => s.name).join(', '),
    kind: 'build',
    location: at(b),
    children,
    only: onlyFilter(b),
  };
}

export function inspectTree(r: InspectResult): InspectNode[] {
  const variables = r.variables.map<InspectNode>((v) => ({
    id: `var:${v.name}`,
    label: v.name,
    description: shorten(`${v.type} = ${v.value}`),
    tooltip: [v.description, `type: ${v.type}`, `value: ${v.value}`, `from: ${v.source}`, v.sensitive ? 'sensitive: the value is masked' : '']
      .filter((s) => s !== '')
      .join('\n'),
    kind: v.sensitive ? 'sensitive-variable' : 'variable',
    location: at(v),
    children: [],
  }));
  const locals = r.locals.map<InspectNode>((l) => ({ id: `local:${l.name}`, label: l.name, description: shorten(l.value), tooltip: l.value, kind: 'local', location: at(l), children: [] }));
  const data = r.dataSources.map<InspectNode>((d) => ({ id: `data:${d.name}`, label: d.name, description: d.type, kind: 'data', location: at(d), children: [] }));
  const sources = r.sources.map<InspectNode>((s) => ({ id: `source:${s.name}`, label: s.name, description: s.type, kind: 'source', location: at(s), children: [] }));
  const builds = r.builds.map(buildNode);
  const groups = [group('variables', 'Variables', variables), group('locals', 'Locals', locals)];
  if (data.length > 0) groups.push(group('data', 'Data sources', data));
  groups.push(group('sources', 'Sources', sources), group('builds', 'Builds', builds));
  return groups;
}

/**
 * Executing data sources whose outputs are not computable in the core (`http`). The core stays free of I/O: the
 * caller passes a fetch hook, and the template is loaded again with the outputs until every data source whose
 * arguments became known has run (data sources may depend on each other's outputs).
 */
import type { Diagnostic } from '../hcl/diagnostic.js';
import { isWhollyKnown, type Value } from '../hcl/value.js';
import { error } from './diagnostics.js';
import { loadTemplate, type TemplateInput } from './load.js';
import type { LoadResult } from './model.js';

/** Data source types whose output comes from outside (the others are computed while loading). */
export const EXTERNAL_DATA_SOURCES: ReadonlySet<string> = new Set(['http']);

/** Runs one data source; a thrown Error's message becomes the diagnostic summary, as Packer reports it. */
export type DataSourceFetcher = (type: string, name: string, config: ReadonlyMap<string, Value>, signal?: AbortSignal) => Promise<Value>;

export async function loadTemplateWithData(input: TemplateInput, fetch: DataSourceFetcher, signal?: AbortSignal): Promise<LoadResult> {
  const outputs = new Map<string, Value>(input.dataOutputs ?? []);
  const failures: Diagnostic[] = [];
  const attempted = new Set<string>();
  for (;;) {
    const r = loadTemplate({ ...input, dataOutputs: outputs });
    const ready = [...r.template.dataSources.values()].filter((d) => {
      const key = `${d.type}.${d.name}`;
      return EXTERNAL_DATA_SOURCES.has(d.type) && !attempted.has(key) && d.config !== undefined && [...d.config.values()].every(isWhollyKnown);
    });
    if (ready.length === 0) return { template: r.template, diagnostics: [...r.diagnostics, ...failures] };
    for (const d of ready) {
      const key = `${d.type}.${d.name}`;
      attempted.add(key);
      try {
        outputs.set(key, await fetch(d.type, d.name, d.config!, signal));
      } catch (e) {
        failures.push(error(e instanceof Error ? e.message : String(e), '', d.block.typeRange));
      }
    }
  }
}

/** The network half of the `http` data source: the fetch hook for packer/data-sources.ts. */
import { type Value, entriesOfValue, mapVal, objectVal, stringVal, unmarkDeep, STRING } from '../hcl/value.js';
import type { DataSourceFetcher } from '../packer/data-sources.js';

const METHODS = ['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

function str(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  const u = unmarkDeep(v);
  return typeof u.raw === 'string' ? u.raw : undefined;
}

async function fetchHttp(config: ReadonlyMap<string, Value>, signal?: AbortSignal): Promise<Value> {
  const url = str(config.get('url'));
  if (!url) throw new Error('the `url` must be specified');
  const method = (str(config.get('method')) ?? 'GET').toUpperCase();
  if (!METHODS.includes(method)) throw new Error(`the \`method\` must be one of [${METHODS.join(' ')}]`);
  const headers: Record<string, string> = {};
  const reqHeaders = config.get('request_headers');
  if (reqHeaders && !reqHeaders.isNull) for (const [k, v] of entriesOfValue(unmarkDeep(reqHeaders))) headers[k] = String(v.raw);
  const body = str(config.get('request_body'));
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), ...(signal ? { signal } : {}) });
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP request error. Response code: ${res.status}`);
  const responseHeaders = new Map<string, Value>();
  res.headers.forEach((value, key) => {
    // Go's http.Header keys are canonical (Content-Type); fetch lower-cases them.
    const canonical = key.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
    responseHeaders.set(canonical, stringVal(value));
  });
  return objectVal({
    url: stringVal(url),
    body: stringVal(await res.text()),
    request_headers: mapVal(responseHeaders, STRING),
  });
}

export const fetchDataSource: DataSourceFetcher = async (type, _name, config, signal) => {
  if (type === 'http') return fetchHttp(config, signal);
  throw new Error(`The data source type "${type}" cannot be executed by Packer Studio.`);
};

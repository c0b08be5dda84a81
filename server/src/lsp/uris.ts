/** URIs ⇄ the file names used in core ranges: file URIs become paths (what messages show), others stay URIs. */
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToFile(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function fileToUri(file: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return file;
  return pathToFileURL(file).href;
}

/** Packer reads `*.pkr.hcl` and `*.pkr.json` as configuration, `*.pkrvars.hcl`/`.json` as variable values. */
export function fileKind(file: string): 'config' | 'varfile' | 'other' {
  if (file.endsWith('.pkrvars.hcl') || file.endsWith('.pkrvars.json')) return 'varfile';
  if (file.endsWith('.pkr.hcl') || file.endsWith('.pkr.json')) return 'config';
  return 'other';
}

export function isAutoVarFile(file: string): boolean {
  return file.endsWith('.auto.pkrvars.hcl') || file.endsWith('.auto.pkrvars.json');
}

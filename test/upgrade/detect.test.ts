import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectLegacyJson, legacyParseErrorMessage, LEGACY_JSON_CODE } from '../../server/src/packer/legacy-json/detect.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { LineIndex } from '../../server/src/hcl/text.js';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return jsonFiles(p);
    return p.endsWith('.json') ? [p] : [];
  });
}

describe('detectLegacyJson', () => {
  it('flags every legacy template of the conformance fixtures and no HCL-JSON file', () => {
    const files = jsonFiles(join(CONFORMANCE_DIR, 'packer'));
    let legacy = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const diag = detectLegacyJson(text, file);
      const isHclJson = file.endsWith('.pkr.json') || file.endsWith('.pkrvars.json');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        assert.equal(diag, undefined, file);
        continue;
      }
      const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
      const expectLegacy = !isHclJson && keys.some((k) => ['builders', 'provisioners', 'post-processors', 'variables'].includes(k));
      assert.equal(diag !== undefined, expectLegacy, file);
      if (diag) legacy++;
    }
    assert.ok(legacy >= 20, `${legacy} legacy templates`);
  });

  it('points at the first legacy key and names the command', () => {
    const text = '{\n  "description": "x",\n  "builders": [{"type": "null"}]\n}';
    const diag = detectLegacyJson(text, 'old.json');
    assert.ok(diag);
    assert.equal(diag.code, LEGACY_JSON_CODE);
    assert.equal(diag.range && new LineIndex(text).slice(diag.range), '"builders"');
    assert.match(diag.detail, /hcl2_upgrade old\.json/);
  });

  it('ignores HCL-JSON templates and non-JSON text', () => {
    assert.equal(detectLegacyJson('{"source": {"null": {"a": {}}}, "build": {}}'), undefined);
    assert.equal(detectLegacyJson('source "null" "a" {}'), undefined);
  });

  it('renders JSON syntax errors with the SDK highlight', () => {
    // Recorded from packer 1.6.6 (`packer hcl2_upgrade bad.json`), whose highlight code current Packer shares.
    const message = legacyParseErrorMessage('ignored', '{"builders":[{"type":"null",}]}');
    assert.ok(
      message.endsWith(
        'Original error: Error parsing JSON: invalid character \'}\' looking for beginning of object key string\n' +
          'At line 1, column 29 (offset 29):\n    1: {"builders":[{"type":"null",}\n                                  ^\n',
      ),
    );
  });
});

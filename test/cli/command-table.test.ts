// The CLI lists commands from a table and imports each command's module only when it runs: the table's
// names and synopses must be those of the modules it loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandTable } from '../../server/src/cli/main.js';

test('each listed command loads the module of that name and synopsis', async () => {
  const table = commandTable();
  assert.ok(table.length >= 10);
  for (const entry of table) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.equal(command.synopsis, entry.synopsis, `synopsis of ${entry.name}`);
  }
});

test('the table is sorted by name and names are unique', () => {
  const names = commandTable().map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  assert.equal(new Set(names).size, names.length);
});

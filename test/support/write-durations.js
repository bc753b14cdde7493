// Merges the per-file durations of a `jest --json` result into test-durations.json (see sequencer.js).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const [input] = process.argv.slice(2);
if (!input) {
  process.stderr.write('usage: node test/support/write-durations.js JEST_RESULT.json\n');
  process.exit(2);
}
const root = join(__dirname, '..', '..');
const file = join(__dirname, 'test-durations.json');
const kept = JSON.parse(readFileSync(file, 'utf8'));
for (const result of JSON.parse(readFileSync(input, 'utf8')).testResults) {
  const ms = result.endTime - result.startTime;
  if (Number.isFinite(ms) && ms > 0) kept[relative(root, result.name)] = Math.round(ms / 100) * 100;
}
const sorted = Object.fromEntries(Object.entries(kept).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
writeFileSync(file, `${JSON.stringify(sorted, null, 1)}\n`);
process.stdout.write(`${Object.keys(sorted).length} files in ${relative(root, file)}\n`);

// Runs VS Code's jsonc-parser modify + applyEdits on every case of cases.json and writes
// <name>.jsonc-parser.jsonc next to it, for comparison with jsonedit (see golden_test.go).
//
//   cd $(mktemp -d) && npm init -y && npm install jsonc-parser@3.3.1
//   node /path/to/testdata/jsonc-parser.mjs $PWD
//   go test ./server/internal/jsonedit -run TestGolden -update
//
// formattingOptions are what VS Code passes for a model (ConfigurationEditing): tabSize and
// insertSpaces from the detected indentation, eol only used when the file has no line break.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.argv[2] ?? process.cwd(), 'package.json'));
const { modify, applyEdits } = require('jsonc-parser');

const BOM = '\uFEFF';
for (const c of JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'))) {
  let text = readFileSync(join(here, c.in + '.in.jsonc'), 'utf8');
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(1); // VS Code's model does not contain the BOM either
  const indent = c.indent ?? '\t';
  const formattingOptions = {
    insertSpaces: indent !== '\t',
    tabSize: indent === '\t' ? 4 : indent.length,
    eol: '\n',
  };
  let out;
  try {
    const edits = modify(text, c.path, c.op === 'remove' ? undefined : c.value, { formattingOptions });
    out = (bom ? BOM : '') + applyEdits(text, edits);
  } catch (e) {
    out = 'ERROR: ' + e.message + '\n';
  }
  writeFileSync(join(here, c.name + '.jsonc-parser.jsonc'), out);
}

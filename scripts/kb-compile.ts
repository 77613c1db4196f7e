/**
 * Part of `npm run build`: compiles the built-in knowledge folder into dist/knowledge.json, so the CLI
 * and the server start without parsing YAML. Loading still checks the folder's stamp and parses the
 * files itself when they changed since the build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  BUILTIN_COMPILED,
  BUILTIN_KNOWLEDGE_DIR,
  compileFolder,
  folderStamp,
} from '../src/knowledge/load.js';

const stamp = folderStamp(BUILTIN_KNOWLEDGE_DIR);
if (stamp === null) {
  console.error(`kb-compile: ${BUILTIN_KNOWLEDGE_DIR} is not a folder`);
  process.exit(1);
}
const compiled = compileFolder(BUILTIN_KNOWLEDGE_DIR, stamp);
if (compiled.problems.length > 0) {
  console.error(`kb-compile: the built-in knowledge has problems:\n${compiled.problems.join('\n')}`);
  process.exit(1);
}
mkdirSync(dirname(BUILTIN_COMPILED), { recursive: true });
writeFileSync(BUILTIN_COMPILED, JSON.stringify(compiled));
console.log(`kb-compile: ${compiled.entries.length} entries written to ${BUILTIN_COMPILED}`);

// Copies the TextMate grammar from the top-level grammar/ folder (its one source) into the
// extension, where package.json's contributes.grammars expects it. The copy is git-ignored.
import fs from 'node:fs';

const source = new URL('../../grammar/cicadraft.tmLanguage.json', import.meta.url);
const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const text = fs.readFileSync(source, 'utf8');
const grammar = JSON.parse(text); // fail the build on a broken grammar

for (const contribution of manifest.contributes.grammars) {
  if (contribution.scopeName !== grammar.scopeName) {
    throw new Error(`package.json contributes ${contribution.scopeName}, the grammar is ${grammar.scopeName}`);
  }
  const target = new URL(`../${contribution.path}`, import.meta.url);
  fs.mkdirSync(new URL('.', target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`copied grammar/cicadraft.tmLanguage.json -> vscode-client/${contribution.path.replace(/^\.\//, '')}`);
}

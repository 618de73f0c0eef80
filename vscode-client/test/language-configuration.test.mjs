// The language configuration and the manifest's language contributions, checked the way
// VS Code reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

const read = (path) => JSON.parse(fs.readFileSync(new URL(path, import.meta.url), 'utf8'));
const config = read('../language-configuration.json');
const manifest = read('../package.json');
const grammar = read('../../grammar/cicadraft.tmLanguage.json');

/** The words VS Code sees in `text` (it compiles wordPattern with the given flags plus g). */
function words(text) {
  const pattern = new RegExp(config.wordPattern.pattern, config.wordPattern.flags + 'g');
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

test('a delegation code is one word, without its sign', () => {
  assert.deepEqual(words('(+IRAN)'), ['IRAN']);
  assert.deepEqual(words('(-CHN)'), ['CHN']);
  assert.deepEqual(words('(AZER tcb)'), ['AZER', 'tcb']);
  assert.deepEqual(words('(+IND, +PAK) (+G77)'), ['IND', 'PAK', 'G77']);
  assert.deepEqual(words('co-coordinators’ volunteers’ participation'), ['co-coordinators', 'volunteers', 'participation']);
  assert.deepEqual(words('СВМДА Қосымша'), ['СВМДА', 'Қосымша']);
});

test('brackets: [] and () pair, only [] is colourised; quotes surround', () => {
  assert.deepEqual(config.brackets, [['[', ']'], ['(', ')']]);
  assert.deepEqual(config.colorizedBracketPairs, [['[', ']']]);
  const closing = Object.fromEntries(config.autoClosingPairs.map((p) => [p.open, p.close]));
  assert.equal(closing['['], ']');
  assert.equal(closing['('], ')');
  assert.ok(config.surroundingPairs.some(([o, c]) => o === '“' && c === '”'));
});

test('the manifest contributes the language, the grammar copy and the settings', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'cicadraft');
  assert.deepEqual(language.extensions, ['.cicadraft']);
  assert.equal(language.configuration, './language-configuration.json');
  const [contribution] = manifest.contributes.grammars;
  assert.equal(contribution.scopeName, grammar.scopeName);
  assert.equal(contribution.scopeName, 'text.cicadraft');
  assert.equal(contribution.path, './syntaxes/cicadraft.tmLanguage.json');
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), [
    'cicadraft.codeLens.enable', 'cicadraft.locale', 'cicadraft.registry', 'cicadraft.server.path', 'cicadraft.severity', 'cicadraft.trace.server', 'cicadraft.validate',
  ]);
  assert.deepEqual(Object.keys(properties['cicadraft.severity'].properties).sort(), [
    'conflicting-tags', 'duplicate-label', 'duplicate-tag', 'empty-bracket', 'floating-tag', 'malformed-tag', 'observer-tag', 'stray-bracket', 'unclosed-bracket', 'unknown-code',
  ]);
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [
    'cicadraft.acceptAllFrom', 'cicadraft.compareWithFile', 'cicadraft.compareWithRevision',
    'cicadraft.exportToWord', 'cicadraft.importDocument',
    'cicadraft.rejectAllFrom', 'cicadraft.restartServer', 'cicadraft.revealPosition', 'cicadraft.showOutput',
  ]);
});

test('the Negotiation view in the Explorer, its welcome text, and its command hidden from the palette', () => {
  assert.deepEqual(manifest.contributes.views.explorer.map((v) => [v.id, v.name]), [['cicadraft.negotiation', 'Negotiation']]);
  assert.ok(manifest.contributes.viewsWelcome.some((w) => w.view === 'cicadraft.negotiation' && w.contents.includes('.cicadraft')));
  const hidden = manifest.contributes.menus.commandPalette.find((m) => m.command === 'cicadraft.revealPosition');
  assert.equal(hidden.when, 'false'); // it takes a URI and a range: only the view runs it
  assert.equal(manifest.contributes.configuration.properties['cicadraft.codeLens.enable'].default, true);
});

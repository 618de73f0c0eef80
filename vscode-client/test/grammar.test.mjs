// Tokenizes lines of the reference draft (shared/examples/SWG-739-2023.txt) and a few
// constructed ones with the TextMate grammar in ../../grammar, using the same engine as
// VS Code (vscode-textmate + vscode-oniguruma), and checks the scopes that themes colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = new URL('../../grammar/cicadraft.tmLanguage.json', import.meta.url);

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) =>
    scopeName === 'text.cicadraft' ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR.pathname) : null,
});
const grammar = await registry.loadGrammar('text.cicadraft');

/** Tokenize a document (lines carry state, as in the editor). */
function tokenize(text) {
  let state = textmate.INITIAL;
  return text.split(/\r\n|\r|\n/).map((line) => {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    return { line, tokens: tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: t.endIndex, scopes: t.scopes })) };
  });
}

/** The scope lists of the tokens that cover `needle` (its `nth` occurrence) in `doc`'s line `lineNo` (0-based). */
function scopesOf(doc, lineNo, needle, nth = 0, exact = true) {
  const { line, tokens } = doc[lineNo];
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(needle)} not in line ${lineNo}: ${line}`);
  const covering = tokens.filter((t) => t.end > at && t.start < at + needle.length);
  if (!exact) return covering.map((t) => t.scopes);
  assert.equal(covering[0].start, at, `${JSON.stringify(needle)} does not start a token in: ${line}`);
  assert.equal(covering.at(-1).end, at + needle.length, `${JSON.stringify(needle)} does not end a token in: ${line}`);
  return covering.map((t) => t.scopes);
}

const has = (scopes, prefix) => scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
function assertEvery(doc, lineNo, needle, prefixes, nth = 0) {
  for (const scopes of scopesOf(doc, lineNo, needle, nth)) {
    for (const prefix of prefixes) assert.ok(has(scopes, prefix), `${JSON.stringify(needle)}: ${prefix} missing in ${scopes.join(' ')}`);
  }
}
function assertProse(doc, lineNo, needle, nth = 0) {
  for (const scopes of scopesOf(doc, lineNo, needle, nth, false)) assert.deepEqual(scopes, ['text.cicadraft'], `${JSON.stringify(needle)} should be prose`);
}
/** The scope of a single token whose text is exactly `needle`, leaf last. */
function leaf(doc, lineNo, needle, nth = 0) {
  const found = scopesOf(doc, lineNo, needle, nth);
  assert.equal(found.length, 1, `${JSON.stringify(needle)} spans ${found.length} tokens`);
  return found[0];
}

// Verbatim from the reference draft (SWG/739, 2023).
const SEED = `Chapter 1. Terms of Reference of Coordinators and Co-coordinators

Functions

1.9 The Coordinators and Co-coordinators shall be appointed by the Senior Officials Committee (SOC). As a rule, there will be one Coordinator per priority area and there will be no limit to the number of Co-coordinators per priority area.

1.10 A Member State intending to assume the role of Coordinator or Co-coordinator in a specific priority area shall inform all CICA Member States about its intention through the CICA Chairmanship and the Secretariat in writing, indicating the proposed tenure [, which should be not less than two and not more than four years]. (-IND)

DRAFT CICA MINISTERIAL COUNCIL STATEMENT

- *Underlining* the importance of volunteerism for promoting respect for [intercivilizational and intercultural exchanges] (+IRAN) [[cultural [and religious] (-CHN)] (+IND) diversity [[of civilizations] (-CHN), [exchanges and mutual learning among civilizations] (+CHN)]] (-IND) (-IRAN) and its role in strengthening friendly relations, mutual understanding, trust and tolerance among peoples;

[11altern. Promote [tolerance and] (+TUR) volunteers’ participation in intercultural [and intercivilizational] (+TUR) programmes and projects;] (+IRAN) (AZER tcb)

4. The SWG recommended to the SOC that it approve the Russian Federation as coordinator and China as co-coordinator in the priority area “Security of and in the use of information and communication technologies (ICTs)” for 2024-2025 and accordingly amend the list of coordinating and co-coordinating countries for implementing CBMs under priority areas of CICA dimensions.
1. Endorse the Road Map for CICA Transformation (RMT) proposed by the Chairmanship (MC/2023/CHAIR/1/Rev.1) as a guiding document setting an open-ended and non-exhaustive list of areas in which the Member States will consider taking necessary measures within the transformation process.
**SECRETARIAT OF THE CONFERENCE ON INTERACTION
AND CONFIDENCE BUILDING MEASURES IN ASIA**`;
const seed = tokenize(SEED);
const L = Object.fromEntries(seed.map((l, i) => [l.line.slice(0, 12), i]));
const line = (start) => {
  const i = L[start.slice(0, 12)];
  assert.ok(i !== undefined, `no line starting ${start}`);
  return i;
};

test('(-IND) after a bracket is a minus tag', () => {
  const n = line('1.10 A Membe');
  assertEvery(seed, n, '(-IND)', ['meta.tag-group.cicadraft']);
  assert.ok(has(leaf(seed, n, '('), 'punctuation.definition.tag-group.begin.cicadraft'));
  assert.ok(has(leaf(seed, n, ')'), 'punctuation.definition.tag-group.end.cicadraft'));
  const sign = leaf(seed, n, '-', 0 + (seed[n].line.match(/-/g).length - 1)); // the last '-' on the line: the tag's
  assert.equal(sign.at(-1), 'markup.deleted.sign.cicadraft');
  const code = leaf(seed, n, 'IND');
  assert.ok(has(code, 'entity.name.tag.delegation.cicadraft'));
  assert.equal(code.at(-1), 'markup.deleted.delegation.cicadraft', 'the sign colour wins over the tag colour');
  assert.ok(has(code, 'meta.tag.minus.cicadraft'));
});

test('(AZER tcb) is a reservation; (+IRAN) and (+TUR) are plus tags', () => {
  const n = line('[11altern. P');
  const azer = leaf(seed, n, 'AZER');
  assert.ok(has(azer, 'meta.tag.tcb.cicadraft'));
  assert.ok(has(azer, 'entity.name.tag.delegation.cicadraft'));
  assert.equal(azer.at(-1), 'markup.changed.delegation.cicadraft');
  const tcb = leaf(seed, n, 'tcb');
  assert.ok(has(tcb, 'keyword.other.tcb.cicadraft'));
  assert.equal(tcb.at(-1), 'markup.changed.tcb.cicadraft');
  for (const [code, nth] of [['IRAN', 0], ['TUR', 0], ['TUR', 1]]) {
    const scopes = leaf(seed, n, code, nth);
    assert.equal(scopes.at(-1), 'markup.inserted.delegation.cicadraft', code);
    assert.ok(has(scopes, 'meta.tag.plus.cicadraft'));
  }
  assert.equal(leaf(seed, n, '+').at(-1), 'markup.inserted.sign.cicadraft');
  // The reservation and the +IRAN attach to the outer bracket: they stand outside it.
  assert.ok(!has(azer, 'meta.bracket.cicadraft'));
  assert.ok(has(leaf(seed, n, 'TUR'), 'meta.bracket.cicadraft'));
});

test('[ and ] are bracket punctuation and nest', () => {
  const n = line('- *Underlini');
  const { tokens } = seed[n];
  const opens = tokens.filter((t) => t.text === '[');
  const closes = tokens.filter((t) => t.text === ']');
  assert.equal(opens.length, 7);
  assert.equal(closes.length, 7);
  for (const t of opens) assert.equal(t.scopes.at(-1), 'punctuation.section.brackets.begin.cicadraft');
  for (const t of closes) assert.equal(t.scopes.at(-1), 'punctuation.section.brackets.end.cicadraft');
  const depth = (needle) => scopesOf(seed, n, needle, 0, false)[0].filter((s) => s === 'meta.bracket.cicadraft').length;
  assert.equal(depth('intercivilizational and intercultural exchanges'), 1);
  assert.equal(depth('and religious'), 3);
  assert.equal(depth(' diversity '), 1);
  assert.equal(depth('of civilizations'), 3);
  assert.equal(depth(' and its role'), 0, 'all brackets closed before the end of the line');
  // The tags after `]]` stand outside every bracket.
  assert.ok(!has(leaf(seed, n, 'IRAN', 1), 'meta.bracket.cicadraft'));
  // The 1.10 line's bracket holds its text.
  assertEvery(seed, line('1.10 A Membe'), ', which should be not less than two and not more than four years', ['meta.bracket.cicadraft']);
});

test('item labels: 1.10, 1.9, 4., [11altern.', () => {
  for (const [start, label] of [['1.10 A Membe', '1.10'], ['1.9 The Coor', '1.9'], ['4. The SWG r', '4.'], ['[11altern. P', '11altern.'], ['1. Endorse t', '1.']]) {
    const scopes = leaf(seed, line(start), label);
    assert.equal(scopes.at(-1), 'constant.numeric.label.cicadraft', label);
    assert.ok(has(scopes, 'markup.list.numbered.cicadraft'), label);
  }
  // Behind `[`, the bracket still opens.
  assert.equal(leaf(seed, line('[11altern. P'), '[').at(-1), 'punctuation.section.brackets.begin.cicadraft');
});

test('prose parentheses are not tags', () => {
  assertProse(seed, line('1.9 The Coor'), '(SOC)');
  assertProse(seed, line('4. The SWG r'), '(ICTs)');
  assertProse(seed, line('1. Endorse t'), '(RMT)');
  assertProse(seed, line('1. Endorse t'), '(MC/2023/CHAIR/1/Rev.1)');
});

test('headings: Chapter N., ALL-CAPS titles, bold ALL-CAPS title lines', () => {
  for (const [start, text] of [
    ['Chapter 1. T', 'Chapter 1. Terms of Reference of Coordinators and Co-coordinators'],
    ['DRAFT CICA M', 'DRAFT CICA MINISTERIAL COUNCIL STATEMENT'],
    ['**SECRETARIA', 'SECRETARIAT OF THE CONFERENCE ON INTERACTION'],
    ['AND CONFIDEN', 'AND CONFIDENCE BUILDING MEASURES IN ASIA'],
  ]) {
    const scopes = leaf(seed, line(start), text);
    assert.ok(has(scopes, 'markup.heading.cicadraft'), text);
    assert.equal(scopes.at(-1), 'entity.name.section.cicadraft', text);
  }
  assert.ok(has(leaf(seed, line('**SECRETARIA'), '**'), 'punctuation.definition.emphasis.cicadraft'));
  // A level-3 heading (a short line before an item) needs the next line: prose here.
  assertProse(seed, line('Functions'), 'Functions');
});

test('bullets and emphasis', () => {
  const n = line('- *Underlini');
  assert.equal(leaf(seed, n, '-').at(-1), 'punctuation.definition.list.begin.cicadraft');
  assert.ok(has(leaf(seed, n, 'Underlining'), 'markup.italic.cicadraft'));
  assert.equal(leaf(seed, n, '*').at(-1), 'punctuation.definition.italic.cicadraft');
});

test('labels seen in real drafts, and what is not a label', () => {
  const labels = ['1.', '12.', '1.1', '2.9', '1.1.3', '2bis', '2.bis', '2 bis', '3ter', '1A.', '11altern.', '11 alt.', 'Alt1', 'PP3', 'OP6', 'OP6alt', '(a)', '(iv)'];
  const doc = tokenize(labels.map((l) => `${l} Text of the item.`).join('\n'));
  labels.forEach((label, i) => assert.equal(leaf(doc, i, label).at(-1), 'constant.numeric.label.cicadraft', label));
  const behind = tokenize('[15. Encourage the Member States] (+IRAN)\n**2bis.** Decides\n[*OP6alt* Requests]\n  (b) indented');
  assert.equal(leaf(behind, 0, '15.').at(-1), 'constant.numeric.label.cicadraft');
  assert.equal(leaf(behind, 1, '2bis.').at(-1), 'constant.numeric.label.cicadraft');
  assert.ok(has(leaf(behind, 1, '2bis.'), 'markup.bold.cicadraft'));
  assert.equal(leaf(behind, 2, 'OP6alt').at(-1), 'constant.numeric.label.cicadraft');
  assert.equal(leaf(behind, 3, '(b)').at(-1), 'constant.numeric.label.cicadraft');
  const prose = tokenize('2023 was a year.\n1.5million people\nset forth in paragraphs 1, 2 and 6 of (a) the Statement\nText [1. not a label]');
  assertProse(prose, 0, '2023');
  assertProse(prose, 1, '1.5million');
  assertProse(prose, 2, '1, 2 and 6 of (a) the');
  assert.ok(scopesOf(prose, 3, '1.', 0, false).every((s) => !has(s, 'constant.numeric.label.cicadraft')), 'a number behind a mid-line [ is prose');
});

test('tag groups with several tags; malformed tags; footnotes; notes; stray brackets', () => {
  const doc = tokenize([
    'the text [of the proposal] (+IND, +PAK) stays',
    'the text [of the proposal] (+ IRAN) (+iran) (AZER TCB) (-IND; -PAK)',
    'a footnote[^1] and [a bracket] with [^note-2] inside]',
    '[NOTE: the Secretariat will circulate a revision] (a) [Placeholder]',
    'stray ] here (CICA) and (- to be decided)',
    '• Bullet [opening here',
    'and closing there] (CHN tcb)',
  ].join('\n'));
  const tags = scopesOf(doc, 0, '(+IND, +PAK)');
  assert.ok(tags.every((s) => has(s, 'meta.tag-group.cicadraft')));
  assert.equal(leaf(doc, 0, 'IND').at(-1), 'markup.inserted.delegation.cicadraft');
  assert.equal(leaf(doc, 0, 'PAK').at(-1), 'markup.inserted.delegation.cicadraft');
  assert.equal(leaf(doc, 0, ',', 0).at(-1), 'punctuation.separator.tag.cicadraft');
  for (const bad of ['(+ IRAN)', '(+iran)', '(AZER TCB)', '(-IND; -PAK)']) {
    assert.ok(has(leaf(doc, 1, bad), 'invalid.illegal.tag-group.cicadraft'), bad);
  }
  const footnote = leaf(doc, 2, '[', 0);
  assert.equal(footnote.at(-1), 'punctuation.definition.footnote.begin.cicadraft');
  assert.ok(!has(footnote, 'meta.bracket.cicadraft'));
  assert.equal(leaf(doc, 2, '1').at(-1), 'constant.other.reference.footnote.cicadraft');
  assert.ok(has(leaf(doc, 2, 'a bracket'), 'meta.bracket.cicadraft'));
  assert.ok(!has(leaf(doc, 2, 'note-2'), 'meta.bracket.cicadraft'));
  assert.equal(leaf(doc, 2, ']', 3).at(-1), 'punctuation.section.brackets.end.cicadraft', 'a stray ] is still bracket punctuation');
  assert.ok(has(leaf(doc, 3, 'NOTE: the Secretariat will circulate a revision'), 'comment.block.note.cicadraft'));
  assert.ok(has(leaf(doc, 3, 'Placeholder'), 'comment.block.note.cicadraft'));
  assertProse(doc, 3, ' (a) ');
  assert.equal(leaf(doc, 4, ']').at(-1), 'punctuation.section.brackets.end.cicadraft');
  assertProse(doc, 4, ' here (CICA) and (- to be decided)');
  assert.equal(leaf(doc, 5, '•').at(-1), 'punctuation.definition.list.begin.cicadraft');
  assert.ok(has(leaf(doc, 6, 'and closing there'), 'meta.bracket.cicadraft'), 'a bracket spans lines');
  assert.equal(leaf(doc, 6, 'CHN').at(-1), 'markup.changed.delegation.cicadraft');
});

test('markdown headings and other divisions', () => {
  const doc = tokenize('# Draft statement\n### Section three\nArticle 5\nСтатья 3. Цели\nAnnex\nArticle 5 of the Charter provides that the matter is settled.\nCICA\n(+IRAN) (-CHN)');
  assert.equal(leaf(doc, 0, '#').at(-1), 'punctuation.definition.heading.cicadraft');
  assert.equal(leaf(doc, 0, 'Draft statement').at(-1), 'entity.name.section.cicadraft');
  assert.equal(leaf(doc, 1, 'Section three').at(-1), 'entity.name.section.cicadraft');
  assert.equal(leaf(doc, 2, 'Article 5').at(-1), 'entity.name.section.cicadraft');
  assert.equal(leaf(doc, 3, 'Статья 3. Цели').at(-1), 'entity.name.section.cicadraft');
  assert.equal(leaf(doc, 4, 'Annex').at(-1), 'entity.name.section.cicadraft');
  assertProse(doc, 5, 'Article 5 of the Charter');
  assertProse(doc, 6, 'CICA');
  assert.ok(has(leaf(doc, 7, 'IRAN'), 'meta.tag-group.cicadraft'));
});

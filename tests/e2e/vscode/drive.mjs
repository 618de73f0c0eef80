// Drives the cicadraft extension in a real VS Code (code-server in headless Chromium,
// through playwright-core), as a person would: keys and the mouse, nothing through APIs.
// Started by tests/e2e/test_vscode.py, which starts code-server with the extension
// installed and a workspace holding a draft with faults:
//
//   node drive.mjs CONFIG_JSON
//
// CONFIG_JSON: {cache, chromium, url, workspace, file, unclosed, hover, unknown,
// fixTitle, fixed, screenshots, failureScreenshot, results}, where unclosed, hover and
// unknown are {line, column} (1-based, as VS Code's Go to Line takes them).
//
// Steps: open the draft with Quick Open; the Problems panel lists the unclosed bracket
// and the editor shows its error squiggle (screenshot vscode-diagnostics.png); the mouse
// over a delegation code shows its hover card (vscode-hover.png); Ctrl+. on an unknown
// code lists the quick fix (vscode-quickfix.png), which is applied with a click; Ctrl+S
// saves the draft; the status bar item counts the open proposals; with config.compare,
// "Compare with previous revision…" shows the report against the committed draft
// (vscode-compare.png); with config.acceptAll, "Accept all from a delegation…" on a
// second draft, picked by code, applied and saved; with config.negotiation, the
// Negotiation view lists the delegations before and after the edit, and a click on a
// position selects its bracket under the paragraph's code lens (vscode-negotiation.png);
// with config.documents, "Import Word or PDF document…" opens a Word file as a new draft
// (vscode-import.png) and "Export to Word…" writes it with its proposals as tracked changes.
// What VS Code showed goes to `results` (JSON); the exit status is 0
// only if every step completed (the Python test checks the values).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// playwright-core is installed in the cache (scripts/install-vscode-test.sh), not here.
const { chromium } = createRequire(path.join(config.cache, 'node_modules', 'index.js'))('playwright-core');

const STEP_TIMEOUT = 30_000;
const SERVER_TIMEOUT = 60_000; // the first diagnostics: the extension host and the server start
const started = Date.now();
const results = { steps: [], errors: [], console: [] };
/** A scenario that ends before the last step (see config.mode). */
class Finished extends Error {}

function save() {
  fs.writeFileSync(config.results, JSON.stringify(results, null, 1));
}

async function step(name, action) {
  const begin = Date.now();
  try {
    const value = await action();
    results.steps.push(`${name} ${Date.now() - begin}ms`);
    return value;
  } catch (error) {
    results.failed = name;
    results.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    save();
  }
}

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  timeout: STEP_TIMEOUT,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let page;
let status = 1;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, locale: 'en-US' });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('console', (message) => {
    if (message.type() === 'error' && results.console.length < 40) results.console.push(message.text().slice(0, 500));
  });
  page.on('pageerror', (error) => {
    if (results.console.length < 40) results.console.push(`pageerror: ${error.message.slice(0, 500)}`);
  });

  const editor = page.locator('.editor-instance .monaco-editor').first();

  /** Go to Line with `:line:column` in Quick Open (Ctrl+P; Ctrl+G is not bound in the browser). */
  async function goTo({ line, column }) {
    await page.keyboard.press('Control+1'); // focus the editor group
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.locator('.quick-input-widget', { hasText: `line ${line}` }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await editor.locator('.cursors-layer .cursor').first().waitFor({ state: 'attached' });
  }

  /** Waits for the (finite) animations of a widget and its containers, such as a fade-in. */
  async function settle(locator) {
    await locator.evaluate(async (element) => {
      const animations = [];
      for (let node = element, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
        for (const animation of node.getAnimations()) {
          if (animation.effect?.getComputedTiming().endTime !== Infinity) animations.push(animation.finished);
        }
      }
      await Promise.race([Promise.allSettled(animations), new Promise((done) => setTimeout(done, 2000))]);
    });
    await page.waitForTimeout(150);
  }

  /** Open a file of the workspace with Quick Open: the file search (ripgrep) lists it;
   *  Enter opens the first match. */
  async function quickOpen(file) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ state: 'visible' });
  }

  /** Run "cicadraft: TITLE…" from the Command Palette; returns the quick input, which the
   *  command's own pick reuses. */
  async function runCommand(title) {
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    // A command shown only for a cicadraft editor is missing from the palette while the
    // focus is still elsewhere (a webview, a tab just opened): once more from the editor.
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+Shift+P');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>cicadraft: ${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: attempt ? STEP_TIMEOUT : 8000 });
        break;
      } catch (error) {
        if (attempt) throw error;
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+1');
        await page.waitForTimeout(500);
      }
    }
    await page.keyboard.press('Enter');
    return input;
  }

  /** code-server's open/save dialog: a quick input holding a path. */
  async function pickPath(input, file) {
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    // The dialog starts by writing the current folder into the box (a save dialog: the
    // folder and a default name, `…/circular.docx`): wait for that, or it lands in front
    // of what is typed.
    await page.waitForFunction(() => /\/$|\/[^/]+\.[A-Za-z0-9]+$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''));
    await page.waitForTimeout(500);
    // The folder first, then the name typed key by key, as a person does: the dialog
    // filters its list as it reads the keys, and Enter takes the one match (an existing
    // file) or the typed name (a new file).
    await input.fill(path.dirname(file) + '/');
    await page.waitForTimeout(500);
    await input.pressSequentially(path.basename(file), { delay: 30 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const names = (await rows.allInnerTexts()).map((t) => t.trim()).filter((t) => t && t !== '..');
      if (names.every((name) => name.startsWith(path.basename(file)))) break;
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  async function screenshot(name) {
    const file = path.join(config.screenshots, name);
    await page.mouse.move(0, 0).catch(() => {}); // no stray hover unless the step wants one
    await page.screenshot({ path: file });
    results.screenshots = [...(results.screenshots ?? []), file];
  }

  /** The rows of the Negotiation view (expanded first if collapsed), one line each. */
  function negotiationPane() {
    return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Negotiation' }) }).first();
  }

  async function negotiationRows() {
    const pane = negotiationPane();
    const header = pane.locator('.pane-header').first();
    await header.waitFor({ state: 'visible' });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    // "IRAN 3 + 2 − 0 tcb · Iran": the label, a space, the description.
    return pane.locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((row) =>
        ['.label-name', '.label-description']
          .map((selector) => row.querySelector(selector)?.textContent ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
  }

  /** Waits until the view lists a delegation row whose first word is `code` (or, with
   *  `absent`, until it lists none). */
  async function waitForDelegation(code, absent = false) {
    const deadline = Date.now() + SERVER_TIMEOUT;
    for (;;) {
      const rows = await negotiationRows();
      const present = rows.some((row) => row.split(' ')[0] === code);
      if (present !== absent) return rows;
      if (Date.now() > deadline) throw new Error(`the Negotiation view ${absent ? 'still lists' : 'does not list'} ${code}: ${JSON.stringify(rows)}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }

  await step('load', async () => {
    await page.goto(`${config.url}/?folder=${encodeURIComponent(config.workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible' });
  });

  await step('open', async () => {
    await quickOpen(config.file);
    await editor.locator('.view-lines').waitFor({ state: 'visible' });
    // The language of the editor, from the extension's contributes.languages.
    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    await mode.filter({ hasText: 'CICA draft' }).waitFor({ state: 'visible' });
    results.language = (await mode.innerText()).trim();
  });

  if (config.mode === 'missing-server') {
    // cicadraft.server.path names no executable: the extension says so plainly, with
    // how to install it, instead of a language client error.
    await step('missing server', async () => {
      const toast = page
        .locator('.notifications-toasts .notification-toast, .notification-list-item')
        .filter({ hasText: 'pip install cicadraft' })
        .first();
      await toast.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.missingMessage = (await toast.innerText()).replace(/\s+/g, ' ').trim();
      await screenshot('vscode-missing-server.png');
    });
    throw new Finished();
  }

  await step('diagnostics', async () => {
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    await markers.filter({ hasText: 'never closed' }).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
    results.problems = (await markers.innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
    const badge = page.locator('.panel .composite-bar .badge-content, .part.panel .action-item .badge-content').first();
    results.problemsBadge = (await badge.count()) ? (await badge.innerText()).trim() : null;
    // The error squiggle under the "[" that is never closed.
    await goTo(config.unclosed);
    await editor.locator('.squiggly-error').first().waitFor({ state: 'visible' });
    // The cursor to the start of the line, so that it does not hide the squiggled "[".
    await goTo({ line: config.unclosed.line, column: 1 });
    results.squiggles = {
      error: await editor.locator('.squiggly-error').count(),
      warning: await editor.locator('.squiggly-warning').count(),
    };
    await screenshot('vscode-diagnostics.png');
    // The extension's status item, if it is up by now. Not waited for: the extension asks
    // for the status when the client starts, which can be before the document is open
    // in the server (null answer, item hidden until the next edit or editor switch).
    const item = page.locator('.statusbar-item', { hasText: /\d+ open/ }).first();
    results.statusAtStart = (await item.count()) ? (await item.innerText()).trim() : null;
  });

  if (config.negotiation) {
    // The Negotiation view in the Explorer lists the delegations of the draft as it is,
    // INDD among them (the quick fix below replaces it).
    await step('negotiation', async () => {
      results.negotiationBefore = await waitForDelegation(config.negotiation.before);
    });
  }

  await step('hover', async () => {
    await page.keyboard.press('Control+J'); // close the panel: more of the draft in view
    await goTo(config.hover);
    // The code's own text in the editor (the occurrence nearest the cursor, which Go to
    // Line put in front of it): the mouse rests on its middle. Code lenses arriving
    // above the paragraph move the text and close the card: then point again.
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Iran' }).first();
    for (let attempt = 0; ; attempt++) {
      const point = await page.evaluate(({ code }) => {
        const root = document.querySelector('.editor-instance .monaco-editor');
        const cursor = root.querySelector('.cursors-layer .cursor').getBoundingClientRect();
        const walker = document.createTreeWalker(root.querySelector('.view-lines'), NodeFilter.SHOW_TEXT);
        let best = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let at = node.data.indexOf(code); at >= 0; at = node.data.indexOf(code, at + 1)) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + code.length);
            const box = range.getBoundingClientRect();
            const distance = Math.hypot(box.left - cursor.left, box.top - cursor.top);
            if (!best || distance < best.distance) {
              best = { x: box.left + box.width / 2, y: box.top + box.height / 2, distance };
            }
          }
        }
        return best;
      }, { code: config.hover.code });
      if (!point || point.distance > 40) throw new Error(`no ${config.hover.code} next to the cursor in the editor: ${JSON.stringify(point)}`);
      results.hoverPoint = point;
      await page.mouse.move(point.x - 30, point.y + 60);
      await page.mouse.move(point.x, point.y, { steps: 5 });
      try {
        await hover.waitFor({ state: 'visible', timeout: attempt < 2 ? 10_000 : STEP_TIMEOUT });
        results.hover = (await hover.innerText({ timeout: 2000 })).trim();
        break;
      } catch (error) {
        if (attempt >= 2) throw error;
        await page.mouse.move(0, 0);
        await page.waitForTimeout(1000);
      }
    }
    await settle(hover); // it fades in
    await page.screenshot({ path: path.join(config.screenshots, 'vscode-hover.png') });
    results.screenshots = [...(results.screenshots ?? []), path.join(config.screenshots, 'vscode-hover.png')];
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  await step('quickfix', async () => {
    await goTo(config.unknown);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    const item = menu.locator('.monaco-list-row', { hasText: config.fixTitle }).first();
    await item.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
    results.actions = (await menu.locator('.monaco-list-row').allInnerTexts()).map((text) => text.trim());
    await settle(menu);
    await screenshot('vscode-quickfix.png');
    await item.click();
    await menu.waitFor({ state: 'hidden' });
    // The edit is in the editor (not saved yet): the tab shows it as modified.
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'visible' });
  });

  await step('save', async () => {
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'hidden' });
    const file = path.join(config.workspace, config.relativePath);
    const deadline = Date.now() + 10_000;
    while (!fs.readFileSync(file, 'utf8').includes(config.fixed)) {
      if (Date.now() > deadline) throw new Error(`${file} does not contain ${config.fixed} after saving`);
      await new Promise((done) => setTimeout(done, 100));
    }
    // The server checked the edited draft: the unknown code's problem is gone.
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    await markers.filter({ hasText: 'never closed' }).waitFor({ state: 'visible' });
    const deadline2 = Date.now() + 10_000;
    for (;;) {
      results.problemsAfter = (await markers.innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
      if (!results.problemsAfter.some((line) => line.includes(config.unknown.code))) break;
      if (Date.now() > deadline2) break;
      await new Promise((done) => setTimeout(done, 200));
    }
  });

  await step('status', async () => {
    // After an edit the extension asks again: the item shows the draft's open proposals.
    const item = page.locator('.statusbar-item', { hasText: /\d+ open/ }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    results.statusItem = (await item.innerText()).trim();
  });

  if (config.negotiation) {
    // After the edit the view follows: IND instead of INDD. A click on a delegation opens
    // its positions, a click on one selects its bracket in the editor, where the code
    // lens above the paragraph says who holds what.
    await step('negotiation after edit', async () => {
      results.negotiationAfter = await waitForDelegation(config.negotiation.before, true);
      // The file tree folded, so that the view has the side bar's height.
      const folders = page.locator('.pane-header', { hasText: path.basename(config.workspace) }).first();
      if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
      const pane = negotiationPane();
      await pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${config.negotiation.code}$`) }) }).first().click();
      const position = pane.locator('.monaco-list-row', { hasText: config.negotiation.item }).first();
      await position.waitFor({ state: 'visible' });
      results.negotiationPositions = await negotiationRows();
      await page.keyboard.press('Control+J'); // close the panel: more of the draft in view
      await position.click();
      const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
      await selection.filter({ hasText: 'selected' }).waitFor({ state: 'visible' });
      results.negotiationSelection = (await selection.innerText()).trim();
      const lens = editor.locator('.codelens-decoration', { hasText: config.negotiation.lens });
      await lens.first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.codeLenses = (await editor.locator('.codelens-decoration').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      await screenshot('vscode-negotiation.png');
    });
  }

  if (config.compare) {
    // "cicadraft: Compare with previous revision…" from the Command Palette: the pick of
    // commits (git log), then the report in a preview tab (a webview of the HTML page).
    await step('compare', async () => {
      await page.keyboard.press('Control+1');
      await runCommand('Compare with previous revision');
      const commit = page.locator('.quick-input-list .monaco-list-row', { hasText: config.compare.subject }).first();
      await commit.waitFor({ state: 'visible' });
      results.compareRevisions = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.trim());
      await page.keyboard.press('Enter');
      const tab = page.locator('.tabs-container .tab', { hasText: 'Changes from' }).first();
      await tab.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.compareTab = (await tab.innerText()).trim();
      const body = page.frameLocator('iframe.webview').last().frameLocator('#active-frame').locator('body');
      await body.locator('table.changes').waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.compareReport = (await body.innerText()).trim();
      await screenshot('vscode-compare.png');
    });
  }

  if (config.acceptAll) {
    // "cicadraft: Accept all from a delegation…" on a balanced draft: the pick lists each
    // delegation (code, name, and the action's title naming the positions it overrides);
    // typing a code and Enter applies that delegation's edit, Ctrl+S saves it.
    await step('accept all', async () => {
      await page.keyboard.press('Control+1');
      await quickOpen(config.acceptAll.file);
      const input = await runCommand('Accept all from a delegation');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: config.acceptAll.code }).first();
      await row.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.acceptAllRows = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      await input.fill(config.acceptAll.code);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: config.acceptAll.code }).first().waitFor({ state: 'visible' });
      results.acceptAllChosen = (await page.locator('.quick-input-list .monaco-list-row.focused').first().innerText()).replace(/\s+/g, ' ').trim();
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'hidden' });
    });
  }

  if (config.documents) {
    // "cicadraft: Import Word or PDF document…": code-server's file dialog is a quick
    // input holding a path; the document's full path and Enter pick it. The draft opens
    // as a new, unsaved tab named after the document, with its tracked change as a
    // proposal.
    await step('import', async () => {
      const input = await runCommand('Import Word or PDF document');
      await pickPath(input, config.documents.source);
      const tab = page.locator('.tabs-container .tab.active', { hasText: config.documents.name });
      await tab.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      await editor.locator('.view-lines', { hasText: config.documents.expect }).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.importTab = (await tab.innerText()).trim();
      results.importText = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
      const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
      results.importLanguage = (await mode.innerText()).trim();
      await screenshot('vscode-import.png');
    });
    // "cicadraft: Export to Word…" on that unsaved draft: the kind, then the save dialog
    // (a quick input as well): the output's full path and Enter.
    await step('export', async () => {
      await page.keyboard.press('Control+1');
      const input = await runCommand('Export to Word');
      const kind = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Proposals as tracked changes' }).first();
      await kind.waitFor({ state: 'visible' });
      results.exportKinds = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      await kind.click();
      await pickPath(input, config.documents.out);
      const message = page.locator('.notifications-toasts .notification-toast', { hasText: 'exported to' }).first();
      await message.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT });
      results.exportMessage = (await message.innerText()).replace(/\s+/g, ' ').trim();
    });
  }

  status = 0;
} catch (error) {
  if (error instanceof Finished) {
    status = 0;
  } else if (!results.failed) results.errors.push(`driver: ${error instanceof Error ? error.stack : String(error)}`);
  if (status !== 0 && page && config.failureScreenshot) {
    await page.screenshot({ path: config.failureScreenshot }).catch(() => {});
    results.failureScreenshot = config.failureScreenshot;
  }
} finally {
  results.seconds = (Date.now() - started) / 1000;
  save();
  await browser.close().catch(() => {});
}
process.exit(status);

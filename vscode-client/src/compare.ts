// "Compare with previous revision…" and "Compare with another draft…": the server's
// cicadraft.compare command (workspace/executeCommand) reports, in negotiators' terms,
// what changed between the draft as it is in the editor (saved or not) and its version
// at a git revision, or another draft; the report opens in a preview tab (a webview of
// the server's self-contained HTML page: no script, printable).
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

export const COMPARE_WITH_REVISION = 'cicadraft.compareWithRevision';
export const COMPARE_WITH_FILE = 'cicadraft.compareWithFile';

interface Report {
  title?: string;
  changes?: number;
  html?: string;
  markdown?: string;
  error?: string;
}

interface Revision extends vscode.QuickPickItem {
  revision: string;
}

/** The commits that touched the file, newest first (`git log`, no shell). */
export function gitLog(file: string, limit = 50): Promise<Revision[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['log', `-n${limit}`, '--date=short', '--format=%H%x09%h%x09%ad%x09%an%x09%s', '--', path.basename(file)],
      { cwd: path.dirname(file), timeout: 20_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error((stderr || error.message).trim().split('\n')[0]));
          return;
        }
        const revisions = stdout
          .split('\n')
          .filter((line) => line.trim())
          .map((line) => {
            const [hash, short, date, author, ...subject] = line.split('\t');
            return { revision: hash, label: `${short} ${subject.join('\t')}`, description: `${date} ${author}` };
          });
        resolve(revisions);
      },
    );
  });
}

function draftOf(editor: vscode.TextEditor | undefined): vscode.TextDocument | undefined {
  const document = editor?.document;
  return document && document.languageId === 'cicadraft' ? document : undefined;
}

async function runningClient(client: LanguageClient | undefined): Promise<LanguageClient | undefined> {
  if (client?.isRunning()) return client;
  const choice = await vscode.window.showWarningMessage('The cicadraft server is not running.', 'Restart Server', 'Show Output');
  if (choice === 'Restart Server') void vscode.commands.executeCommand('cicadraft.restartServer');
  if (choice === 'Show Output') void vscode.commands.executeCommand('cicadraft.showOutput');
  return undefined;
}

/** Ask the server for the report and show it in a preview tab. Exported for tests. */
export async function showReport(client: LanguageClient, args: unknown[]): Promise<vscode.WebviewPanel | undefined> {
  const locale = vscode.env.language.startsWith('ru') ? 'ru' : 'en';
  const setting = vscode.workspace.getConfiguration('cicadraft').get<string>('locale', 'auto');
  const report = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: 'cicadraft.compare',
    arguments: [...args, { formats: ['html'], locale: setting === 'auto' ? locale : setting }],
  })) as Report | null;
  if (!report || report.error || !report.html) {
    void vscode.window.showErrorMessage(`cicadraft: ${report?.error ?? 'the server sent no report'}`);
    return undefined;
  }
  const panel = vscode.window.createWebviewPanel('cicadraft.compare', report.title ?? 'cicadraft compare', {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: false,
  }, { enableScripts: false, enableFindWidget: true });
  // The page is the server's, and holds no script: forbid anything but its own style.
  const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`;
  panel.webview.html = report.html.replace('<head>', `<head>\n${policy}`);
  return panel;
}

async function compareWithRevision(client: LanguageClient | undefined): Promise<void> {
  const document = draftOf(vscode.window.activeTextEditor);
  if (!document || document.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a saved .cicadraft draft in a git repository to compare it with a revision.');
    return;
  }
  const running = await runningClient(client);
  if (!running) return;
  let revisions: Revision[];
  try {
    revisions = await gitLog(document.uri.fsPath);
  } catch (error) {
    void vscode.window.showErrorMessage(`cicadraft: git log: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (revisions.length === 0) {
    void vscode.window.showInformationMessage(`${path.basename(document.uri.fsPath)} has no committed revision yet.`);
    return;
  }
  // The previous revision is the last commit when the draft has unsaved or uncommitted
  // changes; the quick pick offers every commit that touched the file.
  const picked = await vscode.window.showQuickPick(revisions, {
    title: `Compare ${path.basename(document.uri.fsPath)} with a revision`,
    placeHolder: 'the revision to compare the draft with',
    matchOnDescription: true,
  });
  if (!picked) return;
  await showReport(running, [document.uri.toString(), picked.revision]);
}

async function compareWithFile(client: LanguageClient | undefined): Promise<void> {
  const document = draftOf(vscode.window.activeTextEditor);
  if (!document) {
    void vscode.window.showInformationMessage('Open a .cicadraft draft to compare it with another.');
    return;
  }
  const running = await runningClient(client);
  if (!running) return;
  const chosen = await vscode.window.showOpenDialog({
    title: 'The earlier revision to compare the draft with',
    canSelectMany: false,
    filters: { 'cicadraft drafts': ['cicadraft'], 'All files': ['*'] },
    defaultUri: document.uri.scheme === 'file' ? vscode.Uri.file(path.dirname(document.uri.fsPath)) : undefined,
  });
  if (!chosen?.[0]) return;
  await showReport(running, [chosen[0].toString(), document.uri.toString()]);
}

/** The two commands; `client` gives the current language client (it changes on restart). */
export function registerCompare(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMPARE_WITH_REVISION, () => compareWithRevision(client())),
    vscode.commands.registerCommand(COMPARE_WITH_FILE, () => compareWithFile(client())),
  );
}

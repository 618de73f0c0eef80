// "Import Word or PDF document…" and "Export to Word…": the server's cicadraft.import and
// cicadraft.export commands (workspace/executeCommand). The import opens as a new, unsaved
// draft; the export writes the draft as the editor has it (saved or not).
import * as vscode from 'vscode';
import * as path from 'node:path';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

export const IMPORT_DOCUMENT = 'cicadraft.importDocument';
export const EXPORT_TO_WORD = 'cicadraft.exportToWord';

interface Imported {
  text?: string;
  notes?: string[];
  name?: string;
  error?: string;
}

interface Exported {
  path?: string;
  notes?: string[];
  error?: string;
}

type ExportMode = 'plain' | 'trackChanges' | 'clean';

interface ModeItem extends vscode.QuickPickItem {
  mode: ExportMode;
}

const MODES: ModeItem[] = [
  { mode: 'plain', label: 'Brackets and tags as text', description: 'the draft as it reads' },
  { mode: 'trackChanges', label: 'Proposals as tracked changes', description: "each one-delegation proposal a Word revision by that delegation" },
  { mode: 'clean', label: 'Clean text', description: 'settled as resolve --keep-all: no brackets, no tags' },
];

function showNotes(output: vscode.OutputChannel, what: string, notes: string[] | undefined): void {
  if (!notes?.length) return;
  output.appendLine(`[cicadraft] ${what}:`);
  for (const note of notes) output.appendLine(`  ${note}`);
  void vscode.window.showWarningMessage(`cicadraft: ${what}: ${notes.length} note(s).`, 'Show Output').then((choice) => {
    if (choice) output.show(true);
  });
}

async function running(client: LanguageClient | undefined): Promise<LanguageClient | undefined> {
  if (client?.isRunning()) return client;
  const choice = await vscode.window.showWarningMessage('The cicadraft server is not running.', 'Restart Server');
  if (choice) void vscode.commands.executeCommand('cicadraft.restartServer');
  return undefined;
}

/** Import `file` (or the one the user picks) and open it as a new draft. Exported for tests. */
export async function importDocument(
  client: LanguageClient | undefined,
  output: vscode.OutputChannel,
  file?: vscode.Uri,
): Promise<vscode.TextEditor | undefined> {
  const live = await running(client);
  if (!live) return undefined;
  if (!file) {
    const chosen = await vscode.window.showOpenDialog({
      title: 'Import a Word or PDF document as a draft',
      canSelectMany: false,
      filters: { 'Word and PDF documents': ['docx', 'docm', 'dotx', 'odt', 'pdf'], 'All files': ['*'] },
    });
    file = chosen?.[0];
    if (!file) return undefined;
  }
  const result = (await live.sendRequest(ExecuteCommandRequest.type, {
    command: 'cicadraft.import',
    arguments: [file.toString()],
  })) as Imported | null;
  if (!result || result.error || typeof result.text !== 'string') {
    void vscode.window.showErrorMessage(`cicadraft: ${result?.error ?? 'the server sent no draft'}`);
    return undefined;
  }
  // An untitled document with the draft's future name: Save offers it beside the source.
  const target = vscode.Uri.file(path.join(path.dirname(file.fsPath), result.name ?? 'imported.cicadraft')).with({ scheme: 'untitled' });
  const document = await vscode.workspace.openTextDocument(target);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), result.text as string));
  if (document.languageId !== 'cicadraft') await vscode.languages.setTextDocumentLanguage(document, 'cicadraft');
  showNotes(output, `imported ${path.basename(file.fsPath)}`, result.notes);
  return editor;
}

/** Export the active draft to Word; `out` and `mode` skip the dialogs. Exported for tests. */
export async function exportToWord(
  client: LanguageClient | undefined,
  output: vscode.OutputChannel,
  out?: vscode.Uri,
  mode?: ExportMode,
): Promise<string | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'cicadraft') {
    void vscode.window.showInformationMessage('Open a .cicadraft draft to export it to Word.');
    return undefined;
  }
  const live = await running(client);
  if (!live) return undefined;
  if (!mode) {
    const picked = await vscode.window.showQuickPick(MODES, { title: 'Export to Word', placeHolder: 'what the Word document holds' });
    if (!picked) return undefined;
    mode = picked.mode;
  }
  if (!out) {
    const base = document.uri.scheme === 'file' ? document.uri.fsPath : path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', path.basename(document.uri.path));
    out = await vscode.window.showSaveDialog({
      title: 'Export to Word',
      defaultUri: vscode.Uri.file(base.replace(/\.cicadraft$/i, '') + (mode === 'clean' ? '-clean' : '') + '.docx'),
      filters: { 'Word documents': ['docx'] },
    });
    if (!out) return undefined;
  }
  const result = (await live.sendRequest(ExecuteCommandRequest.type, {
    command: 'cicadraft.export',
    arguments: [document.uri.toString(), out.toString(), { trackChanges: mode === 'trackChanges', clean: mode === 'clean' }],
  })) as Exported | null;
  if (!result || result.error || !result.path) {
    void vscode.window.showErrorMessage(`cicadraft: ${result?.error ?? 'the server wrote nothing'}`);
    return undefined;
  }
  showNotes(output, `exported to ${path.basename(result.path)}`, result.notes);
  void vscode.window.showInformationMessage(`cicadraft: exported to ${result.path}`);
  return result.path;
}

/** The two commands; `client` gives the current language client (it changes on restart). */
export function registerDocuments(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: () => vscode.OutputChannel,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_DOCUMENT, (file?: unknown) =>
      importDocument(client(), output(), file instanceof vscode.Uri ? file : typeof file === 'string' ? vscode.Uri.file(file) : undefined)),
    vscode.commands.registerCommand(EXPORT_TO_WORD, (out?: unknown, mode?: unknown) =>
      exportToWord(
        client(),
        output(),
        out instanceof vscode.Uri ? out : typeof out === 'string' ? vscode.Uri.file(out) : undefined,
        mode === 'plain' || mode === 'trackChanges' || mode === 'clean' ? mode : undefined,
      )),
  );
}

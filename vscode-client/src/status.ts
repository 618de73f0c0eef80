// The status bar item: the active draft's open proposals, from the `cicadraft/status` request.
import * as vscode from 'vscode';
import { CancellationTokenSource, ErrorCodes, LanguageClient, ResponseError, State } from 'vscode-languageclient/node';

export const STATUS_REQUEST = 'cicadraft/status';

interface Positions {
  plus: number;
  minus: number;
  tcb: number;
}

/** The server's answer to `cicadraft/status`. */
export interface DraftStatus {
  openProposals: number;
  brackets: number;
  unbalanced: number;
  delegations: Record<string, Positions>;
}

const DEBOUNCE_MS = 300;
const TIMEOUT_MS = 5000;
const MAX_ROWS = 25;

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cicadraft.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private client: LanguageClient | undefined;
  private clientListener: vscode.Disposable | undefined;
  /** The server answered MethodNotFound: do not ask this client again. */
  private unsupported = false;
  private timer: NodeJS.Timeout | undefined;
  private pending: CancellationTokenSource | undefined;

  constructor() {
    this.item.name = 'cicadraft: open proposals';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidOpenTextDocument((document) => this.scheduleFor(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleFor(event.document, DEBOUNCE_MS)),
      // The first request can reach the server before the draft's didOpen and get null;
      // diagnostics arrive after the server has the draft, so ask again then.
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.schedule(DEBOUNCE_MS);
      }),
    );
  }

  /** Follow a (new) language client; undefined hides the item. */
  setClient(client: LanguageClient | undefined): void {
    this.clientListener?.dispose();
    this.client = client;
    this.unsupported = false;
    this.clientListener = client?.onDidChangeState((event) => {
      if (event.newState === State.Running) this.schedule(0);
      else this.hide();
    });
    this.schedule(0);
  }

  private scheduleFor(document: vscode.TextDocument, delay: number): void {
    if (document === vscode.window.activeTextEditor?.document) this.schedule(delay);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private hide(): void {
    this.pending?.cancel();
    this.item.hide();
  }

  private async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const client = this.client;
    if (!document || document.languageId !== 'cicadraft' || !client?.isRunning() || this.unsupported) {
      this.hide();
      return;
    }
    this.pending?.cancel();
    const source = (this.pending = new CancellationTokenSource());
    const timeout = setTimeout(() => {
      source.cancel();
      if (this.pending === source) this.item.hide();
    }, TIMEOUT_MS);
    try {
      const status = await client.sendRequest<unknown>(
        STATUS_REQUEST,
        { textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) } },
        source.token,
      );
      if (source.token.isCancellationRequested) return;
      if (isDraftStatus(status)) this.show(status);
      else this.item.hide();
    } catch (error) {
      if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) this.unsupported = true;
      // A newer request owns the item; otherwise the server could not answer: hide quietly.
      if (this.pending === source) this.item.hide();
    } finally {
      clearTimeout(timeout);
      if (this.pending === source) this.pending = undefined;
    }
  }

  private show(status: DraftStatus): void {
    const open = status.openProposals;
    this.item.text = `$(law) ${open} open` + (status.unbalanced > 0 ? ` $(warning) ${status.unbalanced}` : '');
    this.item.tooltip = tooltip(status);
    this.item.accessibilityInformation = {
      label: `${plural(open, 'open proposal')}` + (status.unbalanced > 0 ? `, ${plural(status.unbalanced, 'unbalanced bracket')}` : ''),
    };
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    this.clientListener?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function tooltip(status: DraftStatus): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.appendMarkdown(`**cicadraft**: ${plural(status.openProposals, 'open proposal')} in ${plural(status.brackets, 'bracket')}`);
  if (status.unbalanced > 0) {
    markdown.appendMarkdown(`, $(warning) ${plural(status.unbalanced, 'unbalanced bracket')}`);
  }
  const rows = Object.entries(status.delegations).sort(
    ([a, x], [b, y]) => y.plus + y.minus + y.tcb - (x.plus + x.minus + x.tcb) || a.localeCompare(b),
  );
  if (rows.length > 0) {
    markdown.appendMarkdown('\n\n| Delegation | + | − | tcb |\n|:--|--:|--:|--:|\n');
    for (const [code, p] of rows.slice(0, MAX_ROWS)) {
      markdown.appendMarkdown(`| ${escapeCell(code)} | ${p.plus} | ${p.minus} | ${p.tcb} |\n`);
    }
    if (rows.length > MAX_ROWS) markdown.appendMarkdown(`\n…and ${rows.length - MAX_ROWS} more delegations`);
  }
  markdown.appendMarkdown('\n\nClick to open the Problems panel.');
  return markdown;
}

function escapeCell(text: string): string {
  return text.replace(/[\\|*_`[\]<>]/g, (c) => `\\${c}`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isDraftStatus(value: unknown): value is DraftStatus {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (!isCount(v.openProposals) || !isCount(v.brackets) || !isCount(v.unbalanced)) return false;
  if (typeof v.delegations !== 'object' || v.delegations === null) return false;
  return Object.values(v.delegations).every(
    (p) => typeof p === 'object' && p !== null && isCount((p as Positions).plus) && isCount((p as Positions).minus) && isCount((p as Positions).tcb),
  );
}

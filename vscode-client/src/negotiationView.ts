// The "Negotiation" view in the Explorer: the active draft's delegations (as the draft
// spells them, with the registry's name and their + / - / tcb counts), then each one's
// positions (sign, paragraph, first words). A click selects the bracket in the editor.
// Fed by the server's `cicadraft/positions` request; asked again after edits (debounced),
// when another draft becomes active, when the server (re)starts, and when the view shows
// again after being hidden (it does not ask while hidden).
import * as vscode from 'vscode';
import { CancellationTokenSource, ErrorCodes, type LanguageClient, ResponseError, State } from 'vscode-languageclient/node';

export const POSITIONS_REQUEST = 'cicadraft/positions';
export const VIEW_ID = 'cicadraft.negotiation';
export const REVEAL_COMMAND = 'cicadraft.revealPosition';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface PositionEntry {
  sign: '+' | '-' | 'tcb';
  item: string;
  text: string;
  line: number;
  range: LspRange;
  tagRange: LspRange;
}

export interface DelegationEntry {
  code: string;
  canonical: string;
  name: string | null;
  plus: number;
  minus: number;
  tcb: number;
  positions: PositionEntry[];
}

export interface DraftPositions {
  uri: string;
  version: number | null;
  delegations: DelegationEntry[];
}

type Node = { kind: 'delegation'; delegation: DelegationEntry } | { kind: 'position'; delegation: DelegationEntry; position: PositionEntry; index: number };

const DEBOUNCE_MS = 400;
const TIMEOUT_MS = 5000;
const SIGN_WORDS: Record<PositionEntry['sign'], string> = { '+': 'proposes', '-': 'opposes', tcb: 'reserves (tcb) on' };
const SIGN_ICONS: Record<PositionEntry['sign'], string> = { '+': 'diff-added', '-': 'diff-removed', tcb: 'watch' };

export class NegotiationView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private clientListener: vscode.Disposable | undefined;
  private unsupported = false;
  private timer: NodeJS.Timeout | undefined;
  private pending: CancellationTokenSource | undefined;
  private data: DraftPositions | undefined;
  /** The document the data is about (its URI as VS Code has it). */
  private document: vscode.Uri | undefined;

  constructor() {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      vscode.commands.registerCommand(REVEAL_COMMAND, (uri: unknown, range: unknown) => this.reveal(uri, range)),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.schedule(DEBOUNCE_MS);
      }),
      // The first request can reach the server before the draft's didOpen; diagnostics
      // come after the server has the draft, so ask again then (as the status item does).
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && active !== this.document?.toString() && event.uris.some((uri) => uri.toString() === active)) this.schedule(DEBOUNCE_MS);
      }),
      this.view.onDidChangeVisibility(({ visible }) => visible && this.schedule(0)),
    );
  }

  /** Follow a (new) language client; undefined empties the view. */
  setClient(client: LanguageClient | undefined): void {
    this.clientListener?.dispose();
    this.client = client;
    this.unsupported = false;
    this.clientListener = client?.onDidChangeState((event) => {
      if (event.newState === State.Running) this.schedule(0);
      else this.show(undefined, undefined);
    });
    this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    // Hidden (collapsed, or the Explorer closed): ask when it shows again, not on every
    // edit (a 1 MB draft has thousands of positions).
    if (!this.view.visible) return;
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    const client = this.client;
    if (!document || document.languageId !== 'cicadraft') {
      // Another kind of editor (or none): keep showing the last draft, as the Outline does.
      if (!this.data) this.show(undefined, undefined);
      return;
    }
    if (!client?.isRunning() || this.unsupported) {
      this.show(undefined, undefined, 'The cicadraft server is not running.');
      return;
    }
    this.pending?.cancel();
    const source = (this.pending = new CancellationTokenSource());
    const timeout = setTimeout(() => source.cancel(), TIMEOUT_MS);
    try {
      const answer = await client.sendRequest<unknown>(
        POSITIONS_REQUEST,
        { textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) } },
        source.token,
      );
      if (source.token.isCancellationRequested) return;
      if (isDraftPositions(answer)) this.show(answer, document.uri);
      // null: the server does not have the draft yet; the diagnostics will bring us back.
    } catch (error) {
      if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) {
        this.unsupported = true;
        this.show(undefined, undefined, 'This cicadraft server is too old for the Negotiation view.');
      }
    } finally {
      clearTimeout(timeout);
      if (this.pending === source) this.pending = undefined;
    }
  }

  private show(data: DraftPositions | undefined, document: vscode.Uri | undefined, message?: string): void {
    this.data = data;
    this.document = document;
    if (message) this.view.message = message;
    else if (!data) this.view.message = 'Open a .cicadraft draft to see who holds what.';
    else if (data.delegations.length === 0) this.view.message = 'No delegation holds a position in this draft.';
    else this.view.message = undefined;
    this.view.description = document ? document.path.split('/').pop() : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!this.data) return [];
    if (!node) return this.data.delegations.map((delegation) => ({ kind: 'delegation', delegation }));
    if (node.kind === 'delegation') {
      return node.delegation.positions.map((position, index) => ({ kind: 'position', delegation: node.delegation, position, index }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'delegation') {
      const d = node.delegation;
      const item = new vscode.TreeItem(d.code, vscode.TreeItemCollapsibleState.Collapsed);
      // The id keeps a delegation open across refreshes (edits renumber nothing here).
      item.id = `delegation:${d.canonical}`;
      item.description = `${d.plus} +  ${d.minus} −  ${d.tcb} tcb` + (d.name ? ` · ${d.name}` : '');
      item.tooltip = `${d.code}${d.name ? ` (${d.name})` : ''}: ${d.plus} proposals, ${d.minus} deletions, ${d.tcb} reservations`;
      item.iconPath = new vscode.ThemeIcon('organization');
      item.contextValue = 'delegation';
      return item;
    }
    const { position: p, delegation: d } = node;
    const sign = p.sign === '-' ? '−' : p.sign;
    const item = new vscode.TreeItem(`${sign} ${p.item || '(no paragraph)'}`, vscode.TreeItemCollapsibleState.None);
    item.id = `position:${d.canonical}:${node.index}`;
    item.description = p.text;
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(`${d.code} ${SIGN_WORDS[p.sign]} ${p.item ? `${p.item}: ` : ''}“${p.text}” (line ${p.line + 1})`);
    item.iconPath = new vscode.ThemeIcon(SIGN_ICONS[p.sign]);
    item.contextValue = 'position';
    if (this.document) {
      item.command = { command: REVEAL_COMMAND, title: 'Reveal the bracket', arguments: [this.document.toString(), p.range] };
    }
    return item;
  }

  /** Select the bracket in its draft and bring it to the middle of the editor. */
  private async reveal(uri: unknown, range: unknown): Promise<void> {
    if (typeof uri !== 'string' || !isRange(range)) return;
    const client = this.client;
    const target = client ? client.protocol2CodeConverter.asRange(range) : new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: true });
    // The cursor on the `[`, the bracket selected.
    editor.selection = new vscode.Selection(target.end, target.start);
    editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    this.clientListener?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPoint(value: unknown): value is { line: number; character: number } {
  const v = value as { line?: unknown; character?: unknown } | null;
  return typeof v === 'object' && v !== null && isCount(v.line) && isCount(v.character);
}

function isRange(value: unknown): value is LspRange {
  const v = value as { start?: unknown; end?: unknown } | null;
  return typeof v === 'object' && v !== null && isPoint(v.start) && isPoint(v.end);
}

export function isDraftPositions(value: unknown): value is DraftPositions {
  if (typeof value !== 'object' || value === null) return false;
  const delegations = (value as { delegations?: unknown }).delegations;
  return (
    Array.isArray(delegations) &&
    delegations.every((d) => {
      const e = d as DelegationEntry;
      return (
        typeof e === 'object' && e !== null && typeof e.code === 'string' && isCount(e.plus) && isCount(e.minus) && isCount(e.tcb) &&
        Array.isArray(e.positions) &&
        e.positions.every((p) => typeof p === 'object' && p !== null && typeof p.item === 'string' && typeof p.text === 'string' && isRange(p.range))
      );
    })
  );
}

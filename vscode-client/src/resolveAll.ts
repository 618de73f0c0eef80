// "Accept/Reject all from a delegation…": the server's source actions of kind
// source.cicadraft.acceptAll / source.cicadraft.rejectAll, one per delegation, offered in
// a quick pick; the chosen one's WorkspaceEdit is applied. Standard LSP only.
import * as vscode from 'vscode';
import {
  CodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  Command,
  LanguageClient,
} from 'vscode-languageclient/node';

export type Mode = 'accept' | 'reject';

export const ACTION_KINDS: Record<Mode, string> = {
  accept: 'source.cicadraft.acceptAll',
  reject: 'source.cicadraft.rejectAll',
};

interface DelegationAction {
  code: string;
  name: string | undefined;
  action: CodeAction;
}

/** The delegation an action is for: `data.code` and `data.name` (what this server sends),
 *  else the code after "from" in its title and the parenthesis right after the code, which
 *  may hold parentheses of its own: "Accept all from PSE (Palestine (State of)) (overrides
 *  IRAN's deletion)" (the positions the action overrides come in a parenthesis of their own). */
export function delegationOf(action: CodeAction): { code: string; name: string | undefined } | undefined {
  const data = action.data as { code?: unknown; name?: unknown } | undefined;
  const code = typeof data?.code === 'string' && data.code ? data.code : /\bfrom\s+([A-Za-z][A-Za-z0-9]{1,9})\b/.exec(action.title)?.[1];
  if (!code) return undefined;
  if (typeof data?.name === 'string' && data.name) return { code, name: data.name };
  const after = new RegExp(`(?:^|\\s)${escapeRegExp(code)}\\s*\\(`).exec(action.title);
  const name = after ? balancedParenthesis(action.title, after.index + after[0].length) : undefined;
  return { code, name };
}

/** The text from `start` to the `)` that closes the `(` just before it, or undefined. */
function balancedParenthesis(text: string, start: number): string | undefined {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(start, i).trim() || undefined;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function kindMatches(kind: string | undefined, wanted: string): boolean {
  return kind !== undefined && (kind === wanted || kind.startsWith(wanted + '.'));
}

export async function resolveAllFrom(mode: Mode, client: LanguageClient | undefined, requestedCode?: string): Promise<void> {
  const verb = mode === 'accept' ? 'accept' : 'reject';
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!document || document.languageId !== 'cicadraft') {
    void vscode.window.showInformationMessage(`Open a .cicadraft draft to ${verb} a delegation's proposals.`);
    return;
  }
  if (!client?.isRunning()) {
    const choice = await vscode.window.showWarningMessage('The cicadraft server is not running.', 'Restart Server', 'Show Output');
    if (choice === 'Restart Server') void vscode.commands.executeCommand('cicadraft.restartServer');
    if (choice === 'Show Output') void vscode.commands.executeCommand('cicadraft.showOutput');
    return;
  }

  const kind = ACTION_KINDS[mode];
  const version = document.version;
  const whole = document.validateRange(new vscode.Range(0, 0, document.lineCount, 0));
  let answer: (Command | CodeAction)[] | null;
  try {
    answer = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
      range: client.code2ProtocolConverter.asRange(whole),
      context: { diagnostics: [], only: [kind], triggerKind: CodeActionTriggerKind.Invoked },
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`cicadraft: could not get the proposals to ${verb}: ${errorText(error)}`);
    return;
  }

  const choices: DelegationAction[] = [];
  let refusal: string | undefined;
  for (const action of answer ?? []) {
    if (Command.is(action) || !kindMatches(action.kind, kind)) continue;
    if (action.disabled) {
      refusal ??= action.disabled.reason;
      continue;
    }
    const delegation = delegationOf(action);
    if (delegation) choices.push({ ...delegation, action });
  }
  choices.sort((a, b) => a.code.localeCompare(b.code));
  if (choices.length === 0) {
    // The server offers the actions disabled, with the reason, e.g. on an unbalanced draft.
    if (refusal) void vscode.window.showWarningMessage(`Cannot ${verb} all from a delegation: ${refusal}`);
    else void vscode.window.showInformationMessage(`Nothing to ${verb}: no bracket in this draft carries a delegation's tag.`);
    return;
  }

  let chosen: DelegationAction | undefined;
  if (requestedCode) {
    chosen = choices.find((c) => c.code.toUpperCase() === requestedCode.toUpperCase());
    if (!chosen) {
      void vscode.window.showInformationMessage(`Nothing to ${verb} from ${requestedCode} in this draft.`);
      return;
    }
  } else {
    const picked = await vscode.window.showQuickPick(
      choices.map((choice) => ({ label: choice.code, description: choice.name, detail: choice.action.title, choice })),
      {
        title: mode === 'accept' ? 'Accept all from a delegation' : 'Reject all from a delegation',
        placeHolder: `The delegation whose proposals to ${verb}`,
        matchOnDescription: true,
      },
    );
    chosen = picked?.choice;
  }
  if (!chosen) return;

  let action = chosen.action;
  try {
    if (action.edit === undefined && client.initializeResult?.capabilities.codeActionProvider) {
      const provider = client.initializeResult.capabilities.codeActionProvider;
      if (typeof provider === 'object' && provider.resolveProvider) {
        action = await client.sendRequest(CodeActionResolveRequest.type, action);
      }
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`cicadraft: could not compute the edit for "${chosen.action.title}": ${errorText(error)}`);
    return;
  }
  if (document.version !== version) {
    void vscode.window.showWarningMessage(`The draft changed while the edit was computed: run "${chosen.action.title}" again.`);
    return;
  }

  if (action.edit) {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`cicadraft: the edit for "${action.title}" could not be applied.`);
      return;
    }
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
  if (!action.edit && !action.command) {
    void vscode.window.showInformationMessage(`cicadraft: "${action.title}" changed nothing.`);
    return;
  }
  vscode.window.setStatusBarMessage(`$(check) ${action.title}`, 4000);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

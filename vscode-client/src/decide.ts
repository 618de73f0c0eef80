// The code lenses' "Accept…" and "Reject…" run the server's cicadraft.decide command.
// Left alone, the server asks which decision to apply with window/showMessageRequest,
// which VS Code shows as a notification with one button per decision; this middleware
// asks with a quick pick instead (the server's `list`, then its `choice`). Everything
// else goes to the server unchanged.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const DECIDE_COMMAND = 'cicadraft.decide';

interface DecideArgument {
  verb?: unknown;
  choice?: unknown;
  list?: unknown;
}

export const decideMiddleware: Middleware['executeCommand'] = async (command, args, next) => {
  const argument = args[0] as DecideArgument | undefined;
  if (command !== DECIDE_COMMAND || typeof argument !== 'object' || argument === null || argument.choice !== undefined || argument.list) {
    return next(command, args);
  }
  const listed = (await next(command, [{ ...argument, list: true }])) as { choices?: unknown; error?: unknown } | null;
  if (!listed || typeof listed.error === 'string') {
    void vscode.window.showWarningMessage(`cicadraft: ${String(listed?.error ?? 'the server sent no decisions')}`);
    return listed;
  }
  const choices = Array.isArray(listed.choices) ? listed.choices.filter((c): c is string => typeof c === 'string') : [];
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('cicadraft: nothing to decide in this paragraph.');
    return listed;
  }
  const picked = await vscode.window.showQuickPick(
    choices.map((label, index) => ({ label, index })),
    { title: argument.verb === 'reject' ? 'Reject in this paragraph' : 'Accept in this paragraph', placeHolder: 'the decision to apply' },
  );
  if (!picked) return { applied: null };
  return next(command, [{ ...argument, choice: picked.index }]);
};

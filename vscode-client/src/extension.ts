// The cicadraft extension: starts `cicadraft serve` (stdio) for *.cicadraft drafts and adds
// the commands and the status bar item that need more than the standard LSP features.
import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { registerCompare } from './compare';
import { decideMiddleware } from './decide';
import { registerDocuments } from './documents';
import { findServer, onPythonInterpreterChange, ServerNotFound, type ServerCommand } from './launch';
import { resolveAllFrom } from './resolveAll';
import { NegotiationView } from './negotiationView';
import { StatusItem } from './status';

const INSTALL_HINT =
  'Install it with "pip install cicadraft" (or "pip install -e <path to the cicadraft repository>" for a checkout), ' +
  'or set cicadraft.server.path to the cicadraft executable, then run "cicadraft: Restart server".';
const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

/** A LanguageClient whose own error pop-ups are silenced: this extension reports failures itself. */
class CicadraftClient extends LanguageClient {
  /** The server process of the current connection. */
  serverProcess: ChildProcess | undefined;

  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}

let output: vscode.OutputChannel;
let status: StatusItem;
let negotiation: NegotiationView;
let client: CicadraftClient | undefined;
let server: ServerCommand | undefined;
/** Serialises start, stop and restart. */
let queue: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('cicadraft');
  status = new StatusItem();
  negotiation = new NegotiationView();
  context.subscriptions.push(
    output,
    status,
    negotiation,
    vscode.commands.registerCommand('cicadraft.restartServer', () => enqueue(async () => {
      await stopServer();
      await startServer();
    })),
    vscode.commands.registerCommand('cicadraft.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('cicadraft.acceptAllFrom', (code?: unknown) =>
      resolveAllFrom('accept', client, typeof code === 'string' ? code : undefined)),
    vscode.commands.registerCommand('cicadraft.rejectAllFrom', (code?: unknown) =>
      resolveAllFrom('reject', client, typeof code === 'string' ? code : undefined)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('cicadraft.server.path')) {
        void vscode.commands.executeCommand('cicadraft.restartServer');
      }
    }),
  );
  registerCompare(context, () => client);
  registerDocuments(context, () => client, () => output);
  // A server run as `python -m cicadraft` follows the interpreter selected in the Python extension.
  void onPythonInterpreterChange(() => {
    if (server?.python) void vscode.commands.executeCommand('cicadraft.restartServer');
  }).then((listener) => listener && context.subscriptions.push(listener));

  await enqueue(startServer);
}

export function deactivate(): Thenable<void> {
  return enqueue(stopServer);
}

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task).catch((error) => output.appendLine(`[cicadraft] ${String(error)}`));
  return queue;
}

function log(line: string): void {
  output.appendLine(`[cicadraft] ${line}`);
}

function currentFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** The `cicadraft` settings as a plain object (the server's initializationOptions). */
function settings(folder: vscode.WorkspaceFolder | undefined): unknown {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('cicadraft', folder?.uri)));
}

async function startServer(): Promise<void> {
  const folder = currentFolder();
  let command: ServerCommand;
  try {
    command = await findServer(folder, log);
  } catch (error) {
    if (!(error instanceof ServerNotFound)) throw error;
    log(`Not started: ${error.message}`);
    void reportMissing(error.message);
    return;
  }
  server = command;
  log(`Starting ${[command.command, ...command.args].join(' ')}`);

  let stderrTail = '';
  let exit: Promise<number | null> = Promise.resolve(null);
  const serverOptions: ServerOptions = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(command.command, command.args, {
        cwd: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
        env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
        shell: /\.(cmd|bat)$/i.test(command.command),
        windowsHide: true,
      });
      languageClient.serverProcess = child;
      stderrTail = '';
      exit = new Promise((done) => child.once('close', (code) => done(code)));
      child.stderr?.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
      });
      child.once('spawn', () => resolve(child));
      child.once('error', reject);
    });

  const crashes: number[] = [];
  let reported = false;
  const reportStartFailure = async (error?: unknown): Promise<void> => {
    if (reported) return;
    reported = true;
    // Let the process finish writing its error before reading it.
    const code = await Promise.race([exit, new Promise<null>((done) => setTimeout(() => done(null), 2000))]);
    if (/No module named '?cicadraft(?![.\w])/.test(stderrTail)) {
      void reportMissing(`${command.command} ${command.args.join(' ')} fails: No module named cicadraft.`);
      return;
    }
    const detail = lastLine(stderrTail) ?? (error instanceof Error ? error.message : undefined);
    const choice = await vscode.window.showErrorMessage(
      `The cicadraft server (${command.command}) stopped while starting${code !== null ? ` (exit status ${code})` : ''}` +
        (detail ? `: ${detail}` : '.'),
      'Show Output',
      'Open Settings',
    );
    if (choice === 'Show Output') output.show(true);
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'cicadraft.server');
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'cicadraft' },
      { scheme: 'untitled', language: 'cicadraft' },
    ],
    synchronize: { configurationSection: 'cicadraft' },
    initializationOptions: settings(folder),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticCollectionName: 'cicadraft',
    middleware: { executeCommand: decideMiddleware },
    initializationFailedHandler: () => false,
    errorHandler: {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
      closed: () => {
        if (languageClient.state === State.Starting) {
          // It never came up: say why, once, and do not spin in a restart loop.
          void reportStartFailure();
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length <= MAX_CRASHES) {
          log(`The server stopped (${lastLine(stderrTail) ?? 'no message'}); restarting it.`);
          return { action: CloseAction.Restart, handled: true };
        }
        void vscode.window
          .showErrorMessage(`The cicadraft server stopped ${crashes.length} times in 3 minutes and will not be restarted.`, 'Show Output', 'Restart Server')
          .then((choice) => {
            if (choice === 'Show Output') output.show(true);
            if (choice === 'Restart Server') void vscode.commands.executeCommand('cicadraft.restartServer');
          });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };

  const languageClient = new CicadraftClient('cicadraft', 'cicadraft', serverOptions, clientOptions);
  client = languageClient;
  status.setClient(languageClient);
  negotiation.setClient(languageClient);
  languageClient.onDidChangeState(({ newState }) => {
    if (newState === State.Stopped) killSoon(languageClient.serverProcess);
  });
  // Not awaited: a server that never answers `initialize` must not block a restart.
  // start() may resolve although the server died while starting: check the state.
  const started = (error?: unknown) => {
    if (languageClient.isRunning()) {
      log('Server running.');
    } else if (client === languageClient) {
      log(`Server did not start${error instanceof Error ? `: ${error.message}` : '.'}`);
      void reportStartFailure(error);
    }
  };
  languageClient.start().then(() => started(), started);
}

/** Ends a server process that has not exited by itself shortly after its client stopped. */
function killSoon(child: ChildProcess | undefined, delayMs = 1000): void {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }, delayMs).unref();
}

async function stopServer(): Promise<void> {
  const stopping = client;
  client = undefined;
  server = undefined;
  status.setClient(undefined);
  negotiation.setClient(undefined);
  if (!stopping) return;
  try {
    if (stopping.isRunning()) await stopping.dispose(2000);
  } catch (error) {
    log(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // A server that is still starting cannot be shut down through LSP.
    killSoon(stopping.serverProcess);
  }
}

async function reportMissing(detail: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`cicadraft is not installed: ${detail} ${INSTALL_HINT}`, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'cicadraft.server.path');
  if (choice === 'Show Output') output.show(true);
}

function lastLine(text: string): string | undefined {
  return text.trim().split(/\r?\n/).pop()?.trim() || undefined;
}

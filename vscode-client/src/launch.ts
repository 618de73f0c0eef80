// Finding the cicadraft language server: the configured executable, `cicadraft` on PATH,
// or `python -m cicadraft` of the selected Python interpreter.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';

export interface ServerCommand {
  command: string;
  args: string[];
  /** Set when the server runs as `python -m cicadraft`: restart it when the interpreter changes. */
  python?: string;
}

/** The server cannot be found; `message` says what was tried. */
export class ServerNotFound extends Error {}

const isWindows = process.platform === 'win32';

export async function findServer(folder: vscode.WorkspaceFolder | undefined, log: (line: string) => void): Promise<ServerCommand> {
  const configured = vscode.workspace.getConfiguration('cicadraft', folder?.uri).get<string>('server.path', '').trim();
  if (configured) {
    const executable = await findExecutable(expandPath(configured, folder));
    if (!executable) {
      throw new ServerNotFound(`cicadraft.server.path is set to "${configured}", but there is no such executable.`);
    }
    return { command: executable, args: ['serve'] };
  }

  const onPath = await findExecutable('cicadraft');
  if (onPath) {
    return { command: onPath, args: ['serve'] };
  }

  log(`No cicadraft executable on PATH (${process.env.PATH ?? ''}); trying python -m cicadraft.`);
  const python = await pythonInterpreter(folder, log);
  const probe = await probeModule(python.command);
  if (probe === 'ok') {
    return { command: python.command, args: ['-m', 'cicadraft', 'serve'], python: python.command };
  }
  const interpreter = python.description === python.command ? python.command : `${python.description} (${python.command})`;
  const tried = `there is no cicadraft executable on PATH, and ${interpreter}`;
  switch (probe) {
    case 'no-python':
      throw new ServerNotFound(`${tried} could not be run.`);
    case 'no-module':
      throw new ServerNotFound(`${tried} has no module named cicadraft.`);
    case 'no-main':
      throw new ServerNotFound(`${tried} has a cicadraft package that cannot be run as \`python -m cicadraft\` (it has no __main__ module; upgrade it).`);
  }
}

/** `~` and `${workspaceFolder}` expanded; a relative path is taken from the workspace folder. */
function expandPath(value: string, folder: vscode.WorkspaceFolder | undefined): string {
  let result = value.replace(/\$\{workspaceFolder\}/g, folder?.uri.fsPath ?? '');
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  if (!path.isAbsolute(result) && /[\\/]/.test(result) && folder) {
    result = path.join(folder.uri.fsPath, result);
  }
  return result;
}

/** An absolute path to an executable: `name` itself when it is a path, else the first match on PATH. */
export async function findExecutable(name: string): Promise<string | undefined> {
  const extensions = isWindows ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : [''];
  const candidates = (base: string) => extensions.map((ext) => base + ext);
  if (path.isAbsolute(name) || /[\\/]/.test(name)) {
    for (const candidate of candidates(path.resolve(name))) {
      if (await isExecutableFile(candidate)) return candidate;
    }
    return undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const candidate of candidates(path.join(dir, name))) {
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) return false;
    await fs.promises.access(file, isWindows ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface Interpreter {
  command: string;
  description: string;
}

/** The subset of the ms-python.python extension API used here. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(environment: { id: string; path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  return extension.isActive ? extension.exports : await extension.activate();
}

/** The Python interpreter selected in the Python extension, else python3 (python on Windows). */
async function pythonInterpreter(folder: vscode.WorkspaceFolder | undefined, log: (line: string) => void): Promise<Interpreter> {
  const description = 'the Python interpreter selected in the Python extension';
  try {
    const api = await pythonApi();
    if (api?.environments) {
      const active = api.environments.getActiveEnvironmentPath(folder?.uri);
      const resolved = await api.environments.resolveEnvironment(active);
      const executable = resolved?.executable.uri?.fsPath;
      if (executable) return { command: executable, description };
    }
    const execCommand = api?.settings?.getExecutionDetails(folder?.uri).execCommand;
    if (execCommand?.length === 1) return { command: execCommand[0], description };
  } catch (error) {
    log(`Could not ask the Python extension for the interpreter: ${String(error)}`);
  }
  return { command: isWindows ? 'python' : 'python3', description: isWindows ? 'python' : 'python3' };
}

/** Calls `listener` when the interpreter selected in the Python extension changes. */
export async function onPythonInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  try {
    return (await pythonApi())?.environments?.onDidChangeActiveEnvironmentPath?.(listener);
  } catch {
    return undefined;
  }
}

type Probe = 'ok' | 'no-python' | 'no-module' | 'no-main';

const PROBE = [
  'import importlib.util, sys',
  'if importlib.util.find_spec("cicadraft") is None: sys.exit(3)',
  'if importlib.util.find_spec("cicadraft.__main__") is None: sys.exit(4)',
].join('\n');

/** Whether `python -m cicadraft` can work, without starting the server. */
function probeModule(python: string): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(python, ['-c', PROBE], { timeout: 30_000, windowsHide: true }, (error) => {
      if (!error) return resolve('ok');
      const code: unknown = (error as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'EACCES') return resolve('no-python');
      if (code === 3) return resolve('no-module');
      if (code === 4) return resolve('no-main');
      // Anything else (a broken interpreter, a timeout): try to start it and report what it says.
      resolve('ok');
    });
  });
}

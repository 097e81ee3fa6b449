// The extension's state: output channels, status bar, editor state and the one language client,
// with start, stop and restart.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { BootstrapError, checkVersion, findServer, goPlatformOf, targetName, type Exec, type ResolvedServer } from './bootstrap';
import { createClient, MAX_RESTARTS } from './client';
import { machineSettingsFile, userSettingsFile } from './editorState';
import { DidChangeEditorStateNotification, RecheckRequest, StatusNotification, toStatusParams } from './protocol';
import { ProcessWatcher } from './processes';
import { ReportDocuments } from './report';
import { ReportView } from './reportView';
import { EditorStateTracker } from './state';
import { StatusBar } from './statusBar';

export const SERVER_PATH_SETTING = 'goEnvDoctor.server.path';
const STOP_TIMEOUT_MS = 2000;
/** A server that has not answered `initialize` by then is treated as hung. */
const START_TIMEOUT_MS = 30_000;
/** How long a failed start waits for the client's own restart before notifying. */
const START_FAILURE_GRACE_MS = 1_000;

const execVersion: Exec = (file, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, env: process.env, windowsHide: true, maxBuffer: 64 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(Object.assign(new Error(err.message), { killed: err.killed, code: err.code, stderr }));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Ends the process of a client that never finished starting: vscode-languageclient cannot stop
 * a client in that state (`stop()` throws), and the process would outlive the client.
 */
function killServerProcess(client: LanguageClient): void {
  const proc = (client as unknown as { _serverProcess?: { kill(): boolean } })._serverProcess;
  proc?.kill();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Ctx implements vscode.Disposable {
  /** The extension's log; the server's stderr and the client's messages go here too. */
  readonly log: vscode.LogOutputChannel;
  /** LSP traffic when goEnvDoctor.trace.server is on. */
  readonly traceLog: vscode.LogOutputChannel;
  readonly processes: ProcessWatcher;
  readonly editorState: EditorStateTracker;
  readonly statusBar: StatusBar;
  readonly reports: ReportDocuments;
  /** The report webview (Show Report), fed with every goEnvDoctor/status. */
  readonly reportView: ReportView;
  private client: LanguageClient | undefined;
  private clientSubscriptions: vscode.Disposable[] = [];
  /** start/stop/restart run one after the other; commands wait for the one in flight. */
  private lifecycle: Promise<void> = Promise.resolve();
  /** One failure notification per start. */
  private notified = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Go Env Doctor', { log: true });
    this.traceLog = vscode.window.createOutputChannel('Go Env Doctor (LSP trace)', { log: true });
    this.processes = new ProcessWatcher(this.log);
    this.editorState = new EditorStateTracker(context, this.processes, (state) => {
      const client = this.runningClient();
      if (client) {
        this.log.debug(`Sending the editor state (${state.folders.length} folders, ${state.settings.length} settings, ${state.processes.length} processes)`);
        client.sendNotification(DidChangeEditorStateNotification, state).catch((err: unknown) => this.log.warn(`Sending the editor state failed: ${errorText(err)}`));
      }
    });
    this.statusBar = new StatusBar(this.editorState.activeFolder);
    this.reports = new ReportDocuments(this.log);
    this.reportView = new ReportView(context.extensionUri, this.editorState.activeFolder, this.log);
    this.disposables.push(
      this.log,
      this.traceLog,
      this.processes,
      this.editorState,
      this.statusBar,
      this.reports,
      this.reportView,
      this.editorState.onDidChangeActiveFolder((uri) => {
        this.statusBar.setActiveFolder(uri);
        this.reportView.setActiveFolder(uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SERVER_PATH_SETTING)) {
          this.offerRestart(vscode.l10n.t('The Go Env Doctor server path changed. Restart the server to use it?'));
        }
      }),
    );
  }

  /** The client when the server is running. */
  runningClient(): LanguageClient | undefined {
    return this.client?.isRunning() ? this.client : undefined;
  }

  /** Waits for a start in flight; then the running client, or a warning saying the server is not running. */
  async clientOrWarn(): Promise<LanguageClient | undefined> {
    await this.lifecycle;
    const client = this.runningClient();
    if (!client) {
      this.warnNotRunning();
    }
    return client;
  }

  private warnNotRunning(): void {
    const restart = vscode.l10n.t('Restart Server');
    const logs = vscode.l10n.t('Show Logs');
    void vscode.window.showWarningMessage(vscode.l10n.t('The Go Env Doctor server is not running.'), restart, logs).then((choice) => this.runChoice(choice, restart, logs));
  }

  private runChoice(choice: string | undefined, restart: string, logs: string): void {
    if (choice === restart) {
      void this.restart();
    } else if (choice === logs) {
      this.log.show();
    }
  }

  private offerRestart(message: string): void {
    const restart = vscode.l10n.t('Restart Server');
    void vscode.window.showInformationMessage(message, restart).then((choice) => {
      if (choice === restart) {
        void this.restart();
      }
    });
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.log.info('Restarting the server');
      await this.doStop();
      await this.doStart();
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    // The queue never rejects: each step reports its own errors, and anything unexpected is logged.
    this.lifecycle = this.lifecycle.then(step).catch((err: unknown) => this.log.error(`Unexpected error: ${errorText(err)}`));
    return this.lifecycle;
  }

  /** Finds the binary and checks that it runs on this host (`--version`, awaited). */
  private async locateServer(): Promise<ResolvedServer> {
    const config = vscode.workspace.getConfiguration();
    const inspected = config.inspect<unknown>(SERVER_PATH_SETTING);
    const server = await findServer({
      env: process.env,
      platform: process.platform,
      arch: process.arch,
      extensionPath: this.context.extensionPath,
      homedir: os.homedir(),
      trusted: vscode.workspace.isTrusted,
      // In Restricted Mode only the user (or remote) value counts, never a workspace value.
      setting: { globalValue: inspected?.globalValue, effectiveValue: vscode.workspace.isTrusted ? config.get<unknown>(SERVER_PATH_SETTING) : undefined },
      isFile,
    });
    this.log.info(`Server binary: ${server.path} (from ${server.source})`);
    const target = targetName(process.platform, process.arch);
    const info = await checkVersion(server.path, target, execVersion);
    this.log.info(`Server version: ${info.line}`);
    const want = goPlatformOf(process.platform, process.arch);
    if (info.platform !== undefined && info.platform !== want) {
      this.log.warn(`The server binary is built for ${info.platform}; this extension host is ${want}`);
    }
    const extensionVersion = (this.context.extension.packageJSON as { version: string }).version;
    if (info.version !== extensionVersion) {
      this.log.info(`Server version ${info.version} differs from the extension version ${extensionVersion}`);
    }
    return server;
  }

  private async doStart(): Promise<void> {
    this.notified = false;
    this.statusBar.setState('starting');
    let server: ResolvedServer;
    try {
      server = await this.locateServer();
    } catch (err) {
      this.bootstrapFailed(err);
      return;
    }
    let abandoned = false;
    const client: LanguageClient = createClient({
      binary: server.path,
      editorState: () => this.editorState.collect(),
      userSettingsFile: userSettingsFile(this.context.globalStorageUri, vscode.env.remoteName),
      machineSettingsFile: machineSettingsFile(this.context.globalStorageUri, vscode.env.remoteName),
      log: this.log,
      traceLog: this.traceLog,
      crash: {
        abandoned: () => abandoned || this.client !== client,
        restarting: () => {
          this.log.warn('The server exited unexpectedly; restarting it');
          this.statusBar.setState('restarting');
        },
        gaveUp: (message) => {
          this.log.error(`The server exited unexpectedly and will not be restarted. ${message}`);
          this.failed(vscode.l10n.t('The Go Env Doctor server crashed {0} times in 3 minutes and was not restarted.', MAX_RESTARTS + 1));
        },
      },
    });
    this.client = client;
    this.clientSubscriptions.push(
      client.onDidChangeState((e) => this.clientStateChanged(e.newState)),
      client.onNotification(StatusNotification, (params) => {
        const status = toStatusParams(params);
        if (status) {
          this.statusBar.setStatus(status);
          this.reportView.setStatus(status);
        } else {
          this.log.warn('Ignoring a malformed goEnvDoctor/status notification');
        }
      }),
    );
    const started = client.start();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS);
    });
    try {
      if ((await Promise.race([started, timeout])) === 'timeout') {
        started.catch(() => undefined);
        abandoned = true;
        this.log.error(`The server did not answer initialize within ${START_TIMEOUT_MS / 1000} s`);
        killServerProcess(client);
        this.failed(vscode.l10n.t('The Go Env Doctor server did not start within {0} seconds.', START_TIMEOUT_MS / 1000));
        return;
      }
      this.log.info('Server started');
    } catch (err) {
      this.log.error(`Starting the server failed: ${errorText(err)}`);
      const message = vscode.l10n.t('The Go Env Doctor server could not be started: {0}', errorText(err));
      this.statusBar.setState('failed', message);
      // When the process died, the client restarts it (errorHandler.closed) right after this
      // failure, and gives up with its own notification after 5 crashes. Tell the user only
      // when nothing of that happened.
      setTimeout(() => {
        if (this.client === client && this.statusBar.state === 'failed' && !this.notified) {
          this.failed(message);
        }
      }, START_FAILURE_GRACE_MS);
    } finally {
      clearTimeout(timer);
    }
  }

  private clientStateChanged(state: State): void {
    const current = this.statusBar.state;
    switch (state) {
      case State.Starting:
        if (current !== 'restarting') {
          this.statusBar.setState('starting');
        }
        break;
      case State.Running:
        this.statusBar.setState('running');
        break;
      case State.StartFailed:
        this.reportView.setStatus(undefined);
        if (current !== 'failed') {
          this.statusBar.setState('failed');
        }
        break;
      case State.Stopped:
        // Like the status bar: the last status is dropped when the server goes away.
        this.reportView.setStatus(undefined);
        if (current !== 'restarting' && current !== 'failed') {
          this.statusBar.setState('stopped');
        }
        break;
    }
  }

  /** Error state plus one notification per start, with Restart and Show Logs. */
  private failed(message: string): void {
    this.statusBar.setState('failed', message);
    if (this.notified) {
      return;
    }
    this.notified = true;
    const restart = vscode.l10n.t('Restart Server');
    const logs = vscode.l10n.t('Show Logs');
    void vscode.window.showErrorMessage(message, restart, logs).then((choice) => this.runChoice(choice, restart, logs));
  }

  private bootstrapFailed(err: unknown): void {
    const message = err instanceof BootstrapError ? this.describeBootstrapError(err) : vscode.l10n.t('The Go Env Doctor server could not be started: {0}', errorText(err));
    this.log.error(errorText(err));
    this.statusBar.setState('failed', message);
    if (this.notified) {
      return;
    }
    this.notified = true;
    const settings = vscode.l10n.t('Open Settings');
    const logs = vscode.l10n.t('Show Logs');
    void vscode.window.showErrorMessage(message, settings, logs).then((choice) => {
      if (choice === settings) {
        void vscode.commands.executeCommand('workbench.action.openSettings', SERVER_PATH_SETTING);
      } else if (choice === logs) {
        this.log.show();
      }
    });
  }

  private describeBootstrapError(err: BootstrapError): string {
    const bin = err.binary ?? '';
    switch (err.code) {
      case 'no-binary':
        return vscode.l10n.t('This VSIX has no go-env-doctor binary for {0}; install the platform VSIX or set goEnvDoctor.server.path.', err.target);
      case 'env-missing':
        return vscode.l10n.t('GO_ENV_DOCTOR_SERVER is set to {0}, which does not exist.', bin);
      case 'setting-missing':
        return vscode.l10n.t('goEnvDoctor.server.path is {0}, which was not found.', bin);
      case 'setting-relative':
        return vscode.l10n.t('goEnvDoctor.server.path must be an absolute path or a command name on PATH, not {0}.', bin);
      case 'version-failed':
        return vscode.l10n.t('{0} --version failed: {1}. The binary may be built for another platform than this one ({2}).', bin, err.detail, err.target);
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientSubscriptions) {
      d.dispose();
    }
    this.clientSubscriptions = [];
    if (!client) {
      return;
    }
    try {
      if (client.state === State.Running) {
        await client.stop(STOP_TIMEOUT_MS);
      } else if (client.state === State.Starting) {
        killServerProcess(client);
      }
    } catch (err) {
      this.log.warn(`Stopping the server: ${errorText(err)}`);
    }
    try {
      await client.dispose(STOP_TIMEOUT_MS);
    } catch {
      // A client that never ran cannot be stopped; disposing it is all there is to do.
    }
    this.log.info('Server stopped');
  }

  /** Drops the server's caches and diagnoses again; quiet (for fixes). */
  async recheckQuietly(): Promise<void> {
    const client = this.runningClient();
    if (!client) {
      return;
    }
    try {
      const result = await client.sendRequest(RecheckRequest, {});
      this.log.info(`Re-checked: ${result.findings} findings`);
    } catch (err) {
      this.log.warn(`Re-check failed: ${errorText(err)}`);
    }
  }

  showLogs(): void {
    this.log.show();
  }

  async dispose(): Promise<void> {
    await this.enqueue(() => this.doStop());
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

// The extension's state: output channels, status bar, editor state and the one language client,
// with start, stop and restart, and the restart of a server the watchdog finds hung.

import { type ChildProcess, execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { BootstrapError, checkVersion, findServer, goPlatformOf, targetName, type Exec, type ResolvedServer } from './bootstrap';
import { createClient } from './client';
import { machineSettingsFile, userSettingsFile } from './editorState';
import { redactingChannel } from './logRedaction';
import { DidChangeEditorStateNotification, PingRequest, RecheckRequest, StatusNotification, toStatusParams } from './protocol';
import { ProcessWatcher } from './processes';
import { ReportDocuments } from './report';
import { ReportView } from './reportView';
import { MAX_RESTARTS, RestartBudget } from './restartBudget';
import { EditorStateTracker } from './state';
import { StatusBar } from './statusBar';
import { Watchdog, WATCHDOG_ENV, watchdogTiming, type WatchdogTiming } from './watchdog';

export const SERVER_PATH_SETTING = 'goEnvDoctor.server.path';
const STOP_TIMEOUT_MS = 2000;
/** A server that has not answered `initialize` by then is treated as hung. */
const START_TIMEOUT_MS = 30_000;
/** How long a failed start waits for the client's own restart before notifying. */
const START_FAILURE_GRACE_MS = 1_000;
/** A hung server is asked to shut down, briefly (it will hardly answer), before it is killed. */
const HUNG_STOP_TIMEOUT_MS = 1_000;
/** How long a killed process may take to be gone before the log says it is not. */
const KILL_WAIT_MS = 2_000;

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

/** The server's process, which vscode-languageclient keeps private. */
function serverProcess(client: LanguageClient): ChildProcess | undefined {
  return (client as unknown as { _serverProcess?: ChildProcess })._serverProcess;
}

/**
 * SIGKILL, because a stopped or deadlocked process may never act on anything else, then wait until
 * it is gone: Node emits 'exit' once it has reaped the child, so neither a live orphan nor a
 * zombie is left. False when it is not gone within KILL_WAIT_MS.
 */
function killProcess(proc: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), KILL_WAIT_MS);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
    proc.kill('SIGKILL');
  });
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
  /** Watches the running server of `client`. */
  private watchdog: Watchdog | undefined;
  private readonly watchdogTiming: WatchdogTiming;
  /** Restarts after crashes and hangs; a restart the user asks for begins a new budget. */
  private restarts = new RestartBudget();
  /** start/stop/restart run one after the other; commands wait for the one in flight. */
  private lifecycle: Promise<void> = Promise.resolve();
  /** One failure notification per start. */
  private notified = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Go Env Doctor', { log: true });
    // The trace logs raw protocol messages (the host environment, fix payloads): redacted.
    this.traceLog = redactingChannel(vscode.window.createOutputChannel('Go Env Doctor (LSP trace)', { log: true }));
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
    this.watchdogTiming = watchdogTiming(process.env[WATCHDOG_ENV]);
    if (process.env[WATCHDOG_ENV] !== undefined) {
      this.log.info(`${WATCHDOG_ENV}: ping every ${this.watchdogTiming.intervalMs} ms, hung after ${this.watchdogTiming.timeoutMs} ms`);
    }
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
      this.restarts = new RestartBudget();
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

  /** `restarting` keeps that state in the status bar through the start (after a hang). */
  private async doStart(shown: 'starting' | 'restarting' = 'starting'): Promise<void> {
    this.notified = false;
    this.statusBar.setState(shown);
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
        allowRestart: () => this.restarts.allow(),
        restarting: () => {
          this.log.warn('The server exited unexpectedly; restarting it');
          this.statusBar.setState('restarting');
        },
        gaveUp: () => {
          this.log.error('The server exited unexpectedly and will not be restarted');
          this.gaveUp();
        },
      },
    });
    this.client = client;
    const watchdog = new Watchdog({
      ping: () => client.sendRequest(PingRequest),
      hung: (reason) => this.hung(client, reason),
      timing: this.watchdogTiming,
    });
    this.watchdog = watchdog;
    this.clientSubscriptions.push(
      client.onDidChangeState((e) => {
        // Only a running server can answer; the client's own restart after a crash runs it again.
        if (e.newState === State.Running) {
          watchdog.start();
        } else {
          watchdog.stop();
        }
        this.clientStateChanged(e.newState);
      }),
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
        await this.kill(serverProcess(client));
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

  /**
   * The watchdog's verdict on the running server of `client`: stop it (briefly, then SIGKILL) and
   * start a new one, within the restart budget it shares with crashes; past it, stay down.
   */
  private hung(client: LanguageClient, reason: string): void {
    void this.enqueue(async () => {
      if (this.client !== client) {
        return; // replaced meanwhile (Restart Server)
      }
      this.log.error(`The server (pid ${serverProcess(client)?.pid ?? 'unknown'}) is hung: ${reason}`);
      if (!this.restarts.allow()) {
        this.log.error('The server will not be restarted: too many crashes or hangs');
        this.gaveUp();
        await this.doStop(HUNG_STOP_TIMEOUT_MS);
        return;
      }
      this.statusBar.setState('restarting');
      await this.doStop(HUNG_STOP_TIMEOUT_MS);
      this.log.warn('Restarting the hung server');
      await this.doStart('restarting');
    });
  }

  private gaveUp(): void {
    this.failed(vscode.l10n.t('The Go Env Doctor server crashed or stopped responding {0} times in 3 minutes and was not restarted.', MAX_RESTARTS + 1));
  }

  /** SIGKILL a server process that would not stop, and log whether it is gone. */
  private async kill(proc: ChildProcess | undefined): Promise<void> {
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      return; // gone already
    }
    if (await killProcess(proc)) {
      this.log.info(`Server process ${proc.pid ?? '?'} killed`);
    } else {
      this.log.error(`Server process ${proc.pid ?? '?'} is still there ${KILL_WAIT_MS} ms after SIGKILL`);
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

  /**
   * Stops the server: shutdown/exit within stopTimeoutMs, else (and for a server still starting,
   * which vscode-languageclient cannot stop) SIGKILL, waiting until the process is gone.
   */
  private async doStop(stopTimeoutMs = STOP_TIMEOUT_MS): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.watchdog?.stop();
    this.watchdog = undefined;
    for (const d of this.clientSubscriptions) {
      d.dispose();
    }
    this.clientSubscriptions = [];
    // What the report shows came from this server; the next one sends its own.
    this.reportView.setStatus(undefined);
    if (!client) {
      return;
    }
    const proc = serverProcess(client);
    let stopped = false;
    try {
      if (client.state === State.Running) {
        await client.stop(stopTimeoutMs);
        stopped = true;
      }
    } catch (err) {
      this.log.warn(`Stopping the server: ${errorText(err)}`);
    }
    if (!stopped) {
      await this.kill(proc);
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
      const result = await this.watched(client.sendRequest(RecheckRequest, {}), RecheckRequest.method);
      this.log.info(`Re-checked: ${result.findings} findings`);
    } catch (err) {
      this.log.warn(`Re-check failed: ${errorText(err)}`);
    }
  }

  /** A request of the user, watched: unanswered for long, it makes the watchdog ping the server at once. */
  watched<T>(request: Promise<T>, what: string): Promise<T> {
    return this.watchdog ? this.watchdog.watch(request, what) : request;
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

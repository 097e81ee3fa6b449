// Creating the LanguageClient for `go-env-doctor lsp`: how the server is started, which documents
// it sees, and how crashes are handled (hangs: watchdog.ts and ctx.ts).

import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import type * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { EditorState } from './protocol';
import { documentSelector } from './selector';

export const CLIENT_ID = 'goEnvDoctor';
export const CLIENT_NAME = 'Go Env Doctor';

export interface CrashHooks {
  /** True when this client was given up on by the extension: never restart it. */
  abandoned(): boolean;
  /** Records a restart in the extension's budget, shared with hangs (restartBudget.ts); false when it is spent. */
  allowRestart(): boolean;
  /** The server exited unexpectedly and will be restarted. */
  restarting(): void;
  /** The server exited unexpectedly too often; it stays down. */
  gaveUp(): void;
}

export interface ClientParams {
  binary: string;
  /** Called for initializationOptions at every (re)start, so a restart sends the current state. */
  editorState: () => EditorState;
  userSettingsFile: string | null;
  machineSettingsFile: string | null;
  /** Server stderr and the client's own messages. */
  log: vscode.LogOutputChannel;
  /** LSP traffic (goEnvDoctor.trace.server). */
  traceLog: vscode.LogOutputChannel;
  crash: CrashHooks;
}

/** A panic or an internal error is an error; everything else the server writes to stderr is its log. */
const SERVER_ERROR_LINE = /^(panic|fatal error):|internal error/;

/**
 * The server's stderr, line by line, at info level: it is the server's log, not a stream of
 * errors (vscode-languageclient would log every line as an error).
 */
function serverStderr(input: Readable, channel: vscode.LogOutputChannel): void {
  readline.createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 }).on('line', (line: string) => {
    if (SERVER_ERROR_LINE.test(line)) {
      channel.error(`[server] ${line}`);
    } else {
      channel.info(`[server] ${line}`);
    }
  });
}

/**
 * The language client, minus its own error popups: vscode-languageclient shows a notification for
 * each failed start and restart ("couldn't create connection to server", "Restarting server
 * failed", …). The extension tells the user once, with actions (status bar and one notification,
 * see ctx.ts); the client's messages still go to the log.
 */
class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}

export function createClient(p: ClientParams): LanguageClient {
  const serverOptions: ServerOptions = {
    // No `transport`: with TransportKind.stdio the client would append `--stdio` to the args.
    command: p.binary,
    args: ['lsp'],
    options: { env: process.env },
  };

  const errorHandler: ErrorHandler = {
    // The default handler's rule (go on for 3 errors, then shut down), except that a missing count
    // is a first error: a killed server often shows up first as a write error (EPIPE) without one,
    // and shutting down then would keep the close that follows from restarting anything.
    error: (_error, _message, count): ErrorHandlerResult => ({ action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    // The hooks tell the user; the client only logs (handled).
    closed(): CloseHandlerResult {
      if (p.crash.abandoned()) {
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      if (!p.crash.allowRestart()) {
        p.crash.gaveUp();
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      p.crash.restarting();
      return { action: CloseAction.Restart, handled: true };
    },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(p.userSettingsFile, p.machineSettingsFile),
    initializationOptions: p.editorState,
    outputChannel: p.log,
    traceOutputChannel: p.traceLog,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticCollectionName: 'go-env-doctor',
    errorHandler,
    // Logged by the client; no popup and no retry (a crash restarts through errorHandler.closed).
    initializationFailedHandler: () => false,
    // stdout is the protocol (stdio transport); only stderr is read as a log.
    stdioOptions: { stdout: () => undefined, stderr: serverStderr },
    markdown: { isTrusted: false, supportHtml: false },
  };

  const client = new QuietLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  return client;
}

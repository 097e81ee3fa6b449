// The report view: one webview panel (media/report.js, media/report.css) showing the last
// goEnvDoctor/status — the context × variable matrix per folder, running processes with an old
// environment, the last network probe, the counts — and buttons that run the extension's commands. Live: every new status
// is posted to it; the HTML is never reloaded for an update.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { StatusParams } from './protocol';
import { parseWebviewMessage, REPORT_ACTIONS, reportHtml, reportLabels, reportModel, type ExtensionMessage } from './reportModel';

const VIEW_TYPE = 'goEnvDoctor.report';

const t = (message: string, ...args: Array<string | number | boolean>): string => vscode.l10n.t(message, ...args);

/** When a probe ran, in VS Code's display language (the runtime's default if Intl does not know it). */
function formatTime(date: Date): string {
  try {
    return date.toLocaleString(vscode.env.language);
  } catch {
    return date.toLocaleString();
  }
}

export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private status: StatusParams | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private activeFolder: string | null,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens the view, or reveals it when it is open. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, t('Go Env Doctor report'), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [media],
      // The view is rebuilt from the last status when it becomes visible again (it asks with 'ready').
      retainContextWhenHidden: false,
    });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
    const webview = panel.webview;
    webview.html = reportHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      lang: vscode.env.language,
      title: t('Go Env Doctor report'),
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.received(raw)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) {
          this.postAll();
        }
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const d of this.panelDisposables) {
          d.dispose();
        }
        this.panelDisposables = [];
      }),
    );
  }

  /** A new goEnvDoctor/status (undefined: the server went away). */
  setStatus(status: StatusParams | undefined): void {
    this.status = status;
    this.postModel();
  }

  setActiveFolder(activeFolder: string | null): void {
    this.activeFolder = activeFolder;
    this.postModel();
  }

  private received(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Ignoring an unknown message from the report view');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.postAll();
        break;
      case 'action':
        void vscode.commands.executeCommand(REPORT_ACTIONS[message.action]);
        break;
    }
  }

  private post(message: ExtensionMessage): void {
    const panel = this.panel;
    if (!panel?.visible) {
      return; // posted again when it becomes visible
    }
    panel.webview.postMessage(message).then(undefined, (err: unknown) => this.log.debug(`Posting to the report view failed: ${String(err)}`));
  }

  private postAll(): void {
    this.post({ type: 'labels', labels: reportLabels(t) });
    this.postModel();
  }

  private postModel(): void {
    this.post({ type: 'model', model: reportModel(this.status, this.activeFolder, t, formatTime) });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

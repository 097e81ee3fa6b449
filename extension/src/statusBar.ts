// The status bar item: the effective GOPROXY of the active folder's gopls, or the server's state.

import * as vscode from 'vscode';
import type { StatusParams } from './protocol';
import { plainText, renderStatus, TOOLTIP_COMMANDS, type ServerState, type StatusModel } from './statusView';

export const STATUS_ITEM_ID = 'goEnvDoctor.status';
const ENABLED_SETTING = 'goEnvDoctor.statusBar.enabled';

const t = (message: string, ...args: Array<string | number | boolean>): string => vscode.l10n.t(message, ...args);

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private model: StatusModel;

  constructor(activeFolder: string | null) {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left);
    this.item.name = 'Go Env Doctor';
    this.model = { state: 'starting', activeFolder };
    this.disposables.push(
      this.item,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(ENABLED_SETTING)) {
          this.render();
        }
      }),
    );
    this.render();
  }

  get state(): ServerState {
    return this.model.state;
  }

  setState(state: ServerState, detail?: string): void {
    // The last status stays while running; it is dropped when the server goes away.
    const status = state === 'running' ? this.model.status : undefined;
    this.model = { state, status, activeFolder: this.model.activeFolder, detail };
    this.render();
  }

  setStatus(status: StatusParams): void {
    this.model = { ...this.model, status };
    this.render();
  }

  setActiveFolder(activeFolder: string | null): void {
    this.model = { ...this.model, activeFolder };
    this.render();
  }

  private render(): void {
    if (!vscode.workspace.getConfiguration().get<boolean>(ENABLED_SETTING, true)) {
      this.item.hide();
      return;
    }
    const view = renderStatus(this.model, t);
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
    this.item.tooltip = tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: plainText(view.text) };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

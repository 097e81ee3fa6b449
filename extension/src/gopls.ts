// Restarting gopls through the Go extension (vscode-go's go.languageserver.restart).

import * as vscode from 'vscode';

export const GOPLS_RESTART = 'go.languageserver.restart';
const VSCODE_GO = 'golang.go';
let warned = false;

/** Why gopls could not be restarted, as a sentence for the user. */
function whyNot(): string {
  const ext = vscode.extensions.getExtension(VSCODE_GO);
  if (!ext) {
    return vscode.l10n.t(
      'Go Env Doctor could not restart gopls: the Go extension (golang.go) is not installed, and it is what starts gopls. If another tool runs gopls, restart it yourself, or reload the window.',
    );
  }
  if (!ext.isActive) {
    return vscode.l10n.t('Go Env Doctor could not restart gopls: the Go extension (golang.go) is installed but not active yet. Open a Go file, or reload the window.');
  }
  return vscode.l10n.t(
    'Go Env Doctor could not restart gopls: the Go extension does not offer the command go.languageserver.restart (is "go.useLanguageServer" off?). Reload the window to restart it.',
  );
}

/**
 * Restarts gopls when the command exists. Otherwise warns (with the reason) and returns false.
 * The warning is not awaited: the caller goes on while it is on screen.
 */
export async function restartGopls(log: vscode.LogOutputChannel): Promise<boolean> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(GOPLS_RESTART)) {
    try {
      await vscode.commands.executeCommand(GOPLS_RESTART);
      log.info('Restarted gopls (go.languageserver.restart)');
      return true;
    } catch (err) {
      log.error(`go.languageserver.restart failed: ${String(err)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Restarting gopls failed: {0}', String(err)));
      return false;
    }
  }
  const reason = whyNot();
  log.warn(reason);
  // Say it once per session: every fix that touches gopls would repeat it.
  if (warned) {
    return false;
  }
  warned = true;
  const reload = vscode.l10n.t('Reload Window');
  void vscode.window.showWarningMessage(reason, reload).then((choice) => {
    if (choice === reload) {
      void vscode.commands.executeCommand('workbench.action.reloadWindow');
    }
  });
  return false;
}

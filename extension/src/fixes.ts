// The two internal commands behind the server's quick fixes (docs/PROTOCOL.md, "Fixes"):
// goEnvDoctor.afterFix runs after VS Code applied a text edit; goEnvDoctor.applyFix applies what
// is not a text edit (configuration API, `go env -w/-u` through the server, a VS Code command).

import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import type { Ctx } from './ctx';
import { GOPLS_RESTART, restartGopls } from './gopls';
import { GO_ENV_COMMAND, isAfterFix, isClientFix, isGoEnvResult, type ClientFix, type GoEnvResult, type SettingChange } from './protocol';
import { sameValue, updateMember } from './settingEdit';

const RELOAD_WINDOW = 'workbench.action.reloadWindow';

const TARGETS: Record<SettingChange['target'], vscode.ConfigurationTarget> = {
  user: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  folder: vscode.ConfigurationTarget.WorkspaceFolder,
};

function layerValue(inspected: ReturnType<vscode.WorkspaceConfiguration['inspect']>, target: SettingChange['target']): unknown {
  switch (target) {
    case 'user':
      return inspected?.globalValue;
    case 'workspace':
      return inspected?.workspaceValue;
    case 'folder':
      return inspected?.workspaceFolderValue;
  }
}

/** The shape of an unexpected value, for the log: never its content, which may hold credentials. */
function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return `object with keys ${Object.keys(v).join(', ')}`;
  }
  return Array.isArray(v) ? 'array' : typeof v;
}

function settingLabel(s: SettingChange): string {
  return [s.key, ...s.member].join(' › ');
}

/** Resolves at the next configuration change, or after timeoutMs (the edit may change nothing VS Code reads). */
function nextConfigurationChange(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = vscode.workspace.onDidChangeConfiguration(done);
    const timer = setTimeout(done, timeoutMs);
  });
}

export class Fixes {
  constructor(private readonly ctx: Ctx) {}

  /** After a text edit: save the touched files, restart gopls when asked, re-check. */
  async afterFix(arg: unknown): Promise<void> {
    if (!isAfterFix(arg)) {
      this.ctx.log.error(`goEnvDoctor.afterFix: unexpected argument (${describe(arg)})`);
      return;
    }
    // VS Code re-reads a saved settings file asynchronously; gopls must restart after that, or
    // vscode-go starts it with the old values.
    const touchesSettings = arg.uris.some((u) => /(\/settings\.json|\.code-workspace)$/.test(vscode.Uri.parse(u).path));
    const reloaded = touchesSettings ? nextConfigurationChange(3000) : Promise.resolve();
    for (const uri of arg.uris) {
      try {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        if (doc.isDirty && !(await doc.save())) {
          this.ctx.log.warn(`Could not save ${uri}`);
        }
      } catch (err) {
        this.ctx.log.warn(`Could not save ${uri}: ${String(err)}`);
      }
    }
    this.ctx.log.info(`Applied fix "${arg.title}" (${arg.check}) to ${arg.uris.length} file(s)`);
    await reloaded;
    await this.finish(arg.restartGopls);
  }

  async applyFix(arg: unknown): Promise<void> {
    if (!isClientFix(arg)) {
      this.ctx.log.error(`goEnvDoctor.applyFix: unexpected argument (${describe(arg)})`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Go Env Doctor could not apply this fix: the server sent a fix this extension does not understand.'));
      return;
    }
    if (!(await this.confirmInRestrictedMode(arg))) {
      return;
    }
    switch (arg.kind) {
      case 'set-setting':
      case 'remove-setting':
        return this.applySetting(arg);
      case 'go-env-w':
      case 'go-env-u':
        return this.applyGoEnv(arg);
      case 'restart-gopls':
        if (arg.command !== undefined && arg.command !== GOPLS_RESTART) {
          this.ctx.log.warn(`applyFix: ignoring command ${arg.command}; gopls is restarted with ${GOPLS_RESTART}`);
        }
        await restartGopls(this.ctx.log);
        await this.ctx.recheckQuietly();
        return;
      case 'reload-window':
        return this.reloadWindow(arg);
    }
  }

  /**
   * In Restricted Mode the fix comes from files of a workspace the user has not trusted: a change
   * outside that workspace (user settings, the go/env file) is confirmed first.
   */
  private async confirmInRestrictedMode(fix: ClientFix): Promise<boolean> {
    if (vscode.workspace.isTrusted) {
      return true;
    }
    const outside = fix.kind === 'go-env-w' || fix.kind === 'go-env-u' || (fix.setting?.target === 'user' && (fix.kind === 'set-setting' || fix.kind === 'remove-setting'));
    if (!outside) {
      return true;
    }
    const apply = vscode.l10n.t('Apply');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace is not trusted. Apply "{0}"? It changes your user settings or your go/env file, outside this workspace.', fix.title),
      { modal: true },
      apply,
    );
    return choice === apply;
  }

  /** Restart gopls when the fix affects it, then re-check (the server also notices file changes itself). */
  private async finish(restart: boolean): Promise<void> {
    if (restart) {
      await restartGopls(this.ctx.log);
    }
    await this.ctx.recheckQuietly();
  }

  /** Offers Undo for a change that is not an editor edit; runs `undo` when taken. */
  private offerUndo(message: string, undo: () => Promise<void>): void {
    const undoLabel = vscode.l10n.t('Undo');
    void vscode.window.showInformationMessage(message, undoLabel).then(async (choice) => {
      if (choice !== undoLabel) {
        return;
      }
      try {
        await undo();
      } catch (err) {
        this.ctx.log.error(`Undo failed: ${String(err)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Undo failed: {0}', String(err)));
      }
    });
  }

  private async applySetting(fix: ClientFix): Promise<void> {
    const s = fix.setting;
    if (!s) {
      return;
    }
    if (s.target !== 'user' && !vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot change {0} in the workspace settings: no folder is open.', s.key));
      return;
    }
    if (s.target === 'folder' && !s.folder) {
      this.ctx.log.error(`applyFix: folder setting ${s.key} without a folder`);
      return;
    }
    const scope = s.folder ? vscode.Uri.parse(s.folder) : undefined;
    const target = TARGETS[s.target];
    const config = vscode.workspace.getConfiguration(undefined, scope);
    const previous = layerValue(config.inspect(s.key), s.target);
    const value = fix.kind === 'remove-setting' ? undefined : (s.value ?? undefined);
    const next = updateMember(previous, s.member, value);
    const label = settingLabel(s);
    if (sameValue(previous, next)) {
      this.ctx.log.info(`applyFix: ${label} (${s.target}) already has that value`);
    } else {
      await config.update(s.key, next, target);
      // Values are not logged: they may hold credentials.
      this.ctx.log.info(`Applied fix "${fix.title}" (${fix.check}): ${value === undefined ? 'removed' : 'set'} ${label} in ${s.target} settings`);
    }
    await this.finish(fix.restartGopls === true);
    this.offerUndo(vscode.l10n.t('Applied: {0}', fix.title), async () => {
      await vscode.workspace.getConfiguration(undefined, scope).update(s.key, previous, target);
      this.ctx.log.info(`Undid "${fix.title}": restored ${label} in ${s.target} settings`);
      await this.finish(fix.restartGopls === true);
    });
  }

  private async runGoEnv(argument: unknown): Promise<GoEnvResult | undefined> {
    const client = await this.ctx.clientOrWarn();
    if (!client) {
      return undefined;
    }
    const result: unknown = await this.ctx.watched(client.sendRequest(ExecuteCommandRequest.type, { command: GO_ENV_COMMAND, arguments: [argument] }), GO_ENV_COMMAND);
    if (!isGoEnvResult(result)) {
      throw new Error(`unexpected answer from ${GO_ENV_COMMAND} (${describe(result)})`);
    }
    // `applied` is redacted by the server.
    this.ctx.log.info(`go env: ${result.applied}`);
    return result;
  }

  private async applyGoEnv(fix: ClientFix): Promise<void> {
    const result = await this.runGoEnv(fix.goEnv);
    if (!result) {
      return;
    }
    await this.finish(fix.restartGopls === true);
    const message = vscode.l10n.t('Applied: {0} ({1})', fix.title, result.applied);
    const undo = result.undo;
    if (undo === null || undo === undefined) {
      void vscode.window.showInformationMessage(message);
      return;
    }
    this.offerUndo(message, async () => {
      if (await this.runGoEnv(undo)) {
        await this.finish(fix.restartGopls === true);
      }
    });
  }

  private async reloadWindow(fix: ClientFix): Promise<void> {
    if (fix.command !== undefined && fix.command !== RELOAD_WINDOW) {
      this.ctx.log.warn(`applyFix: ignoring command ${fix.command}; the window is reloaded with ${RELOAD_WINDOW}`);
    }
    const reload = vscode.l10n.t('Reload Window');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('"{0}" needs a window reload: processes started earlier (gopls, the extension host) keep their old environment until then. Reload now?', fix.title),
      { modal: true },
      reload,
    );
    if (choice === reload) {
      await vscode.commands.executeCommand(RELOAD_WINDOW);
    }
  }
}

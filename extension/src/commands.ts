// The commands, registered once. Those that need the server wait for a start in flight and say so
// when it is not running instead of throwing.

import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import type { Fixes } from './fixes';
import { restartGopls } from './gopls';
import { ExplainRequest, ProbeRequest, RecheckRequest, ReportRequest, toProbeResult, type ProbeResult } from './protocol';
import { CMD } from './statusView';

/** The variables offered by "Explain a variable", with what each decides. */
function explainItems(): vscode.QuickPickItem[] {
  return [
    { label: 'GOPROXY', detail: vscode.l10n.t('Where modules are downloaded from') },
    { label: 'GOSUMDB', detail: vscode.l10n.t('The checksum database that verifies downloaded modules') },
    { label: 'GOPRIVATE', detail: vscode.l10n.t('Module paths fetched directly and not checked against the checksum database') },
    { label: 'GONOPROXY', detail: vscode.l10n.t('Module paths fetched directly, bypassing GOPROXY') },
    { label: 'GONOSUMDB', detail: vscode.l10n.t('Module paths not checked against the checksum database') },
    { label: 'GOINSECURE', detail: vscode.l10n.t('Module paths that may be fetched over plain HTTP or with unverified certificates') },
    { label: 'GOFLAGS', detail: vscode.l10n.t('Flags added to every go command') },
    { label: 'GOTOOLCHAIN', detail: vscode.l10n.t('Which Go toolchain runs, and whether a newer one may be downloaded') },
    { label: 'GOAUTH', detail: vscode.l10n.t('How the go command authenticates to module servers') },
    { label: 'HTTPS_PROXY', detail: vscode.l10n.t('The HTTP proxy for HTTPS requests') },
    { label: 'HTTP_PROXY', detail: vscode.l10n.t('The HTTP proxy for plain HTTP requests') },
    { label: 'NO_PROXY', detail: vscode.l10n.t('Hosts reached without the proxy') },
  ];
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function registerCommands(ctx: Ctx, fixes: Fixes): vscode.Disposable[] {
  const register = (command: string, run: (...args: unknown[]) => Promise<void> | void): vscode.Disposable =>
    vscode.commands.registerCommand(command, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        ctx.log.error(`${command} failed: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Go Env Doctor: {0}', message));
      }
    });

  const report = async (): Promise<string | undefined> => {
    const client = await ctx.clientOrWarn();
    if (!client) {
      return undefined;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Go Env Doctor: building the report…') }, () =>
      ctx.watched(client.sendRequest(ReportRequest, { folder: null }), ReportRequest.method),
    );
    return result.text;
  };

  return [
    register(CMD.showReport, async () => {
      // The view shows the last goEnvDoctor/status (it updates itself); no request needed.
      ctx.reportView.show();
      await ctx.clientOrWarn();
    }),

    register(CMD.copyReport, async () => {
      const text = await report();
      if (text !== undefined) {
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage(vscode.l10n.t('The Go Env Doctor report is on the clipboard (credentials are redacted).'));
      }
    }),

    register(CMD.explain, async (arg?: unknown) => {
      let variable = typeof arg === 'string' && VARIABLE.test(arg) ? arg : undefined;
      if (variable === undefined) {
        const pick = await vscode.window.showQuickPick(explainItems(), {
          title: vscode.l10n.t('Go Env Doctor: Explain a Variable'),
          placeHolder: vscode.l10n.t('Which variable? Its value in every context, and where it came from'),
          matchOnDetail: true,
        });
        if (!pick) {
          return;
        }
        variable = pick.label;
      }
      const client = await ctx.clientOrWarn();
      if (!client) {
        return;
      }
      const name = variable;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Go Env Doctor: explaining {0}…', name) }, () =>
        ctx.watched(client.sendRequest(ExplainRequest, { variables: [name], folder: null }), ExplainRequest.method),
      );
      await ctx.reports.show(vscode.l10n.t('Go Env Doctor {0}', name), result.text);
    }),

    register(CMD.recheck, async () => {
      const client = await ctx.clientOrWarn();
      if (!client) {
        return;
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Go Env Doctor: re-checking the workspace…') },
        () => ctx.watched(client.sendRequest(RecheckRequest, {}), RecheckRequest.method),
      );
      ctx.log.info(`Re-checked: ${result.findings} findings`);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Go Env Doctor: {0} findings', result.findings), 5000);
    }),

    register(CMD.probe, async () => {
      const client = await ctx.clientOrWarn();
      if (!client) {
        return;
      }
      // Restricted Mode: what the probe contacts (GOPROXY, GOSUMDB, HTTP proxies) may be chosen by
      // the untrusted workspace's settings, so ask before contacting it (docs/EXTENSION.md,
      // "Workspace Trust").
      if (!vscode.workspace.isTrusted) {
        const probe = vscode.l10n.t('Probe');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('This workspace is not trusted, and its settings can choose the servers Probe Network contacts (module proxies, checksum databases, HTTP proxies). Probe anyway?'),
          { modal: true },
          probe,
        );
        if (choice !== probe) {
          ctx.log.info('Network probe not started: the workspace is not trusted and the probe was not confirmed');
          return;
        }
      }
      const folder = ctx.editorState.activeFolder;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Go Env Doctor: probing the network…'), cancellable: true },
        async (_progress, token): Promise<ProbeResult> => {
          try {
            // With the token, vscode-languageclient sends $/cancelRequest on Cancel; the server
            // stops and answers canceled: true.
            return toProbeResult(await ctx.watched(client.sendRequest(ProbeRequest, { folder }, token), ProbeRequest.method));
          } catch (err) {
            if (token.isCancellationRequested) {
              // Canceled before the request went out (the client rejects it), or the server gave up.
              ctx.log.debug(`Probe canceled: ${err instanceof Error ? err.message : String(err)}`);
              return { canceled: true, routes: 0, targets: 0, failed: 0, findings: 0, summary: '' };
            }
            throw err;
          }
        },
      );
      if (result.canceled) {
        ctx.log.info('Network probe canceled');
        void vscode.window.showInformationMessage(vscode.l10n.t('The network probe was canceled.'));
        return;
      }
      ctx.log.info(`Network probe: ${result.routes} routes, ${result.targets} targets, ${result.failed} failed, ${result.findings} findings`);
      if (result.failed === 0) {
        void vscode.window.showInformationMessage(result.summary);
        return;
      }
      const show = vscode.l10n.t('Show Report');
      void vscode.window.showWarningMessage(result.summary, show).then((choice) => {
        if (choice === show) {
          void vscode.commands.executeCommand(CMD.showReport);
        }
      });
    }),

    register(CMD.restartGopls, async () => {
      await restartGopls(ctx.log);
    }),

    register(CMD.showLogs, () => ctx.showLogs()),

    register(CMD.restartServer, () => ctx.restart()),

    register(CMD.afterFix, (arg?: unknown) => fixes.afterFix(arg)),

    register(CMD.applyFix, (arg?: unknown) => fixes.applyFix(arg)),
  ];
}

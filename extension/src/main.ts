// Entry point: builds the context, registers the commands once, starts the server.

import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { Fixes } from './fixes';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  ctx = new Ctx(context);
  context.subscriptions.push(...registerCommands(ctx, new Fixes(ctx)));
  ctx.log.info(`Go Env Doctor ${(context.extension.packageJSON as { version: string }).version} activated (${vscode.env.appName}, ${process.platform}-${process.arch}, remote: ${vscode.env.remoteName ?? 'none'}, trusted: ${vscode.workspace.isTrusted})`);
  // Not awaited: activation returns at once. Commands wait for the start in flight, and start
  // reports its own failures (status bar, one notification, the log).
  void ctx.start();
}

export async function deactivate(): Promise<void> {
  const c = ctx;
  ctx = undefined;
  await c?.dispose();
}

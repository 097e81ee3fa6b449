// The environment the extension host started with, which is what terminals and a shell share.
// Pure: the file read is injected, so unit tests need no VS Code.
//
// Extensions change process.env at runtime, and those changes reach only processes that
// extensions spawn: vscode-go copies GOPATH, GOPROXY, GOBIN and GOMODCACHE from `go env` (which
// includes go.toolsEnvVars) into process.env at activation (docs/reference: vscode-go §1.1). Sending
// that mutated env as "the extension host's environment" would make the shell and terminal
// contexts look as if they had the workspace's GOPROXY. On Linux (and WSL) the kernel keeps the
// block the process was started with in /proc/self/environ, untouched by setenv; elsewhere the
// copy taken when this extension's module loaded is the best available (an extension that
// activated earlier may already have changed it).

import { stringEnv } from './editorState';

/** process.env when this module was loaded: before this extension did anything. */
const atLoad: Record<string, string> = stringEnv({ ...process.env });

export type ReadFile = (path: string) => string | undefined;

export interface InitialEnv {
  env: Record<string, string>;
  source: 'proc' | 'activation';
}

/** Parses a NUL-separated environ block; entries without '=' are skipped. */
export function parseEnviron(block: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of block.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) {
      env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  }
  return env;
}

export function initialHostEnv(platform: string, read: ReadFile, snapshot: Record<string, string> = atLoad): InitialEnv {
  if (platform === 'linux') {
    const block = read('/proc/self/environ');
    if (block !== undefined && block.includes('=')) {
      return { env: parseEnviron(block), source: 'proc' };
    }
  }
  return { env: { ...snapshot }, source: 'activation' };
}

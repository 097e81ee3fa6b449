// Finding and validating the go-env-doctor binary. Pure: the file system, process execution and
// the setting values are injected, so the resolution order is unit-tested without VS Code.

import * as path from 'node:path';

/** Where the binary came from, in resolution order. */
export type ServerSource = 'env' | 'setting' | 'bundled';

export interface ResolvedServer {
  path: string;
  source: ServerSource;
}

/** The values of goEnvDoctor.server.path (what `inspect()` and `get()` return). */
export interface ServerPathSetting {
  /** User (or remote) settings: always honoured. */
  globalValue?: unknown;
  /** What VS Code resolves for the window (`get()`); honoured only in a trusted workspace. */
  effectiveValue?: unknown;
}

export interface BootstrapEnv {
  /** process.env of the extension host. */
  env: Record<string, string | undefined>;
  platform: string;
  arch: string;
  extensionPath: string;
  homedir: string;
  trusted: boolean;
  setting: ServerPathSetting;
  /** True when a regular file exists at the path. */
  isFile(p: string): Promise<boolean>;
}

export type BootstrapErrorCode =
  | 'env-missing' // GO_ENV_DOCTOR_SERVER names a file that does not exist
  | 'setting-missing' // goEnvDoctor.server.path names a file that does not exist
  | 'setting-relative' // goEnvDoctor.server.path is relative but not a bare command name
  | 'no-binary' // no setting, no bundled binary for this platform
  | 'version-failed'; // `<bin> --version` failed

export class BootstrapError extends Error {
  constructor(
    readonly code: BootstrapErrorCode,
    readonly binary: string | undefined,
    readonly target: string,
    readonly detail: string,
  ) {
    super(`${code}: ${binary ?? target}: ${detail}`);
    this.name = 'BootstrapError';
  }
}

export const SERVER_ENV_VAR = 'GO_ENV_DOCTOR_SERVER';

export function exeName(platform: string): string {
  return platform === 'win32' ? 'go-env-doctor.exe' : 'go-env-doctor';
}

/** The VS Code target name of this host (`linux-x64`, `darwin-arm64`, `win32-x64`, …). */
export function targetName(platform: string, arch: string): string {
  return `${platform}-${arch}`;
}

/** `~` and `~/…` (or `~\…` on Windows) become the home directory. */
export function expandHome(p: string, homedir: string): string {
  if (p === '~') {
    return homedir;
  }
  if (p.startsWith('~/') || p.startsWith('~\\')) {
    return path.join(homedir, p.slice(2));
  }
  return p;
}

/** The server path setting this window may use: the user/remote value always, a workspace value only when trusted. */
export function serverPathFromSetting(setting: ServerPathSetting, trusted: boolean): string | undefined {
  const v = trusted ? (setting.effectiveValue ?? setting.globalValue) : setting.globalValue;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function pathModule(platform: string): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Looks a bare command name up on PATH (with the usual Windows extensions). */
async function lookPath(name: string, env: BootstrapEnv): Promise<string | undefined> {
  const p = pathModule(env.platform);
  const pathVar = env.env.PATH ?? env.env.Path ?? '';
  const exts = env.platform === 'win32' && p.extname(name) === '' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const dir of pathVar.split(p.delimiter)) {
    if (dir === '') {
      continue;
    }
    for (const ext of exts) {
      const candidate = p.join(dir, name + ext);
      if (await env.isFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Resolution order: (1) $GO_ENV_DOCTOR_SERVER, (2) goEnvDoctor.server.path (user/remote value;
 * the workspace value only when trusted; `~/` expanded; a bare name is looked up on PATH),
 * (3) the binary bundled in this platform's VSIX (`<extension>/bin/go-env-doctor[.exe]`).
 * A path that is named but missing is an error rather than a silent fall-through.
 */
export async function findServer(env: BootstrapEnv): Promise<ResolvedServer> {
  const target = targetName(env.platform, env.arch);
  const p = pathModule(env.platform);

  const fromEnv = env.env[SERVER_ENV_VAR]?.trim();
  if (fromEnv) {
    const file = expandHome(fromEnv, env.homedir);
    if (!(await env.isFile(file))) {
      throw new BootstrapError('env-missing', file, target, `$${SERVER_ENV_VAR} names a file that does not exist`);
    }
    return { path: file, source: 'env' };
  }

  const fromSetting = serverPathFromSetting(env.setting, env.trusted);
  if (fromSetting !== undefined) {
    const file = expandHome(fromSetting, env.homedir);
    if (p.isAbsolute(file)) {
      if (!(await env.isFile(file))) {
        throw new BootstrapError('setting-missing', file, target, 'goEnvDoctor.server.path names a file that does not exist');
      }
      return { path: file, source: 'setting' };
    }
    if (file.includes('/') || file.includes('\\')) {
      throw new BootstrapError('setting-relative', file, target, 'goEnvDoctor.server.path must be an absolute path or a command name on PATH');
    }
    const found = await lookPath(file, env);
    if (found === undefined) {
      throw new BootstrapError('setting-missing', file, target, 'goEnvDoctor.server.path names a command that is not on PATH');
    }
    return { path: found, source: 'setting' };
  }

  const bundled = p.join(env.extensionPath, 'bin', exeName(env.platform));
  if (await env.isFile(bundled)) {
    return { path: bundled, source: 'bundled' };
  }
  throw new BootstrapError('no-binary', undefined, target, `no bundled binary at ${bundled}`);
}

export interface VersionInfo {
  /** The whole first line, e.g. `go-env-doctor 0.1.0 (go1.26.8, linux/amd64)`. */
  line: string;
  version: string;
  goVersion?: string;
  /** GOOS/GOARCH the binary was built for. */
  platform?: string;
}

/** Parses `go-env-doctor <version> (go1.26.x, linux/amd64)`. */
export function parseVersion(stdout: string): VersionInfo | undefined {
  const line = stdout.split(/\r?\n/, 1)[0]?.trim() ?? '';
  const m = /^go-env-doctor\s+(\S+)(?:\s+\(([^,()]+),\s*([^()\s]+)\))?/.exec(line);
  if (!m?.[1]) {
    return undefined;
  }
  return { line, version: m[1], goVersion: m[2], platform: m[3] };
}

export type Exec = (file: string, args: string[], timeoutMs: number) => Promise<{ stdout: string; stderr: string }>;

export const VERSION_TIMEOUT_MS = 10_000;

/** Runs `<bin> --version` (bounded by VERSION_TIMEOUT_MS) and parses the answer. */
export async function checkVersion(bin: string, target: string, exec: Exec): Promise<VersionInfo> {
  let out: { stdout: string; stderr: string };
  try {
    out = await exec(bin, ['--version'], VERSION_TIMEOUT_MS);
  } catch (err) {
    throw new BootstrapError('version-failed', bin, target, describeExecError(err));
  }
  const info = parseVersion(out.stdout);
  if (!info) {
    const shown = (out.stdout + out.stderr).trim().slice(0, 200);
    throw new BootstrapError('version-failed', bin, target, `unexpected --version output: ${JSON.stringify(shown)}`);
  }
  return info;
}

function describeExecError(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; killed?: boolean; signal?: unknown; stderr?: unknown };
    const parts: string[] = [];
    if (e.killed) {
      parts.push(`timed out after ${VERSION_TIMEOUT_MS / 1000} s`);
    }
    parts.push(e.message.trim());
    if (typeof e.stderr === 'string' && e.stderr.trim() !== '' && !e.message.includes(e.stderr.trim())) {
      parts.push(e.stderr.trim());
    }
    return parts.join(': ');
  }
  return String(err);
}

/** GOOS/GOARCH that a VS Code host platform/arch should run. */
export function goPlatformOf(platform: string, arch: string): string {
  const goos = platform === 'win32' ? 'windows' : platform;
  const goarch = arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
  return `${goos}/${goarch}`;
}

// The documents the language client syncs to the server (didOpen/didChange) and asks code actions
// for. Diagnostics the server publishes show for any file regardless. Pure.

export interface FileFilter {
  scheme: string;
  pattern: string;
}

/** Files whose content decides an environment: settings, launch and tasks, workspaces, go.mod/go.work, go/env files and env files. */
export const FILE_PATTERNS: readonly string[] = [
  '**/.vscode/{settings,launch,tasks}.json',
  '**/*.code-workspace',
  '**/go.mod',
  '**/go.work',
  '**/go/env',
  '**/go.env',
  '**/*.env',
  '**/.env*',
];

/**
 * Makes a file path usable as a glob for that path: forward slashes, `*?{}` put in brackets, and
 * `[`/`]` (which VS Code's glob cannot escape) matched by `?`.
 */
export function globForPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/[*?{}[\]]/g, (c) => (c === '[' || c === ']' ? '?' : `[${c}]`));
}

/** The patterns, plus the user and Remote settings files when they are on this machine. */
export function documentSelector(...settingsFiles: (string | null)[]): FileFilter[] {
  const filters = FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern }));
  for (const file of settingsFiles) {
    if (file !== null) {
      filters.push({ scheme: 'file', pattern: globForPath(file) });
    }
  }
  // Not `vscode-userdata:` (how "Open User Settings (JSON)" opens the user settings.json): the
  // server reads file: URIs only, and sees that file's saves through its file watcher.
  return filters;
}

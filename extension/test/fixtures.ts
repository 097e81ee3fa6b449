// Shared test data for the pure modules' tests.

import type { FolderStatus } from '../src/protocol';
import type { Translate } from '../src/statusView';

// Like vscode.l10n.t without a bundle: fills in {0}, {1}, …
export const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

type Row = FolderStatus['matrix']['rows'][number];

/** A folder status for "file:///a" with GOPROXY and GOFLAGS columns; `rows` replaces the matrix rows. */
export function folderStatus(over: Partial<FolderStatus> = {}, rows?: Row[]): FolderStatus {
  return {
    uri: 'file:///a',
    name: 'a',
    goproxy: { value: 'https://proxy.golang.org,direct', short: 'proxy.golang.org,direct', layer: '$GOROOT/go.env', origin: '/usr/local/go/go.env:7:9' },
    disagree: [],
    observed: [],
    matrix: {
      vars: ['GOPROXY', 'GOFLAGS'],
      rows: rows ?? [
        { context: 'shell', values: ['https://proxy.golang.org,direct', ''] },
        { context: 'gopls', values: ['https://proxy.golang.org,direct', '-mod=mod'] },
      ],
    },
    ...over,
  };
}

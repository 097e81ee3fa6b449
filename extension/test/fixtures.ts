// Shared test data for the pure modules' tests.

import type { FolderStatus, ObservedStatus } from '../src/protocol';
import type { Translate } from '../src/statusView';

// Like vscode.l10n.t without a bundle: fills in {0}, {1}, …
export const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** A matrix row or an observed process, as tests write them: origins (and a process's values) optional. */
export interface LooseRow {
  context: string;
  values: string[];
  origins?: string[];
}
export type LooseObserved = Omit<ObservedStatus, 'values' | 'origins'> & Partial<Pick<ObservedStatus, 'values' | 'origins'>>;
export type LooseFolder = Omit<Partial<FolderStatus>, 'matrix' | 'observed'> & {
  matrix?: { vars: string[]; rows: LooseRow[] };
  observed?: LooseObserved[];
};

/** A folder status for "file:///a" with GOPROXY and GOFLAGS columns; `rows` replaces the matrix rows. */
export function folderStatus(over: LooseFolder = {}, rows?: LooseRow[]): FolderStatus {
  const matrix = over.matrix ?? {
    vars: ['GOPROXY', 'GOFLAGS'],
    rows: rows ?? [
      { context: 'shell', values: ['https://proxy.golang.org,direct', ''] },
      { context: 'gopls', values: ['https://proxy.golang.org,direct', '-mod=mod'] },
    ],
  };
  return {
    uri: 'file:///a',
    name: 'a',
    goproxy: { value: 'https://proxy.golang.org,direct', short: 'proxy.golang.org,direct', layer: '$GOROOT/go.env', origin: '/usr/local/go/go.env:7:9' },
    disagree: [],
    ...over,
    observed: (over.observed ?? []).map((o) => ({ values: [], origins: [], ...o })),
    matrix: { vars: matrix.vars, rows: matrix.rows.map((r) => ({ origins: [], ...r })) },
  };
}

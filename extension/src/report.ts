// Read-only virtual documents (scheme go-env-doctor) for the report and explanations, shown in the
// Markdown preview, or as text when the preview is not available.

import * as vscode from 'vscode';

export const SCHEME = 'go-env-doctor';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** `go-env-doctor:/<name>.md`; the name is what the editor tab shows. */
  uriFor(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: `/${name.replace(/[/\\]/g, '-')}.md` });
  }

  /** Sets the document's text and opens it in the Markdown preview (or as text). */
  async show(name: string, markdown: string): Promise<void> {
    const uri = this.uriFor(name);
    const known = this.contents.has(uri.toString());
    this.contents.set(uri.toString(), markdown);
    if (known) {
      this.changed.fire(uri);
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    } catch (err) {
      this.log.warn(`Markdown preview not available (${String(err)}); showing the report as text`);
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

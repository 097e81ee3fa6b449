// Escaping text for the trusted Markdown of hovers and for status bar labels. Pure.
//
// Values shown in the status bar tooltip come from files the user (or a cloned repository)
// wrote: GOPROXY values, task labels, launch configuration names. The tooltip is a *trusted*
// MarkdownString (it has command links), so every such value is escaped: a value must never be
// able to form a link, an image, HTML, a table cell boundary or a `$(icon)`.

/** Backslash-escapes every ASCII punctuation character (CommonMark allows that for all of them). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Escapes `$(` so a value shown in a status bar label cannot render as an icon. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** Shortens text to at most max characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** A Markdown link that runs a command with JSON arguments. */
export function commandLink(label: string, command: string, args?: unknown[], title?: string): string {
  const query = args === undefined ? '' : `?${encodeURIComponent(JSON.stringify(args))}`;
  const t = title === undefined ? '' : ` "${title.replace(/["\\]/g, '\\$&')}"`;
  return `[${label}](command:${command}${query}${t})`;
}

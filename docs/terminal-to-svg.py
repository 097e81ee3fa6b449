#!/usr/bin/env python3
"""Render ANSI-colored terminal text (stdin) as an SVG picture for the README (stdout)."""
import html, re, sys

COLORS = {"1": ("#e6edf3", "bold"), "2": ("#8b949e", None), "31": ("#ff7b72", None),
          "33": ("#d29922", None), "36": ("#79c0ff", None)}
lines = sys.stdin.read().rstrip("\n").split("\n")
width = max(len(re.sub(r"\x1b\[[0-9;]*m", "", l)) for l in lines)
cw, lh = 8.4, 19
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(width*cw+40)}" height="{len(lines)*lh+60}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">',
       '<rect width="100%" height="100%" rx="8" fill="#0d1117"/>',
       '<circle cx="20" cy="16" r="5" fill="#ff5f56"/><circle cx="38" cy="16" r="5" fill="#ffbd2e"/><circle cx="56" cy="16" r="5" fill="#27c93f"/>']
for i, line in enumerate(lines):
    y = 50 + i * lh
    spans, color, weight = [], "#c9d1d9", None
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        m = re.match(r"\x1b\[([0-9;]*)m", part)
        if m:
            code = m.group(1)
            color, weight = COLORS.get(code, ("#c9d1d9", None)) if code not in ("0", "") else ("#c9d1d9", None)
            continue
        if part:
            w = f' font-weight="{weight}"' if weight else ""
            spans.append(f'<tspan fill="{color}"{w}>{html.escape(part)}</tspan>')
    out.append(f'<text x="20" y="{y}" xml:space="preserve">{"".join(spans)}</text>')
out.append("</svg>")
print("\n".join(out))

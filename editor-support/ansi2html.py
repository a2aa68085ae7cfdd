#!/usr/bin/env python3
"""Turns a terminal screen with ANSI SGR colour codes (tmux capture-pane -e)
into a standalone HTML page, for editor-support/screenshot.sh.
Usage: ansi2html.py TITLE < screen.ansi > screen.html"""
import html
import re
import sys

BASE16 = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#3b78ff", "#cd00cd", "#00cdcd", "#e5e5e5",
          "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]


def xterm256(n):
    """The colour of xterm-256 palette entry n as #rrggbb."""
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    g = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (g, g, g)


def apply_sgr(params, st):
    """Updates the style dict st with one SGR sequence's parameters."""
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            st.clear()
        elif c == 1:
            st["bold"] = True
        elif c == 22:
            st.pop("bold", None)
        elif c == 7:
            st["reverse"] = True
        elif c == 27:
            st.pop("reverse", None)
        elif 30 <= c <= 37 or 90 <= c <= 97:
            st["fg"] = BASE16[c - 30 if c < 90 else c - 90 + 8]
        elif 40 <= c <= 47 or 100 <= c <= 107:
            st["bg"] = BASE16[c - 40 if c < 100 else c - 100 + 8]
        elif c == 39:
            st.pop("fg", None)
        elif c == 49:
            st.pop("bg", None)
        elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
            st["fg" if c == 38 else "bg"] = xterm256(codes[i + 2])
            i += 2
        elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
            st["fg" if c == 38 else "bg"] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
            i += 4
        i += 1


def span(text, st):
    """text as an HTML span in style st."""
    fg, bg = st.get("fg"), st.get("bg")
    if st.get("reverse"):
        fg, bg = bg or "#1c1c1c", fg or "#d0d0d0"
    css = []
    if fg:
        css.append("color:" + fg)
    if bg:
        css.append("background:" + bg)
    if st.get("bold"):
        css.append("font-weight:bold")
    t = html.escape(text)
    return '<span style="%s">%s</span>' % (";".join(css), t) if css else t


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "screen"
    out, st = [], {}
    for line in sys.stdin.read().split("\n"):
        pos = 0
        for m in re.finditer(r"\x1b\[([0-9;]*)m", line):
            out.append(span(line[pos:m.start()], st))
            apply_sgr(m.group(1), st)
            pos = m.end()
        out.append(span(line[pos:], st))
        out.append("\n")
    print("<!doctype html><meta charset=utf-8><title>%s</title>"
          "<style>body{margin:0;background:#1c1c1c}"
          "h1{font:13px sans-serif;color:#aaa;margin:6px 10px}"
          "pre{margin:0 10px;font:14px/1.25 'DejaVu Sans Mono',monospace;color:#d0d0d0}</style>"
          "<h1>%s</h1><pre>%s</pre>" % (html.escape(title), html.escape(title), "".join(out)))


main()

"""A dependency-free SVG bar chart for the benchmark report: ratios read better as bars than as a table.

Each panel is a group of horizontal bars (label, value) on its own linear scale, value printed at the bar's
end. Deterministic: the same figures give the same bytes.
"""

from __future__ import annotations

from html import escape

WIDTH = 900
LABEL_WIDTH = 420
BAR_HEIGHT = 18
GAP = 6
COLORS = {"emrdag": "#2b6cb0", "other": "#a0aec0"}


def svg(title: str, panels: list[tuple[str, str, list[tuple[str, float]]]]) -> str:
    """panels: (heading, unit, [(label, value)]); labels starting with 'emrdag' are drawn in emrdag's colour."""
    rows = []
    y = 40
    rows.append(f'<text x="10" y="24" font-size="16" font-weight="bold">{escape(title)}</text>')
    for heading, unit, bars in panels:
        if not bars:
            continue
        y += 14
        rows.append(f'<text x="10" y="{y}" font-size="13" font-weight="bold">{escape(heading)}</text>')
        y += 8
        top = max(value for _, value in bars) or 1.0
        span = WIDTH - LABEL_WIDTH - 110
        for label, value in bars:
            length = max(1.0, span * value / top)
            color = COLORS["emrdag"] if label.startswith("emrdag") else COLORS["other"]
            rows.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" font-size="12" text-anchor="end">{escape(label)}</text>')
            rows.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{color}"/>')
            rows.append(
                f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 13}" font-size="12">{value:,.{2 if value < 100 else 0}f} {escape(unit)}</text>'
            )
            y += BAR_HEIGHT + GAP
        y += 10
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif">\n'
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>\n' + "\n".join(rows) + "\n</svg>\n"
    )

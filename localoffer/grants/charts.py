"""The budget chart: an SVG drawn with matplotlib, always shown beside the table that holds the same figures.

The site's content security policy allows no inline styles, so matplotlib's `style` attributes and `<style>`
element are turned into SVG presentation attributes (which the policy allows), and the chart takes the width
of its column (viewBox, width 100%) instead of a fixed size wider than a phone."""

from __future__ import annotations

import io
import re

from localoffer.grants.selectors import BudgetSummary

_STYLE = re.compile(r'\sstyle="([^"]*)"')
_ALLOWED = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "clip-path",
}


def _as_attributes(match: re.Match[str]) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name == "font":
            # matplotlib writes "font: 10px 'DejaVu Sans'"; the site's font is Arial.
            size = re.search(r"([\d.]+)px", value)
            attributes.append(f' font-size="{size.group(1) if size else 10}" font-family="Arial, sans-serif"')
        elif name in _ALLOWED and '"' not in value:
            attributes.append(f' {name}="{value}"')
    return "".join(attributes)


def svg_without_inline_styles(svg: str) -> str:
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    svg = _STYLE.sub(_as_attributes, svg)
    # The column's width, whatever the screen: the viewBox keeps the proportions.
    svg = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"', r'\1 width="100%"', svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\sheight="[^"]*"', r"\1", svg, count=1)
    return svg


def budget_chart_svg(summary: BudgetSummary) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text, in the page's font
    months = [row["month"].strftime("%b") for row in summary.by_month]
    committed, paid, running = [], [], 0
    paid_running = 0
    for row in summary.by_month:
        running += row["committed_pence"]
        paid_running += row["paid_pence"]
        committed.append(running / 100)
        paid.append(paid_running / 100)
    figure, axes = plt.subplots(figsize=(7, 3.6), dpi=100)
    figure.patch.set_facecolor("#ffffff")
    axes.plot(months, committed, color="#1d70b8", marker="o", label="Committed, to date")
    axes.plot(months, paid, color="#00703c", marker="s", linestyle="--", label="Paid, to date")
    axes.plot(
        [months[0], months[-1]],
        [0, summary.forecast_pence / 100],
        color="#505a5f",
        linestyle="-.",
        linewidth=1,
        label="Forecast to year end",
    )
    if summary.budget_pence is not None:
        axes.axhline(summary.budget_pence / 100, color="#d4351c", linestyle=":", label="Budget")
        if summary.forecast_pence > summary.budget_pence:
            over = (summary.forecast_pence - summary.budget_pence) / 100
            axes.annotate(
                f"Forecast overspend £{over:,.0f}",
                xy=(len(months) - 1, summary.forecast_pence / 100),
                xytext=(len(months) - 1, summary.forecast_pence / 100),
                ha="right",
                va="bottom",
                color="#d4351c",
                fontsize=9,
                fontweight="bold",
            )
            axes.plot([months[-1]], [summary.forecast_pence / 100], marker="^", color="#d4351c")
    axes.set_ylabel("Pounds")
    axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"£{value:,.0f}"))
    axes.legend(loc="upper left", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    svg = out.getvalue()
    start = svg.find("<svg")
    title = f"Committed and paid to date against the budget, {summary.label}"
    svg = svg_without_inline_styles(svg[start:])
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)

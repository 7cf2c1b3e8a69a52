"""The expenditure chart: an SVG drawn with matplotlib, beside the table that holds the same figures (the
grant's chart helper keeps it inside the site's content security policy)."""

from __future__ import annotations

import io

from localoffer.grants.charts import svg_without_inline_styles
from localoffer.packages.selectors import Expenditure


def expenditure_chart_svg(spend: Expenditure) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"
    labels = [label for label, _ in spend.rows][::-1]
    values = [pence / 100 for _, pence in spend.rows][::-1]
    figure, axes = plt.subplots(figsize=(7, 3.6), dpi=100)
    figure.patch.set_facecolor("#ffffff")
    axes.barh(labels, values, color="#1d70b8")
    for index, value in enumerate(values):
        axes.text(value, index, f" £{value:,.0f}", va="center", fontsize=8, color="#0b0c0c")
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"£{value:,.0f}"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=8)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    svg = out.getvalue()
    title = f"Expenditure by service line, {spend.label}"
    svg = svg_without_inline_styles(svg[svg.find("<svg") :])
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)

"""PNG plots (matplotlib, headless) and a self-contained HTML page that embeds them."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

from flashpoint.analysis.hawkes_simulate import Forecast  # noqa: E402
from flashpoint.analysis.reciprocity import DyadReciprocity, SeriesPoint  # noqa: E402


def series_axes(points: list[SeriesPoint], freq: str = "W") -> tuple[Any, Any]:
    """Counts per period and dyad as bars on a true time axis: an empty week is an empty place, never a
    line drawn across it."""
    import datetime as dt

    fig, ax = plt.subplots(figsize=(8, 3.5))
    dyads = sorted({p.dyad for p in points})
    dated = all(_is_day(p.period) for p in points)
    width = (1.0 if freq == "D" else 7.0) / max(len(dyads), 1)
    for k, d in enumerate(dyads):
        counts: dict[str, int] = {}
        for p in points:
            if p.dyad == d:
                counts[p.period] = counts.get(p.period, 0) + p.count
        if dated:
            xs: list[Any] = [dt.date.fromisoformat(per) + dt.timedelta(days=k * width) for per in counts]
        else:
            xs = [float(per) + k * width for per in counts]
        ax.bar(xs, list(counts.values()), width=width * 0.9, align="edge", label=d)
    ax.set_ylabel("events per week" if freq == "W" else "events per day")
    if dated:
        fig.autofmt_xdate()
    ax.tick_params(axis="x", labelsize=7)
    if dyads:
        ax.legend(fontsize=7)
    return fig, ax


def _is_day(period: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(period)
        return True
    except ValueError:
        return False


def series_plot(points: list[SeriesPoint], path: Path, freq: str = "W") -> Path:
    fig, _ = series_axes(points, freq)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def delay_plot(rows: list[DyadReciprocity], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for r in rows:
        known = [d for d in r.delays if d is not None]
        if known:
            ax.hist(known, bins=min(20, max(3, len(known))), alpha=0.6, label=f"{r.dyad} (answered by the other side)")
    ax.set_xlabel("days to the other side's next action")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def qq_plot(residuals: list[np.ndarray], nodes: list[str], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    top = 0.0
    for r, n in zip(residuals, nodes, strict=True):
        if len(r) < 2:
            continue
        q = stats.expon.ppf((np.arange(1, len(r) + 1) - 0.5) / len(r))
        ax.plot(q, np.sort(r), ".", label=n)
        top = max(top, float(q[-1]), float(np.max(r)))
    ax.plot([0, top], [0, top], "k--", lw=1)
    ax.set_xlabel("Exp(1) quantiles")
    ax.set_ylabel("rescaled inter-event times")
    ax.set_title("time-rescaling QQ plot", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def forecast_plot(fc: Forecast, nodes: list[str], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    x = np.arange(len(nodes))
    ax.bar(x, fc.mean, color="#6a8caf")
    ax.errorbar(x, fc.mean, yerr=[fc.mean - fc.low, fc.high - fc.mean], fmt="none", ecolor="k", capsize=4)
    ax.set_xticks(x, nodes, fontsize=7)
    ax.set_ylabel(f"events in the next {fc.horizon:g} days ({fc.level:.0%} interval)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def html_report(title: str, sections: list[tuple[str, str]], images: list[Path], path: Path) -> Path:
    """sections: (heading, preformatted text); images are embedded, so the file works offline alone."""
    parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style>",
             f"<h1>{html.escape(title)}</h1>"]
    for head, text in sections:
        parts.append(f"<h2>{html.escape(head)}</h2><pre>{html.escape(text)}</pre>")
    for img in images:
        data = base64.b64encode(img.read_bytes()).decode()
        parts.append(f"<figure><img alt='{html.escape(img.stem)}' src='data:image/png;base64,{data}'><figcaption>{html.escape(img.stem)}</figcaption></figure>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path

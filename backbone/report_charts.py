"""Charts drawn as PNG images on the server, for the PDF report.

kaleido renders plotly figures in a headless Chromium (settings.REPORTS_CHROMIUM_PATH). Starting
the browser takes seconds, drawing a chart a fraction of one, so a report opens one browser and
draws every chart in it:

    with ChartRenderer() as renderer:
        png = renderer.png(figure, width=720, height=270)

kaleido is asynchronous; the renderer runs its own event loop in the calling thread and gives
control back between charts, so the caller (a Celery task) can write its progress to the
database in between. Nothing is fetched from the network: plotly.js comes with plotly, and
MathJax (loaded from a CDN by default) is turned off.
"""

from __future__ import annotations

import asyncio
import base64
import os

from django.conf import settings

# Drawn at twice the CSS size: sharp in print and on screens that zoom.
SCALE = 2
# Seconds one chart may take before the report fails (the first waits for the browser too).
TIMEOUT = 60


class ChartRenderer:
    """One headless Chromium for a whole report; draw charts with `png` inside `with`."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    def __enter__(self) -> ChartRenderer:
        import kaleido

        os.environ["BROWSER_PATH"] = settings.REPORTS_CHROMIUM_PATH
        self._loop = asyncio.new_event_loop()
        try:
            self._kaleido = kaleido.Kaleido(n=1, timeout=TIMEOUT, mathjax=False)
            self._loop.run_until_complete(self._kaleido.open())
        except BaseException:
            self._loop.close()
            raise
        return self

    def png(self, figure: dict, *, width: int, height: int) -> bytes:
        """The figure (a plotly figure dict) as PNG bytes."""
        if self._loop is None or self._kaleido is None:
            raise RuntimeError("use inside `with`")
        return self._loop.run_until_complete(
            self._kaleido.calc_fig(
                figure, opts={"format": "png", "width": width, "height": height, "scale": SCALE}
            )
        )

    def data_uri(self, figure: dict, *, width: int, height: int) -> str:
        """The figure as a data: URI of a PNG, for an <img> in the PDF's HTML."""
        png = self.png(figure, width=width, height=height)
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    def __exit__(self, *exc_info) -> None:
        try:
            if self._kaleido is not None:
                self._loop.run_until_complete(self._kaleido.close())
        finally:
            self._loop.close()
            self._loop = None
            self._kaleido = None

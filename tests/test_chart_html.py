"""A chart's ``<img>``: the PNG inline, its alt text escaped, and its size in pixels, so that
the browser lays the page out before the picture is decoded (nothing jumps when it arrives)."""

from __future__ import annotations

import base64
import io
import re

import matplotlib.image as mpimg

from glutelab.style import new_chart


def test_the_img_states_the_pictures_size_and_escapes_its_alt_text() -> None:
    chart = new_chart(alt='Bars of "%MVIC" <by muscle> & study', source="", width=5, height=3)
    chart.ax.bar(["a", "b"], [1, 2])
    markup = chart.html()
    encoded = re.search(r'src="data:image/png;base64,([^"]+)"', markup)
    assert encoded is not None
    pixels = mpimg.imread(io.BytesIO(base64.b64decode(encoded.group(1))), format="png")
    height, width = pixels.shape[:2]
    assert (width, height) == (500, 300)
    assert f'width="{width}" height="{height}"' in markup
    assert 'alt="Bars of &quot;%MVIC&quot; &lt;by muscle&gt; &amp; study"' in markup
    assert "max-width:100%;height:auto" in markup  # the size scales down with the page

"""Charts: real PNG files of a sensible size, in Russian and English, with and without data."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.tg.i18n import Translator
from services.reports.charts import build_charts, meetings_chart
from tests.unit.report_factories import empty_dataset, school_dataset

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _image(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _colours(image: Image.Image) -> int:
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None
    return len(colours)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_three_charts(translator: Translator, locale: str) -> None:
    charts = build_charts(school_dataset(), translator.bind(locale))
    assert [c.key for c in charts] == ["meetings", "satisfaction", "stages"]
    assert len({c.filename for c in charts}) == 3
    for chart in charts:
        image = _image(chart.png)
        assert image.format == "PNG"
        assert image.size == (990, 550)  # 9 × 5 inches at 110 dpi
        assert len(chart.png) > 10_000
        # bars, text and axes: far more than a blank or single-colour picture
        assert _colours(image) > 50


def test_no_data_charts_are_still_pictures(translator: Translator) -> None:
    charts = build_charts(empty_dataset(), translator.bind("ru"))
    for chart in charts:
        image = _image(chart.png)
        assert image.size == (990, 550)
        assert _colours(image) > 5  # the title and «Пока нет данных»


def test_more_data_draws_a_different_picture(translator: Translator) -> None:
    t = translator.bind("ru")
    full = meetings_chart(school_dataset(), t)
    fewer = meetings_chart(school_dataset(meetings=school_dataset().meetings[:2]), t)
    assert full != fewer

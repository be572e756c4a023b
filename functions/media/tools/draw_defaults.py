"""Draws the default images GET /media/{key+} falls back to (reference §2.7, §9), once; the PNGs are committed.

    .venv/bin/python functions/media/tools/draw_defaults.py

`users/default.png` is an avatar silhouette, `events/default.png` a poster placeholder (a calendar on a
gradient), `default.png` a generic picture icon. Shapes are drawn four times larger and scaled down, for smooth
edges.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

DEFAULTS = Path(__file__).resolve().parents[1] / "media" / "defaults"
SCALE = 4


def _finish(canvas: Image.Image, size: int) -> Image.Image:
    return canvas.resize((size, size), Image.Resampling.LANCZOS).convert("P", palette=Image.Palette.ADAPTIVE,
                                                                           colors=256)


def avatar(size: int = 256) -> Image.Image:
    s = size * SCALE
    canvas = Image.new("RGB", (s, s), "#e3e8ef")
    draw = ImageDraw.Draw(canvas)
    figure = "#9aa5b4"
    head = 0.17 * s
    draw.ellipse((s / 2 - head, 0.38 * s - head, s / 2 + head, 0.38 * s + head), fill=figure)
    draw.ellipse((0.2 * s, 0.62 * s, 0.8 * s, 1.22 * s), fill=figure)
    return _finish(canvas, size)


def poster(size: int = 512) -> Image.Image:
    s = size * SCALE
    canvas = Image.new("RGB", (s, s))
    top, bottom = (43, 45, 110), (176, 48, 106)
    for y in range(s):
        t = y / (s - 1)
        canvas.paste(tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)), (0, y, s, y + 1))
    draw = ImageDraw.Draw(canvas)
    left, right, upper, lower = 0.3 * s, 0.7 * s, 0.32 * s, 0.68 * s
    radius = 0.04 * s
    draw.rounded_rectangle((left, upper, right, lower), radius, fill="#f4f1fb")
    draw.rounded_rectangle((left, upper, right, upper + 0.09 * s), radius, fill="#e0457b",
                           corners=(True, True, False, False))
    for x in (0.4 * s, 0.6 * s):
        draw.rounded_rectangle((x - 0.012 * s, upper - 0.035 * s, x + 0.012 * s, upper + 0.035 * s), 0.012 * s,
                               fill="#f4f1fb")
    cell = (right - left) / 4
    for row in range(3):
        for column in range(4):
            x = left + cell * (column + 0.5)
            y = upper + 0.14 * s + row * 0.075 * s
            colour = "#e0457b" if (row, column) == (1, 2) else "#b9b4cc"
            draw.ellipse((x - 0.018 * s, y - 0.018 * s, x + 0.018 * s, y + 0.018 * s), fill=colour)
    return _finish(canvas, size)


def picture(size: int = 256) -> Image.Image:
    s = size * SCALE
    canvas = Image.new("RGB", (s, s), "#eceff3")
    draw = ImageDraw.Draw(canvas)
    frame = (0.2 * s, 0.25 * s, 0.8 * s, 0.75 * s)
    draw.rounded_rectangle(frame, 0.04 * s, outline="#a3acb9", width=round(0.03 * s))
    draw.ellipse((0.6 * s, 0.33 * s, 0.7 * s, 0.43 * s), fill="#a3acb9")
    draw.polygon([(0.26 * s, 0.69 * s), (0.43 * s, 0.44 * s), (0.56 * s, 0.62 * s), (0.63 * s, 0.53 * s),
                  (0.74 * s, 0.69 * s)], fill="#a3acb9")
    return _finish(canvas, size)


def main() -> None:
    for key, image in (("users/default.png", avatar()), ("events/default.png", poster()),
                       ("default.png", picture())):
        path = DEFAULTS / key
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, "PNG", optimize=True)
        print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()

"""An uploaded file becomes the image we publish: decoded by Pillow or refused, cropped square, re-encoded as JPEG.

Only JPEG, PNG and WebP decoders are tried. The pixel count is checked from the header, before anything is
decoded, so a small file that claims a huge canvas (a decompression bomb) costs nothing; JPEGs are decoded at
a reduced scale when that is enough for the output. The result keeps no metadata (EXIF, GPS positions) and is
the same bytes for the same upload, so its hash names it.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from .domain import UploadRejected

FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000  # 8000 x 5000: any photo; far less than a bomb's canvas
JPEG_QUALITY = 85
BACKGROUND = (255, 255, 255)  # what shows through transparent pixels, as JPEG has no alpha


class NotAnImage(UploadRejected):
    pass


def square_jpeg(data: bytes, max_side: int) -> bytes:
    """The centre square of the image, at most `max_side` pixels wide, as JPEG; NotAnImage otherwise."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise NotAnImage(f"{width}x{height} pixels: at most {MAX_PIXELS} are accepted")
                image.draft("RGB", (max_side, max_side))
                image.load()
                upright = ImageOps.exif_transpose(image)
        square = _centre_square(upright)
        if square.width > max_side:
            square = square.resize((max_side, max_side), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        _opaque(square).save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        return output.getvalue()
    except NotAnImage:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError) as error:  # what Pillow raises for files it cannot decode
        raise NotAnImage(f"not a JPEG, PNG or WebP image: {error}") from error


def _centre_square(image: Image.Image) -> Image.Image:
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    return image.crop((left, top, left + side, top + side))


def _opaque(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")

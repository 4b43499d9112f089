"""Draw the app icon as PNG/ICO (static/favicon.ico, static/icons/apple-touch-icon.png).

The same picture as static/icons/icon.svg: a white screen with a play mark on the province's blue,
a gold bar beneath. Run again after changing the design: `.venv/bin/python scripts/make_icons.py`.
"""
from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parents[1] / "static"
BLUE, WHITE, GOLD = (11, 83, 148, 255), (255, 255, 255, 255), (241, 194, 50, 255)


def draw(size):
    """The icon at size × size pixels (drawn at 4× and scaled down for smooth edges)."""
    big = size * 4
    k = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * k, fill=BLUE)
    pen.rounded_rectangle((10 * k, 16 * k, 54 * k, 48 * k), radius=5 * k, fill=WHITE)
    pen.polygon([(27 * k, 23 * k), (27 * k, 41 * k), (42 * k, 32 * k)], fill=BLUE)
    pen.rounded_rectangle((10 * k, 51 * k, 54 * k, 55 * k), radius=2 * k, fill=GOLD)
    return image.resize((size, size), Image.LANCZOS)


def main():
    draw(48).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    touch = Image.new("RGBA", (180, 180), BLUE)  # iOS shows no transparency: fill the corners
    touch.alpha_composite(draw(180))
    touch.convert("RGB").save(STATIC / "icons" / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()

"""Colours shared by every map and chart: colour-blind-safe (Okabe–Ito) and fixed per id.

Fixed assignments keep a coalition the same colour on every page, export and handout.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies. Black is kept for text and outlines.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "grey": "#6B6B6B",
}

GROUP_COLOURS: dict[str, str] = {
    "csca": OKABE_ITO["sky blue"],
    "ntxia": OKABE_ITO["vermillion"],
    "connective": OKABE_ITO["orange"],
    "iscra": OKABE_ITO["reddish purple"],
    "kcdd": OKABE_ITO["blue"],
    "sasr": OKABE_ITO["bluish green"],
    "snf": OKABE_ITO["yellow"],
    # National networks: neutral tones, told apart by symbol and legend text as well.
    "nscp": "#000000",
    "region-of-regions": "#6B6B6B",
    "us-ignite": "#4D4D4D",
    "project-overcome": "#8C8C8C",
}
FALLBACK = OKABE_ITO["grey"]


def colour_of(group_id: str) -> str:
    return GROUP_COLOURS.get(group_id, FALLBACK)


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """'#E69F00' -> [230, 159, 0, alpha] for pydeck."""
    c = colour.lstrip("#")
    return [int(c[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB hex colour."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b, _ = hex_to_rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Colours under 3:1 against a white background: marks in these colours get this dark outline
# (WCAG 1.4.11 non-text contrast), so each series is still legible on a projector.
OUTLINE = "#1A1A1A"
NEEDS_OUTLINE = frozenset(g for g, c in GROUP_COLOURS.items() if contrast_ratio(c, "#FFFFFF") < 3)

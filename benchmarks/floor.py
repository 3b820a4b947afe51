"""The map floor's deck (benchmarks/map_floor_app.py): the same layers, one mark each."""

from __future__ import annotations

import json


def one_mark_deck(deck_json: str) -> str:
    """The deck with every layer's inline data cut to its first row (a FeatureCollection to its first
    feature); data given by URL (the state outlines) is kept whole."""
    deck = json.loads(deck_json)
    for layer in deck.get("layers", []):
        data = layer.get("data")
        if isinstance(data, list):
            layer["data"] = data[:1]
        elif isinstance(data, dict) and isinstance(data.get("features"), list):
            layer["data"] = {**data, "features": data["features"][:1]}
    return json.dumps(deck, separators=(",", ":"))

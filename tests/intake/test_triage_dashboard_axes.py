import re

import pytest

from intake import charts


def axis_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="[^"]+">([^<]*)</text>', svg)


@pytest.mark.parametrize(
    ("largest", "expected"),
    [
        (0, ["0", "1"]),
        (1, ["0", "1"]),
        (5, ["0", "2", "4", "6"]),
        (7, ["0", "2", "4", "6", "8"]),
        (38, ["0", "10", "20", "30", "40"]),
        (120, ["0", "50", "100", "150"]),
    ],
)
def test_dashboard_axis_labels_are_round_numbers_evenly_spaced(largest, expected):
    svg = charts.columns("c", "Tittel", "Beskrivelse", ["uke 1", "uke 2"], [0, largest])

    assert axis_labels(str(svg)) == expected

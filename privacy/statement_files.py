"""Statement versions as files: Markdown with a small front matter block.

    ---
    version: "2024-01-26"
    effective_date: 2024-01-26
    language: nb
    title: "Personvernerklæring ..."
    change_summary: "..."          (optional)
    ---
    # Heading
    ...

Only `key: value` lines are read (no YAML library needed for five keys); quotes around a value
are removed. The initial data migration uses this too, so keep it free of model imports.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

SHIPPED_DIR = Path(__file__).resolve().parent / "statement_texts"
INITIAL_STATEMENT = SHIPPED_DIR / "personvernerklaering-2024-01-26.nb.md"

REQUIRED_KEYS = ("version", "effective_date", "language", "title")
OPTIONAL_KEYS = ("change_summary",)
VERSION_LABEL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")


class StatementFileError(ValueError):
    pass


@dataclass(frozen=True)
class StatementFile:
    version: str
    effective_date: datetime.date
    language: str
    title: str
    body: str
    change_summary: str = ""


def parse_statement(text: str) -> StatementFile:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    if not match:
        raise StatementFileError("The file must start with a front matter block between '---'.")
    front_matter, body = match.groups()
    values: dict[str, str] = {}
    for number, line in enumerate(front_matter.splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            raise StatementFileError(f"Line {number}: unknown front matter line {line!r}.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    missing = [key for key in REQUIRED_KEYS if not values.get(key)]
    if missing:
        raise StatementFileError(f"Front matter lacks: {', '.join(missing)}.")
    if not VERSION_LABEL.match(values["version"]):
        raise StatementFileError(
            "version must be letters, digits, '.', '_' or '-' (at most 40), e.g. 2024-01-26."
        )
    try:
        effective_date = datetime.date.fromisoformat(values["effective_date"])
    except ValueError:
        raise StatementFileError("effective_date must be a date: YYYY-MM-DD.") from None
    if not body.strip():
        raise StatementFileError("The statement has no text after the front matter.")
    return StatementFile(
        version=values["version"],
        effective_date=effective_date,
        language=values["language"],
        title=values["title"],
        body=body.strip() + "\n",
        change_summary=values.get("change_summary", ""),
    )


def read_statement(path: Path | str) -> StatementFile:
    return parse_statement(Path(path).read_text(encoding="utf-8"))

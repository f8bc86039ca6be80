"""Hostile input for the hostile-input suite (tests/site/test_hostile_input.py): what an attacker
sends on purpose, drawn by hypothesis.

Every text strategy mixes a marker tag into some of its values: the tag must never come back
unescaped in a page (`assert_escaped`), whether the value was refused or stored and shown.
"""

import os
from urllib.parse import quote, quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples per endpoint: 2,000 in CI on PostgreSQL (.ci/run), fewer on SQLite, a quick
# sample in a local `make test`.
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "10"))

hostile_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example database folder in the work tree
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures hold no per-example state
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

MARKER = '<b data-hostile="1">'

ATTACKS = [
    MARKER,
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1",
    "'; DROP TABLE intake_lead; --",
    "\\x00",
    "\x00",
    "%00",
    "\r\nBcc: victim@example.no",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${jndi:ldap://127.0.0.1/a}",
    "../../../../etc/passwd",
    "\u202etxt.exe",
    "\ufeff",
    "\ud7ff\uffff",
    "🏗️" * 50,
    "9" * 400,
    "-1",
    "99999999",
    "1e309",
    "NaN",
    "0x7fffffffffffffff",
    "[]",
    "{}",
    "null",
    "true",
    "=?utf-8?q?=C3=A5?=@example.no",
    "ola@[127.0.0.1]",
    "ola@localhost",
    "ola@example.no",
    "+47 912 34 567",
    "928 050 475",
    "oslo",
    "usikker",
    "on",
]

control_characters = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F, categories=["Cc"]),
    min_size=1,
    max_size=5,
)

# Very long values, made once: drawing thousands of random characters per example would
# spend the suite's time in the generator rather than in the site.
LONG_VALUES = [
    "a" * 5000,
    "å" * 3001,
    MARKER * 400,
    "' OR 1=1 -- " * 300,
    "\x00" * 100,
    "𝕏" * 2000,
    "x" * (2**16),
]

hostile_text = st.one_of(
    st.sampled_from(ATTACKS),
    st.sampled_from(LONG_VALUES),
    st.text(max_size=30),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(ATTACKS),
        control_characters,
        st.sampled_from(ATTACKS),
    ),
)

# Bytes that are not UTF-8, percent-encoded into an address or a body.
invalid_utf8 = st.one_of(
    st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"]),
    st.binary(min_size=1, max_size=50),
)


# Strategies are built once, here: a strategy made inside a draw is built (and validated)
# again for every example, which cost more than the request it fed.
_ONE_IN_FIVE = st.integers(0, 4)
_ONE_IN_TEN = st.integers(0, 9)
_ODD_NAME = st.text(max_size=20).map(lambda s: quote(s, safe=""))


@st.composite
def _query_value(draw) -> str:
    if draw(_ONE_IN_FIVE) == 0:
        return quote_from_bytes(draw(invalid_utf8), safe="")
    return quote(draw(hostile_text), safe="")


# One value, percent-encoded for a query string or a form body: invalid UTF-8 in one of five.
query_value = _query_value()


def _pair(drawn: tuple[str, int, str]) -> str:
    key, one_in_ten, value = drawn
    return key if one_in_ten == 0 else f"{key}={value}"


def query_string(names: list[str]) -> st.SearchStrategy[str]:
    """Pairs of `names` (and odd names) with hostile values; a name may repeat or be left
    out, and a pair may lack its "=" (one in ten)."""
    name = st.one_of(st.sampled_from(names), _ODD_NAME)
    pair = st.tuples(name, _ONE_IN_TEN, query_value).map(_pair)
    return st.lists(pair, max_size=4).map("&".join)


CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "application/x-www-form-urlencoded; charset*=utf-8''x",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=----x",
    "application/json",
    "text/plain",
    "text/html; charset=utf-8",
    "",
    "%%%",
]


def assert_escaped(content: bytes) -> None:
    """The marker tag a hostile value carried is shown as text, never as markup."""
    assert MARKER.encode() not in content, "a hostile value reached the page unescaped"


def answer_is_a_page(response) -> None:
    """No server error, and nothing hostile shown as markup."""
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        assert_escaped(response.content)

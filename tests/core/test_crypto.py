from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import crypto


@given(st.text(min_size=1, max_size=60))
def test_round_trip_and_fresh_nonce(value):
    first, second = crypto.encrypt(value), crypto.encrypt(value)
    assert crypto.decrypt(first) == value and first != second
    assert crypto.blind_index(value) == crypto.blind_index(value)


def test_wrong_key_cannot_read():
    token = crypto.encrypt("110105199001011234")
    try:
        crypto.decrypt(token, secret="another key")
    except Exception as exc:
        assert type(exc).__name__ == "InvalidTag"
    else:
        raise AssertionError("decrypted with the wrong key")


def test_mask():
    assert crypto.mask("110105199001011234") == "110***********1234"
    assert crypto.mask("13900000002") == "139****0002"

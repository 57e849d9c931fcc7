"""The logon signature against the worked vectors of spec/fix.md §3.3."""

from krakenbox.kraken.fix.logon import password

SECRET = "a3Jha2VuLWZpeC11bml0LXRlc3Qtc2VjcmV0LU5PVC1SRUFMLTAxMjM0NTY3ODlhYmNkZWY="


def test_spot_vector() -> None:
    assert password("TESTKEY-abc123", SECRET, 1, "CLIENT1", "KRAKEN-TRD", "1700000000000") == (
        "MR+/PXpGP1+IIUeAv/P3IoICfaUJoHebTKlG024795rU/xuleN3otpMEKEZJVpL7mtbrMuRGguYd4Lr1UcTMnQ=="
    )


def test_derivatives_vector() -> None:
    assert (
        password("TESTKEY-abc123", SECRET, "1", "CLIENT1_DRV", "KRAKEN-DRV-TRD", "1700000000000")
        == "uhRCbNu5+cUQLdSuBtu/cGGcG1JaK5Mz0+tK3p1KMS6Ymq7HJuD4xqjKDg+1aShpjNg+A/S7rL1eRmKgC0nrNA=="
    )

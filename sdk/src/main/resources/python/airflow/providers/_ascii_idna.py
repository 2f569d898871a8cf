"""An ``idna`` codec for ASCII host names, registered when Python's own cannot load.

The ``ssl`` module encodes every ``server_hostname`` with the ``idna`` codec, which imports ``stringprep`` and so
``unicodedata.ucd_3_2_0``: a C module in GraalPy, which Aloft's contexts cannot load (native access is off). Without
this, every TLS connection from Python code (PostgresHook with ``sslmode``, HTTPS through HttpHook) fails with
``LookupError: unknown encoding idna``. Host names are ASCII in practice (internationalized ones are written in their
``xn--`` form); a non-ASCII one is refused with that advice.
"""

import codecs


def _encode(text, errors="strict"):
    if not text.isascii():
        raise UnicodeError("host name %r is not ASCII: GraalPy cannot load Python's idna codec (it needs a C module), "
                           "so give the host in its ASCII (xn--) form" % (text,))
    for label in text.rstrip(".").split("."):
        if not 0 < len(label) < 64:
            raise UnicodeError("label empty or too long")
    return text.encode("ascii"), len(text)


def _decode(data, errors="strict"):
    return bytes(data).decode("ascii"), len(data)


def _search(name):
    if name != "idna":
        return None
    return codecs.CodecInfo(_encode, _decode, name="idna")


def ensure():
    """Registers the ASCII codec unless the real one loads; safe to call more than once."""
    try:
        codecs.lookup("idna")
    except Exception:  # LookupError, or the SystemError/ImportError of the C module behind it
        codecs.register(_search)

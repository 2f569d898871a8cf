"""A small PostgreSQL client in pure Python (the wire protocol, version 3) for ``PostgresHook``: psycopg2 is a C
extension that GraalPy cannot load. It speaks what a hook needs: password, MD5 and SCRAM-SHA-256 authentication,
TLS (libpq's ``sslmode`` ``require``, ``verify-ca`` and ``verify-full``, over GraalPy's ``ssl`` module, which is
the JDK's TLS), the simple query protocol, and psycopg2's client-side parameter interpolation (``%s``,
``%(name)s``, ``%%``), with psycopg2's defaults: a transaction opened by the first statement and ended by ``commit()``/``rollback()`` unless
``autocommit``. Values come back as Python types by their type OID (ints, Decimal, floats, bools, dates and
timestamps, JSON, arrays as text). Not thread-safe: one connection per hook call, as DB-API connections are used."""

import base64
import datetime as _dt
import decimal
import hashlib
import hmac
import json
import os
import re
import socket
import struct

from airflow.sdk._exceptions import AirflowException


class DatabaseError(AirflowException):
    """An error PostgreSQL reported (``sqlstate`` holds its code)."""

    def __init__(self, fields):
        self.sqlstate = fields.get("C")
        message = fields.get("M", "unknown error")
        detail = fields.get("D")
        super().__init__("%s%s" % (message, "\nDETAIL:  " + detail if detail else ""))


_INT = {20, 21, 23, 26}
_FLOAT = {700, 701}


def _convert(oid, text):
    if text is None:
        return None
    if oid in _INT:
        return int(text)
    if oid == 1700:
        return decimal.Decimal(text)
    if oid in _FLOAT:
        return float(text)
    if oid == 16:
        return text == "t"
    if oid == 1082:
        return _dt.date.fromisoformat(text)
    if oid == 1114:
        return _dt.datetime.fromisoformat(text)
    if oid == 1184:
        try:
            return _dt.datetime.fromisoformat(text)
        except ValueError:  # "+05" on an older Python
            return _dt.datetime.fromisoformat(text + ":00")
    if oid in (114, 3802):
        return json.loads(text)
    return text


def _quote(value):
    """A value as a SQL literal, as psycopg2 adapts it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return repr(value) if not isinstance(value, decimal.Decimal) else str(value)
    if isinstance(value, _dt.datetime):
        return "'%s'::timestamp%s" % (value.isoformat(), "tz" if value.tzinfo else "")
    if isinstance(value, _dt.date):
        return "'%s'::date" % value.isoformat()
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        return "ARRAY[%s]" % ", ".join(_quote(v) for v in value) if isinstance(value, list) else \
            "(%s)" % ", ".join(_quote(v) for v in value)
    if isinstance(value, dict):
        value = json.dumps(value)
    text = str(value).replace("'", "''")
    return ("E'%s'" % text.replace("\\", "\\\\")) if "\\" in text else "'%s'" % text


_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?(?P<kind>[s%])")


def interpolate(sql, parameters):
    """psycopg2's ``cursor.execute(sql, parameters)`` text: placeholders replaced by quoted values."""
    if parameters is None:
        return sql
    positional = iter(parameters) if isinstance(parameters, (list, tuple)) else None

    def replace(match):
        if match.group("kind") == "%":
            return "%"
        name = match.group("name")
        if name is not None:
            if not isinstance(parameters, dict) or name not in parameters:
                raise AirflowException("the SQL uses %%(%s)s but the parameters have no key %r" % (name, name))
            return _quote(parameters[name])
        if positional is None:
            raise AirflowException("the SQL uses %s placeholders: pass the parameters as a list or tuple")
        try:
            return _quote(next(positional))
        except StopIteration:
            raise AirflowException("the SQL has more %s placeholders than parameters") from None

    return _PLACEHOLDER.sub(replace, sql)


class Cursor:
    """A DB-API cursor over the simple query protocol: the whole result is read at ``execute``."""

    def __init__(self, connection):
        self.connection = connection
        self.description = None
        self.rowcount = -1
        self._rows = []
        self._at = 0

    def execute(self, sql, parameters=None):
        self.description, self._rows, self.rowcount = self.connection._query(interpolate(sql, parameters))
        self._at = 0
        return self

    def executemany(self, sql, seq):
        for parameters in seq:
            self.execute(sql, parameters)

    def copy_expert(self, sql, file, size=65536):
        """psycopg2's ``copy_expert``: runs ``COPY ... FROM STDIN`` reading ``file`` or ``COPY ... TO STDOUT``
        writing it (text or binary file objects)."""
        self.description, self._rows, self.rowcount = self.connection._query(sql, copy_file=file, copy_size=size)
        self._at = 0

    def fetchone(self):
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchmany(self, size=1):
        rows = self._rows[self._at:self._at + size]
        self._at += len(rows)
        return rows

    def fetchall(self):
        rows = self._rows[self._at:]
        self._at = len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_TLS_MODES = ("require", "verify-ca", "verify-full")


def _start_tls(sock, host, sslmode, sslrootcert, sslcert, sslkey):
    """libpq's TLS start: an SSLRequest, then the handshake on the same socket. ``require`` encrypts without
    checking the server's certificate (as libpq does without a root certificate), ``verify-ca`` checks its chain
    against ``sslrootcert`` (else the JDK's trusted CAs), ``verify-full`` also its host name."""
    import ssl

    from airflow.providers import _ascii_idna

    _ascii_idna.ensure()  # ssl encodes server_hostname with it
    sock.sendall(struct.pack("!ii", 8, 80877103))
    answer = sock.recv(1)
    if answer != b"S":
        raise AirflowException("sslmode=%s, but the PostgreSQL server at %s does not accept TLS (it answered %r): "
                               "turn ssl on in the server, or give the connection sslmode=disable"
                               % (sslmode, host, answer))
    if sslmode == "require" and not sslrootcert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        context = ssl.create_default_context(cafile=sslrootcert or None)
        context.check_hostname = sslmode == "verify-full"
        context.verify_mode = ssl.CERT_REQUIRED
    if sslcert:
        context.load_cert_chain(sslcert, sslkey or None)
    try:
        return context.wrap_socket(sock, server_hostname=host)
    except ssl.SSLError as e:
        raise AirflowException("TLS with the PostgreSQL server at %s failed (sslmode=%s): %s" % (host, sslmode, e))


class Connection:
    """One PostgreSQL session."""

    def __init__(self, host, port, user, password, database, connect_timeout=30, application_name="aloft",
                 sslmode=None, sslrootcert=None, sslcert=None, sslkey=None):
        self.autocommit = False
        self._in_transaction = False
        self._sock = socket.create_connection((host, int(port or 5432)), timeout=connect_timeout)
        if sslmode in _TLS_MODES:
            try:
                self._sock = _start_tls(self._sock, host, sslmode, sslrootcert, sslcert, sslkey)
            except BaseException:
                self._sock.close()
                raise
        params = {"user": user or "postgres", "database": database or user or "postgres",
                  "application_name": application_name, "client_encoding": "UTF8"}
        body = struct.pack("!i", 196608) + b"".join(k.encode() + b"\0" + str(v).encode() + b"\0"
                                                    for k, v in params.items()) + b"\0"
        self._sock.sendall(struct.pack("!i", len(body) + 4) + body)
        self._authenticate(user or "postgres", password or "")

    # ---------------------------------------------------------------------------------------------- protocol

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self._sock.recv(n - len(data))
            if not chunk:
                raise AirflowException("the PostgreSQL server closed the connection")
            data += chunk
        return data

    def _message(self):
        kind = self._read(1)
        length = struct.unpack("!i", self._read(4))[0]
        return kind, self._read(length - 4)

    def _send(self, kind, body):
        self._sock.sendall(kind + struct.pack("!i", len(body) + 4) + body)

    @staticmethod
    def _fields(body):
        fields = {}
        for part in body.split(b"\0"):
            if part:
                fields[chr(part[0])] = part[1:].decode("utf-8", "replace")
        return fields

    def _authenticate(self, user, password):
        scram = None
        while True:
            kind, body = self._message()
            if kind == b"E":
                raise DatabaseError(self._fields(body))
            if kind == b"R":
                code = struct.unpack("!i", body[:4])[0]
                if code == 0:
                    continue
                if code == 3:
                    self._send(b"p", password.encode() + b"\0")
                elif code == 5:
                    inner = hashlib.md5(password.encode() + user.encode()).hexdigest().encode()
                    self._send(b"p", b"md5" + hashlib.md5(inner + body[4:8]).hexdigest().encode() + b"\0")
                elif code == 10:
                    scram = _Scram(password)
                    first = scram.client_first().encode()
                    self._send(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(first)) + first)
                elif code == 11:
                    self._send(b"p", scram.client_final(body[4:].decode()).encode())
                elif code == 12:
                    scram.verify(body[4:].decode())
                else:
                    raise AirflowException("PostgreSQL asks for authentication method %d, which Aloft's client does not "
                                           "speak (it speaks password, md5 and scram-sha-256)" % code)
            elif kind == b"Z":
                return

    def _query(self, sql, copy_file=None, copy_size=65536):
        if not self.autocommit and not self._in_transaction:
            self._simple("BEGIN")
            self._in_transaction = True
        return self._simple(sql, copy_file, copy_size)

    def _copy_in(self, file, size):
        """Answers CopyInResponse: the file's content as CopyData, then CopyDone (CopyFail when reading fails)."""
        if file is None:
            self._send(b"f", b"COPY FROM STDIN needs a file: use copy_expert(sql, file)\0")
            return
        try:
            while True:
                chunk = file.read(size)
                if not chunk:
                    break
                self._send(b"d", chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk))
        except Exception as e:  # noqa: BLE001 - the server must hear that the COPY failed, with why
            self._send(b"f", ("reading the COPY input failed: %s" % e).encode("utf-8", "replace") + b"\0")
            return
        self._send(b"c", b"")

    def _simple(self, sql, copy_file=None, copy_size=65536):
        self._send(b"Q", sql.encode("utf-8") + b"\0")
        description, rows, count, error = None, [], -1, None
        oids = []
        binary_out = copy_file is not None and "b" in getattr(copy_file, "mode", "")
        while True:
            kind, body = self._message()
            if kind == b"G":
                self._copy_in(copy_file, copy_size)
            elif kind == b"H" and copy_file is None:
                error = AirflowException("COPY TO STDOUT needs a file: use copy_expert(sql, file)")
            elif kind == b"d":
                if copy_file is not None:
                    copy_file.write(body if binary_out else body.decode("utf-8"))
            elif kind == b"T":
                n = struct.unpack("!h", body[:2])[0]
                at, columns, oids = 2, [], []
                for _ in range(n):
                    end = body.index(b"\0", at)
                    name = body[at:end].decode()
                    oid = struct.unpack("!i", body[end + 7:end + 11])[0]
                    at = end + 19
                    columns.append((name, oid, None, None, None, None, None))
                    oids.append(oid)
                description, rows = columns, []
            elif kind == b"D":
                n = struct.unpack("!h", body[:2])[0]
                at, row = 2, []
                for i in range(n):
                    size = struct.unpack("!i", body[at:at + 4])[0]
                    at += 4
                    if size < 0:
                        row.append(None)
                    else:
                        row.append(_convert(oids[i], body[at:at + size].decode("utf-8")))
                        at += size
                rows.append(tuple(row))
            elif kind == b"C":
                tag = body.rstrip(b"\0").decode().split()
                count = int(tag[-1]) if tag and tag[-1].isdigit() else -1
            elif kind == b"E":
                error = DatabaseError(self._fields(body))
            elif kind == b"Z":
                if error is not None:
                    raise error
                return description, rows, count if description is None else len(rows)

    # ---------------------------------------------------------------------------------------------- DB-API

    def cursor(self):
        return Cursor(self)

    def commit(self):
        if self._in_transaction:
            self._simple("COMMIT")
            self._in_transaction = False

    def rollback(self):
        if self._in_transaction:
            self._simple("ROLLBACK")
            self._in_transaction = False

    def close(self):
        try:
            self._send(b"X", b"")
        except OSError:
            pass
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()


class _Scram:
    """SCRAM-SHA-256 (RFC 7677) as PostgreSQL uses it, without channel binding."""

    def __init__(self, password):
        self._password = password.encode()
        self._nonce = base64.b64encode(os.urandom(18)).decode()
        self._first_bare = "n=,r=" + self._nonce
        self._signature = None

    def client_first(self):
        return "n,," + self._first_bare

    def client_final(self, server_first):
        attrs = dict(part.split("=", 1) for part in server_first.split(","))
        if not attrs["r"].startswith(self._nonce):
            raise AirflowException("the PostgreSQL server's SCRAM nonce does not extend ours")
        salted = hashlib.pbkdf2_hmac("sha256", self._password, base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored = hashlib.sha256(client_key).digest()
        final_bare = "c=biws,r=" + attrs["r"]
        message = ",".join((self._first_bare, server_first, final_bare)).encode()
        proof = bytes(a ^ b for a, b in zip(client_key, hmac.new(stored, message, hashlib.sha256).digest()))
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        self._signature = hmac.new(server_key, message, hashlib.sha256).digest()
        return final_bare + ",p=" + base64.b64encode(proof).decode()

    def verify(self, server_final):
        attrs = dict(part.split("=", 1) for part in server_final.split(","))
        if base64.b64decode(attrs.get("v", "")) != self._signature:
            raise AirflowException("the PostgreSQL server's SCRAM signature is wrong")

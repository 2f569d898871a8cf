"""Aloft's pendulum: the pendulum 2.1 API that DAG files use, on the standard library's datetime.

Aloft's own compact implementation, not the pendulum project's code: importing the real pendulum (with
dateutil, pytzdata and decimal, 62 modules) took seconds in a fresh GraalPy context; this one module imports
nothing beyond datetime, re, os and zoneinfo. It keeps pendulum 2.1's behaviour for what it covers:
``DateTime``/``Date``/``Time`` subclasses of the ``datetime`` types, ``Duration``/``Period`` subclasses of
``timedelta``, calendar-aware ``add``/``subtract`` (years, months, weeks and days in wall time, smaller units
in absolute time), the POST_TRANSITION rule for DST gaps and folds, ISO 8601 ``parse`` (dateutil, imported
only then, for ``strict=False``), token ``format``/``from_format`` (English only), ``start_of``/``end_of``.
Named zones (``Timezone``) are the standard library's ``zoneinfo`` over the system's tz database
(``/usr/share/zoneinfo`` when zoneinfo's own search path is empty, as in GraalPy), imported on the first named
zone; fixed offsets are
``FixedTimezone``; ``UTC`` is ``FixedTimezone(0, "UTC")``, as in pendulum 2.
"""

import datetime as _dt
import os as _os
import re as _re
import sys as _sys
import types as _types

__version__ = "2.1.2"

SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = range(7)
YEARS_PER_CENTURY = 100
YEARS_PER_DECADE = 10
MONTHS_PER_YEAR = 12
WEEKS_PER_YEAR = 52
DAYS_PER_WEEK = 7
HOURS_PER_DAY = 24
MINUTES_PER_HOUR = 60
SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3600
SECONDS_PER_DAY = 86400
US_PER_SECOND = 1000000
PRE_TRANSITION = "pre"
POST_TRANSITION = "post"
TRANSITION_ERROR = "error"
ATOM = "YYYY-MM-DDTHH:mm:ssZ"
COOKIE = "dddd, DD-MMM-YYYY HH:mm:ss zz"
RFC822 = "ddd, DD MMM YY HH:mm:ss ZZ"
RFC850 = "dddd, DD-MMM-YY HH:mm:ss zz"
RFC1036 = "ddd, DD MMM YY HH:mm:ss ZZ"
RFC1123 = "ddd, DD MMM YYYY HH:mm:ss ZZ"
RFC2822 = "ddd, DD MMM YYYY HH:mm:ss ZZ"
RSS = "ddd, DD MMM YYYY HH:mm:ss ZZ"

_WEEK_STARTS_AT = MONDAY
_WEEK_ENDS_AT = SUNDAY
_TEST_NOW = None
_LOCALE = "en"


# Exceptions ---------------------------------------------------------------------------------------------

class PendulumException(Exception):
    pass


class ParserError(ValueError):
    pass


class TimezoneError(ValueError):
    pass


class InvalidTimezone(TimezoneError):
    pass


class NonExistingTime(TimezoneError):
    message = "The datetime {} does not exist."

    def __init__(self, dt):
        super().__init__(self.message.format(dt))


class AmbiguousTime(TimezoneError):
    message = "The datetime {} is ambiguous."

    def __init__(self, dt):
        super().__init__(self.message.format(dt))


# Time zones ---------------------------------------------------------------------------------------------

_SYSTEM_TZPATH = ("/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo")
_ZONES = {}


def _zoneinfo(name):
    """The standard library's ``ZoneInfo``, imported on the first named zone (it costs about half a second in a
    fresh GraalPy context, and most DAG files only use UTC). Its search path is set to the system's tz database
    when it is empty (GraalPy builds have none; ``PYTHONTZPATH`` still wins)."""
    import zoneinfo

    if not zoneinfo.TZPATH:
        zoneinfo.reset_tzpath([p for p in _SYSTEM_TZPATH if _os.path.isdir(p)])
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, LookupError, OSError):
        raise InvalidTimezone(name) from None


class Timezone(_dt.tzinfo):
    """A zone of the tz database: the standard library's ``ZoneInfo`` (PEP 495 folds, the file's POSIX TZ rule
    after its last transition) with pendulum's ``name``, ``convert`` and ``datetime``; one instance per name."""

    def __new__(cls, name):
        zone = _ZONES.get(name)
        if zone is None:
            zone = _dt.tzinfo.__new__(cls)
            zone._name = name
            zone._zone = _zoneinfo(name)
            zone = _ZONES.setdefault(name, zone)
        return zone

    def __init__(self, *args):
        pass

    def utcoffset(self, dt):
        return self._zone.utcoffset(dt)

    def dst(self, dt):
        return self._zone.dst(dt)

    def tzname(self, dt):
        return self._zone.tzname(dt)

    def fromutc(self, dt):
        if not isinstance(dt, _dt.datetime):
            raise TypeError("fromutc() requires a datetime argument")
        if dt.tzinfo is not self:
            raise ValueError("dt.tzinfo is not self")
        local = self._zone.fromutc(_dt.datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                                                dt.microsecond, tzinfo=self._zone))
        return type(dt)(local.year, local.month, local.day, local.hour, local.minute, local.second,
                        local.microsecond, tzinfo=self, fold=local.fold)

    @property
    def name(self):
        return self._name

    @property
    def key(self):
        return self._name

    def convert(self, dt, dst_rule=None):
        return _convert(self, dt, dst_rule)

    def datetime(self, year, month, day, hour=0, minute=0, second=0, microsecond=0):
        return datetime(year, month, day, hour, minute, second, microsecond, tz=self)

    def __reduce__(self):
        return Timezone, (self._name,)

    def __repr__(self):
        return "Timezone('{}')".format(self._name)

    __str__ = __repr__


class FixedTimezone(_dt.tzinfo):
    """A fixed UTC offset, in seconds."""

    def __init__(self, offset, name=None):
        sign = "-" if offset < 0 else "+"
        minutes = abs(offset) // 60
        self._name = name if name is not None else "{}{:02d}:{:02d}".format(sign, minutes // 60, minutes % 60)
        self._offset = offset
        self._utcoffset = _dt.timedelta(seconds=offset)

    @property
    def name(self):
        return self._name

    @property
    def offset(self):
        return self._offset

    def convert(self, dt, dst_rule=None):
        return _convert(self, dt, dst_rule)

    def datetime(self, year, month, day, hour=0, minute=0, second=0, microsecond=0):
        return datetime(year, month, day, hour, minute, second, microsecond, tz=self)

    def utcoffset(self, dt):
        return self._utcoffset

    def dst(self, dt):
        return _dt.timedelta()

    def tzname(self, dt):
        return self._name

    def fromutc(self, dt):
        return (dt + self._utcoffset).replace(tzinfo=self)

    def __getinitargs__(self):
        return self._offset, self._name

    def __reduce__(self):
        return FixedTimezone, (self._offset, self._name)

    def __eq__(self, other):
        return isinstance(other, FixedTimezone) and other._offset == self._offset

    def __hash__(self):
        return hash(self._offset)

    def __repr__(self):
        return "Timezone('{}')".format(self._name)


UTC = FixedTimezone(0, name="UTC")
_local_timezone = None


def _localize(tz, naive, dst_rule):
    """The aware datetime for wall time ``naive`` in ``tz`` (datetime.datetime, fold set), pendulum's rules."""
    if isinstance(tz, FixedTimezone) or not hasattr(tz, "utcoffset"):
        return naive.replace(tzinfo=tz, fold=0)
    if dst_rule is None:
        dst_rule = POST_TRANSITION if naive.fold else PRE_TRANSITION
    plain = _dt.datetime(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second,
                         naive.microsecond)
    early = plain.replace(tzinfo=tz, fold=0)
    late = plain.replace(tzinfo=tz, fold=1)
    before, after = early.utcoffset(), late.utcoffset()
    if before == after:
        return early
    if before > after:  # wall clock set back: the time happens twice
        if dst_rule == TRANSITION_ERROR:
            raise AmbiguousTime(naive)
        return late if dst_rule == POST_TRANSITION else early
    if dst_rule == TRANSITION_ERROR:  # wall clock set forward: the time never happens
        raise NonExistingTime(naive)
    instant = plain - before if dst_rule == POST_TRANSITION else plain - after
    local = (instant + after if dst_rule == POST_TRANSITION else instant + before)
    return local.replace(tzinfo=tz, fold=1 if dst_rule == POST_TRANSITION else 0)


def _convert(tz, dt, dst_rule=None):
    if dt.tzinfo is None:
        result = _localize(tz, dt, dst_rule)
    else:
        result = _dt.datetime.astimezone(_plain(dt), tz)
    if isinstance(dt, DateTime):
        return _wrap(result)
    return result


def _utc_naive(dt):
    plain = _dt.datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond)
    offset = dt.utcoffset()
    return plain - offset if offset else plain


def _plain(dt):
    return _dt.datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond,
                        tzinfo=dt.tzinfo, fold=dt.fold)


def timezone(name, extended=True):
    """The time zone called ``name`` (an IANA name such as "Europe/Amsterdam", or "UTC"), or a fixed offset
    for an int (seconds)."""
    if isinstance(name, int):
        return fixed_timezone(name)
    if name.lower() == "utc":
        return UTC
    return Timezone(name)


def fixed_timezone(offset):
    if offset == 0:
        return UTC
    return FixedTimezone(offset)


def _detect_local_timezone():
    name = _os.environ.get("TZ", "")
    if name:
        name = name[1:] if name.startswith(":") else name
        if _os.path.isabs(name):
            if _os.path.isfile(name):
                with open(name, "rb") as f:
                    return Timezone._from_bytes(name, f.read())
        else:
            try:
                return timezone(name)
            except InvalidTimezone:
                pass
    try:
        with open("/etc/timezone") as f:
            name = f.read().split("#")[0].strip()
        if name:
            return timezone(name)
    except (OSError, InvalidTimezone):
        pass
    try:
        link = _os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            return timezone(link.split("zoneinfo/", 1)[1])
    except (OSError, InvalidTimezone):
        pass
    return UTC


def local_timezone():
    global _local_timezone
    if _local_timezone is None:
        _local_timezone = _detect_local_timezone()
    return _local_timezone


def set_local_timezone(mock=None):
    global _local_timezone
    _local_timezone = None if mock is None else _safe_timezone(mock)


class test_local_timezone:
    def __init__(self, mock):
        self._mock = mock

    def __enter__(self):
        self._saved = _local_timezone
        set_local_timezone(self._mock)

    def __exit__(self, *exc):
        global _local_timezone
        _local_timezone = self._saved


def _safe_timezone(obj):
    if isinstance(obj, (Timezone, FixedTimezone)):
        return obj
    if obj is None or obj == "local":
        return local_timezone()
    if isinstance(obj, str):
        return timezone(obj)
    if isinstance(obj, float):
        return fixed_timezone(int(obj * 3600))
    if isinstance(obj, int):
        return fixed_timezone(obj)
    if isinstance(obj, _dt.tzinfo):
        key = getattr(obj, "key", None) or getattr(obj, "zone", None)
        if isinstance(key, str) and key:
            try:
                return timezone(key)
            except InvalidTimezone:
                return obj
        if obj.tzname(None) == "UTC":
            return UTC
        offset = obj.utcoffset(None)
        return fixed_timezone(int(offset.total_seconds())) if offset is not None else obj
    raise TypeError("cannot use {!r} as a time zone".format(obj))


# Helpers ------------------------------------------------------------------------------------------------

def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year, month):
    return 29 if month == 2 and _is_leap(year) else _DAYS[month]


def _sign(x):
    return -1 if x < 0 else 1


def _add_duration(dt, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0, microseconds=0):
    """pendulum's helpers.add_duration: years and months on the calendar (day clamped), the rest as a timedelta."""
    days += weeks * 7
    if abs(months) > 11:
        s = _sign(months)
        div, mod = divmod(months * s, 12)
        months = mod * s
        years += div * s
    year = dt.year + years
    month = dt.month
    if months:
        month += months
        if month > 12:
            year += 1
            month -= 12
        elif month < 1:
            year -= 1
            month += 12
    dt = dt.replace(year=year, month=month, day=min(_days_in_month(year, month), dt.day))
    if not isinstance(dt, _dt.datetime):
        return dt + _dt.timedelta(days=days)
    return dt + _dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds,
                              microseconds=microseconds)


def _wrap(dt):
    if type(dt) is DateTime:
        return dt
    return DateTime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond,
                    tzinfo=dt.tzinfo, fold=dt.fold)


# Formatting ---------------------------------------------------------------------------------------------

_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAYS_OF_WEEK = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_TOKENS = (
    r"\[(?:(?!\]).)*\]|LTS|LT|LL?L?L?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|E{1,4}|w[o|w]?|W[o|W]?|Qo?"
    r"|YYYY|YY|Y|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?")
_LOCALE_FORMATS = {"LTS": "h:mm:ss A", "LT": "h:mm A", "L": "MM/DD/YYYY", "LL": "MMMM D, YYYY",
                   "LLL": "MMMM D, YYYY h:mm A", "LLLL": "dddd, MMMM D, YYYY h:mm A"}


def _ordinal(n):
    if n % 100 in (11, 12, 13):
        return "{}th".format(n)
    return "{}{}".format(n, {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def _offset_string(dt, separator):
    offset = dt.utcoffset()
    if offset is None:
        return ""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    minutes = abs(seconds) // 60
    return "{}{:02d}{}{:02d}".format(sign, minutes // 60, separator, minutes % 60)


def _format_token(dt, token):
    if token.startswith("["):
        return token[1:-1]
    if token in _LOCALE_FORMATS:
        return _format(dt, _LOCALE_FORMATS[token])
    has_date = hasattr(dt, "year")
    if has_date:
        if token == "YYYY":
            return "{:04d}".format(dt.year)
        if token == "YY":
            return "{:02d}".format(dt.year % 100)
        if token == "Y":
            return str(dt.year)
        if token == "Q":
            return str((dt.month - 1) // 3 + 1)
        if token == "Qo":
            return _ordinal((dt.month - 1) // 3 + 1)
        if token == "MMMM":
            return _MONTHS[dt.month]
        if token == "MMM":
            return _MONTHS[dt.month][:3]
        if token == "MM":
            return "{:02d}".format(dt.month)
        if token == "M":
            return str(dt.month)
        if token == "Mo":
            return _ordinal(dt.month)
        if token == "DDDD":
            return "{:03d}".format(dt.timetuple().tm_yday)
        if token == "DDD":
            return str(dt.timetuple().tm_yday)
        if token == "DDDo":
            return _ordinal(dt.timetuple().tm_yday)
        if token == "DD":
            return "{:02d}".format(dt.day)
        if token == "D":
            return str(dt.day)
        if token == "Do":
            return _ordinal(dt.day)
        dow = dt.isoweekday() % 7
        if token == "dddd":
            return _DAYS_OF_WEEK[dow]
        if token == "ddd":
            return _DAYS_OF_WEEK[dow][:3]
        if token == "dd":
            return _DAYS_OF_WEEK[dow][:2]
        if token == "d":
            return str(dow)
        if token == "do":
            return _ordinal(dow)
        if token == "E":
            return str(dt.isoweekday())
        if token in ("W", "w"):
            return str(dt.isocalendar()[1])
        if token in ("WW", "ww"):
            return "{:02d}".format(dt.isocalendar()[1])
        if token in ("Wo", "wo"):
            return _ordinal(dt.isocalendar()[1])
    if hasattr(dt, "hour"):
        if token == "HH":
            return "{:02d}".format(dt.hour)
        if token == "H":
            return str(dt.hour)
        hour12 = dt.hour % 12 or 12
        if token == "hh":
            return "{:02d}".format(hour12)
        if token == "h":
            return str(hour12)
        if token == "kk":
            return "{:02d}".format(dt.hour or 24)
        if token == "k":
            return str(dt.hour or 24)
        if token == "A":
            return "AM" if dt.hour < 12 else "PM"
        if token == "a":
            return "am" if dt.hour < 12 else "pm"
        if token == "mm":
            return "{:02d}".format(dt.minute)
        if token == "m":
            return str(dt.minute)
        if token == "ss":
            return "{:02d}".format(dt.second)
        if token == "s":
            return str(dt.second)
        if token.startswith("S"):
            return "{:06d}".format(dt.microsecond)[: len(token)].ljust(len(token), "0")
        if isinstance(dt, _dt.datetime):
            if token == "X":
                return str(int(_timestamp(dt)))
            if token == "x":
                return str(int(round(_timestamp(dt) * 1000)))
        if token == "ZZ":
            return _offset_string(dt, "")
        if token == "Z":
            return _offset_string(dt, ":")
        if token == "z":
            tz = dt.tzinfo
            return getattr(tz, "name", None) or (dt.tzname() or "")
        if token == "zz":
            return dt.tzname() or ""
    return token


def _timestamp(dt):
    if dt.tzinfo is None:
        return (_dt.datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond)
                - _dt.datetime(1970, 1, 1)).total_seconds()
    return _dt.datetime.timestamp(dt)


_compiled = {}


def _regex(pattern):
    """A compiled regular expression, compiled on first use (compiling costs at import time on GraalPy)."""
    regex = _compiled.get(pattern)
    if regex is None:
        regex = _compiled[pattern] = _re.compile(pattern)
    return regex


def _format(dt, fmt):
    return _regex(_TOKENS).sub(lambda m: _format_token(dt, m.group(0)), fmt)


# Parsing ------------------------------------------------------------------------------------------------

_ISO_DATE = (
    r"(?P<year>\d{4})(?:"
    r"-(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
    r"|-?W(?P<week>\d{2})(?:-?(?P<weekday>\d))?"
    r"|-(?P<yday>\d{3})"
    r"|(?P<bmonth>\d{2})(?P<bday>\d{2})"
    r"|(?P<byday>\d{3})"
    r")?")
_ISO_TIME = (
    r"(?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?)?"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?")
_ISO_DATETIME = r"^" + _ISO_DATE + r"(?:[Tt ]" + _ISO_TIME + r")?$"
_ISO_TIME_ONLY = r"^" + _ISO_TIME + r"$"
_ISO_DURATION = (
    r"^P(?!$)(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$")


def _parse_tz(text):
    if text is None:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    offset = sign * (hours * 3600 + minutes * 60)
    return FixedTimezone(offset)


def _parse_time_parts(m):
    fraction = m.group("fraction") or ""
    return (int(m.group("hour")), int(m.group("minute") or 0), int(m.group("second") or 0),
            int(fraction[:6].ljust(6, "0")) if fraction else 0, _parse_tz(m.group("tz")))


def _parse_iso(text):
    """A datetime.datetime, date, time or Duration for an ISO 8601 string; ParserError if it is none."""
    m = _regex(_ISO_DATETIME).match(text)
    if m:
        year = int(m.group("year"))
        try:
            if m.group("week"):
                weekday = int(m.group("weekday") or 1)
                d = _dt.date.fromisocalendar(year, int(m.group("week")), weekday)
            elif m.group("yday") or m.group("byday"):
                d = _dt.date(year, 1, 1) + _dt.timedelta(days=int(m.group("yday") or m.group("byday")) - 1)
            elif m.group("bmonth"):
                d = _dt.date(year, int(m.group("bmonth")), int(m.group("bday")))
            else:
                d = _dt.date(year, int(m.group("month") or 1), int(m.group("day") or 1))
            if m.group("hour") is None:
                return d
            hour, minute, second, micro, tz = _parse_time_parts(m)
            return _dt.datetime(d.year, d.month, d.day, hour, minute, second, micro, tzinfo=tz)
        except ValueError as e:
            raise ParserError("Invalid date string: {} ({})".format(text, e)) from None
    m = _regex(_ISO_TIME_ONLY).match(text)
    if m:
        hour, minute, second, micro, tz = _parse_time_parts(m)
        try:
            return _dt.time(hour, minute, second, micro, tzinfo=tz)
        except ValueError as e:
            raise ParserError("Invalid time string: {} ({})".format(text, e)) from None
    m = _regex(_ISO_DURATION).match(text)
    if m:
        parts = {k: float(v.replace(",", ".")) for k, v in m.groupdict().items() if v is not None}
        years, months = parts.pop("years", 0), parts.pop("months", 0)
        if years != int(years) or months != int(months):
            raise ParserError("Float years or months are not supported: {}".format(text))
        return Duration(years=int(years), months=int(months), **parts)
    raise ParserError("Invalid ISO 8601 string: {}".format(text))


def parse(text, **options):
    """pendulum.parse: ISO 8601 (and, with strict=False, whatever dateutil understands)."""
    tz = options.get("tz", UTC)
    if text == "now":
        return now(tz)
    try:
        parsed = _parse_iso(text)
    except ParserError:
        if options.get("strict", True):
            raise
        from dateutil import parser as _dateutil_parser

        try:
            parsed = _dateutil_parser.parse(text, dayfirst=options.get("day_first", False),
                                            yearfirst=options.get("year_first", True))
        except (ValueError, OverflowError) as e:
            raise ParserError("Invalid date string: {}".format(text)) from e
    if options.get("exact"):
        if isinstance(parsed, _dt.datetime):
            tzinfo = parsed.tzinfo
            return datetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
                            parsed.microsecond, tz=tzinfo if tzinfo is not None else tz)
        if isinstance(parsed, _dt.date):
            return Date(parsed.year, parsed.month, parsed.day)
        if isinstance(parsed, _dt.time):
            return Time(parsed.hour, parsed.minute, parsed.second, parsed.microsecond, tzinfo=parsed.tzinfo)
        return parsed
    if isinstance(parsed, Duration):
        return parsed
    if isinstance(parsed, _dt.time):
        base = options.get("now") or now(tz)
        parsed = _dt.datetime(base.year, base.month, base.day, parsed.hour, parsed.minute, parsed.second,
                              parsed.microsecond, tzinfo=parsed.tzinfo)
    elif not isinstance(parsed, _dt.datetime):
        parsed = _dt.datetime(parsed.year, parsed.month, parsed.day)
    tzinfo = parsed.tzinfo
    if tzinfo is not None and not isinstance(tzinfo, (Timezone, FixedTimezone)):
        tzinfo = _safe_timezone(tzinfo)
    return datetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
                    parsed.microsecond, tz=tzinfo if tzinfo is not None else tz)


_FROM_FORMAT_PATTERNS = {
    "YYYY": r"(?P<year>\d{4})", "YY": r"(?P<year2>\d{2})", "Y": r"(?P<year>[+-]?\d+)",
    "MMMM": r"(?P<month_name>[A-Za-z]+)", "MMM": r"(?P<month_abbr>[A-Za-z]{3})",
    "MM": r"(?P<month>\d{2})", "M": r"(?P<month>\d{1,2})",
    "DDDD": r"(?P<yday>\d{3})", "DDD": r"(?P<yday>\d{1,3})",
    "DD": r"(?P<day>\d{2})", "D": r"(?P<day>\d{1,2})", "Do": r"(?P<day>\d{1,2})(?:st|nd|rd|th)",
    "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "dd": r"[A-Za-z]{2}", "d": r"[0-6]", "E": r"[1-7]",
    "HH": r"(?P<hour>\d{2})", "H": r"(?P<hour>\d{1,2})", "hh": r"(?P<hour12>\d{2})", "h": r"(?P<hour12>\d{1,2})",
    "kk": r"(?P<hour>\d{2})", "k": r"(?P<hour>\d{1,2})",
    "mm": r"(?P<minute>\d{2})", "m": r"(?P<minute>\d{1,2})", "ss": r"(?P<second>\d{2})", "s": r"(?P<second>\d{1,2})",
    "A": r"(?P<meridiem>AM|PM|am|pm)", "a": r"(?P<meridiem>am|pm|AM|PM)",
    "X": r"(?P<timestamp>-?\d+(?:\.\d+)?)", "x": r"(?P<timestamp_ms>-?\d+)",
    "ZZ": r"(?P<offset>Z|[+-]\d{2}:?\d{2})", "Z": r"(?P<offset>Z|[+-]\d{2}:?\d{2})",
    "z": r"(?P<tzname>[A-Za-z_]+(?:/[A-Za-z_+-]+)*)",
}


def from_format(string, fmt, tz=UTC, locale=None):
    """pendulum.from_format: parses ``string`` with pendulum format tokens (English names)."""
    pattern = []
    pos = 0
    for m in _regex(_TOKENS).finditer(fmt):
        pattern.append(_re.escape(fmt[pos:m.start()]))
        token = m.group(0)
        if token.startswith("["):
            pattern.append(_re.escape(token[1:-1]))
        elif token.startswith("S"):
            pattern.append(r"(?P<fraction>\d{%d})" % len(token))
        elif token in _FROM_FORMAT_PATTERNS:
            pattern.append(_FROM_FORMAT_PATTERNS[token])
        else:
            raise ValueError("unsupported token in from_format: {}".format(token))
        pos = m.end()
    pattern.append(_re.escape(fmt[pos:]))
    try:
        m = _re.match("^" + "".join(pattern) + "$", string)
    except _re.error as e:
        raise ValueError("unsupported format {!r}: {}".format(fmt, e)) from None
    if not m:
        raise ValueError("String does not match format {}".format(fmt))
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    if "timestamp" in g:
        return from_timestamp(float(g["timestamp"]), tz)
    if "timestamp_ms" in g:
        return from_timestamp(int(g["timestamp_ms"]) / 1000, tz)
    year = int(g["year"]) if "year" in g else (2000 + int(g["year2"]) if "year2" in g else now(tz).year)
    month = int(g.get("month", 1))
    for key in ("month_name", "month_abbr"):
        if key in g:
            names = [n.lower()[: 3 if key == "month_abbr" else None] for n in _MONTHS]
            month = names.index(g[key].lower())
    day = int(g.get("day", 1))
    if "yday" in g:
        d = _dt.date(year, 1, 1) + _dt.timedelta(days=int(g["yday"]) - 1)
        month, day = d.month, d.day
    hour = int(g.get("hour", 0))
    if "hour12" in g:
        hour = int(g["hour12"]) % 12
        if g.get("meridiem", "am").lower() == "pm":
            hour += 12
    elif g.get("meridiem", "").lower() == "pm" and hour < 12:
        hour += 12
    micro = int(g["fraction"][:6].ljust(6, "0")) if "fraction" in g else 0
    if "offset" in g:
        tz = _parse_tz(g["offset"])
    elif "tzname" in g:
        tz = g["tzname"]
    return datetime(year, month, day, hour, int(g.get("minute", 0)), int(g.get("second", 0)), micro, tz=tz)


# DateTime -----------------------------------------------------------------------------------------------

class _DateMixin:
    @property
    def day_of_week(self):
        return self.isoweekday() % 7

    @property
    def day_of_year(self):
        return self.timetuple().tm_yday

    @property
    def week_of_year(self):
        return self.isocalendar()[1]

    @property
    def days_in_month(self):
        return _days_in_month(self.year, self.month)

    @property
    def quarter(self):
        return (self.month - 1) // 3 + 1

    def is_leap_year(self):
        return _is_leap(self.year)

    def is_long_year(self):
        return _dt.date(self.year, 12, 28).isocalendar()[1] == 53

    def is_same_day(self, other):
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def to_date_string(self):
        return self.format("YYYY-MM-DD")

    def to_formatted_date_string(self):
        return self.format("MMM DD, YYYY")

    def format(self, fmt, locale=None):
        return _format(self, fmt)

    def for_json(self):
        return self.isoformat()

    def __format__(self, format_spec):
        if format_spec:
            if "%" in format_spec:
                return self.strftime(format_spec)
            return self.format(format_spec)
        return str(self)


_UNITS = ("second", "minute", "hour", "day", "week", "month", "year", "decade", "century")


class DateTime(_DateMixin, _dt.datetime):
    """pendulum's DateTime: a ``datetime.datetime`` with calendar arithmetic and helpers."""

    # Construction
    @classmethod
    def now(cls, tz=None):
        return now(tz)

    @classmethod
    def utcnow(cls):
        return now(UTC)

    @classmethod
    def today(cls):
        return now()

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        return instance(_dt.datetime.fromtimestamp(t, tz=tz), tz=tz)

    @classmethod
    def utcfromtimestamp(cls, t):
        return instance(_dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=t), tz=None)

    @classmethod
    def fromordinal(cls, n):
        return instance(_dt.datetime.fromordinal(n), tz=None)

    @classmethod
    def combine(cls, date, time, tzinfo=None):
        if tzinfo is None:
            tzinfo = time.tzinfo
        return instance(_dt.datetime.combine(date, time, tzinfo), tz=None)

    @classmethod
    def strptime(cls, string, fmt):
        return instance(_dt.datetime.strptime(string, fmt))

    # Properties
    @property
    def timezone(self):
        tz = self.tzinfo
        return tz if isinstance(tz, (Timezone, FixedTimezone)) else None

    @property
    def tz(self):
        return self.timezone

    @property
    def timezone_name(self):
        tz = self.timezone
        return None if tz is None else tz.name

    @property
    def offset(self):
        return self.get_offset()

    @property
    def offset_hours(self):
        return self.get_offset() / SECONDS_PER_HOUR

    @property
    def int_timestamp(self):
        return int(_timestamp(self) // 1)

    @property
    def float_timestamp(self):
        return _timestamp(self)

    @property
    def age(self):
        return self.date().diff(now(self.tz).date(), abs=False).in_years()

    def get_offset(self):
        offset = self.utcoffset()
        return None if offset is None else int(offset.total_seconds())

    def is_dst(self):
        dst = self.dst()
        return bool(dst)

    def is_utc(self):
        return self.offset == 0

    def is_local(self):
        return self.offset == self.in_timezone(local_timezone()).offset

    def is_past(self):
        return self < now(self.tz)

    def is_future(self):
        return self > now(self.tz)

    def date(self):
        return Date(self.year, self.month, self.day)

    def time(self):
        return Time(self.hour, self.minute, self.second, self.microsecond)

    def naive(self):
        return DateTime(self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond)

    def timestamp(self):
        return _timestamp(self)

    # Changing
    def set(self, year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None,
            tz=None):
        return datetime(self.year if year is None else year, self.month if month is None else month,
                        self.day if day is None else day, self.hour if hour is None else hour,
                        self.minute if minute is None else minute, self.second if second is None else second,
                        self.microsecond if microsecond is None else microsecond,
                        tz=tz if tz is not None else self.tzinfo)

    def on(self, year, month, day):
        return self.set(year=int(year), month=int(month), day=int(day))

    def at(self, hour, minute=0, second=0, microsecond=0):
        return self.set(hour=hour, minute=minute, second=second, microsecond=microsecond)

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None,
                tzinfo=True, fold=None):
        kwargs = {k: v for k, v in (("year", year), ("month", month), ("day", day), ("hour", hour),
                                    ("minute", minute), ("second", second), ("microsecond", microsecond),
                                    ("fold", fold)) if v is not None}
        if tzinfo is not True:
            kwargs["tzinfo"] = tzinfo
        return _wrap(_dt.datetime.replace(_plain(self), **kwargs))

    def in_timezone(self, tz):
        return _wrap(_convert(_safe_timezone(tz), _plain(self), POST_TRANSITION))

    def in_tz(self, tz):
        return self.in_timezone(tz)

    def astimezone(self, tz=None):
        return instance(_dt.datetime.astimezone(_plain(self), tz), tz=None)

    def add(self, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0, microseconds=0):
        variable = any([years, months, weeks, days])
        current = _dt.datetime(self.year, self.month, self.day, self.hour, self.minute, self.second,
                               self.microsecond)
        if not variable:
            offset = self.utcoffset()
            if offset:
                current = current - offset
        dt = _add_duration(current, years=years, months=months, weeks=weeks, days=days, hours=hours,
                           minutes=minutes, seconds=seconds, microseconds=microseconds)
        if variable or self.tzinfo is None:
            return datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond,
                            tz=self.tzinfo)
        return _wrap(_dt.datetime.astimezone(dt.replace(tzinfo=UTC), self.tzinfo))

    def subtract(self, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0, microseconds=0):
        return self.add(years=-years, months=-months, weeks=-weeks, days=-days, hours=-hours, minutes=-minutes,
                        seconds=-seconds, microseconds=-microseconds)

    def _add_timedelta_(self, delta):
        if isinstance(delta, Period):
            return self.add(years=delta.years, months=delta.months, weeks=delta.weeks, days=delta.remaining_days,
                            hours=delta.hours, minutes=delta.minutes, seconds=delta.remaining_seconds,
                            microseconds=delta.microseconds)
        if isinstance(delta, Duration):
            return self.add(years=delta.years, months=delta.months, seconds=delta._d_total)
        return self.add(seconds=delta.total_seconds())

    def _subtract_timedelta(self, delta):
        if isinstance(delta, Duration):
            return self.subtract(years=delta.years, months=delta.months, seconds=delta._d_total)
        return self.subtract(seconds=delta.total_seconds())

    def __add__(self, other):
        if not isinstance(other, _dt.timedelta):
            return NotImplemented
        return self._add_timedelta_(other)

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, _dt.timedelta):
            return self._subtract_timedelta(other)
        if not isinstance(other, _dt.datetime):
            return NotImplemented
        return instance(other, tz=None).diff(self, False)

    def __rsub__(self, other):
        if not isinstance(other, _dt.datetime):
            return NotImplemented
        return self.diff(instance(other, tz=None), False)

    # Anchors
    def start_of(self, unit):
        if unit not in _UNITS:
            raise ValueError('Invalid unit "{}" for start_of()'.format(unit))
        if unit == "second":
            return self.set(microsecond=0)
        if unit == "minute":
            return self.set(second=0, microsecond=0)
        if unit == "hour":
            return self.set(minute=0, second=0, microsecond=0)
        day = self.set(hour=0, minute=0, second=0, microsecond=0)
        if unit == "day":
            return day
        if unit == "week":
            dt = day
            if dt.day_of_week != _WEEK_STARTS_AT:
                dt = dt.previous(_WEEK_STARTS_AT)
            return dt.start_of("day")
        if unit == "month":
            return day.set(day=1)
        if unit == "year":
            return day.set(month=1, day=1)
        if unit == "decade":
            return day.set(year=self.year - self.year % YEARS_PER_DECADE, month=1, day=1)
        return day.set(year=self.year - 1 - (self.year - 1) % YEARS_PER_CENTURY + 1, month=1, day=1)

    def end_of(self, unit):
        if unit not in _UNITS:
            raise ValueError('Invalid unit "{}" for end_of()'.format(unit))
        if unit == "second":
            return self.set(microsecond=999999)
        if unit == "minute":
            return self.set(second=59, microsecond=999999)
        if unit == "hour":
            return self.set(minute=59, second=59, microsecond=999999)
        day = self.set(hour=23, minute=59, second=59, microsecond=999999)
        if unit == "day":
            return day
        if unit == "week":
            dt = day
            if dt.day_of_week != _WEEK_ENDS_AT:
                dt = dt.next(_WEEK_ENDS_AT, keep_time=True)
            return dt.end_of("day")
        if unit == "month":
            return day.set(day=self.days_in_month)
        if unit == "year":
            return day.set(month=12, day=31)
        if unit == "decade":
            return day.set(year=self.year - self.year % YEARS_PER_DECADE + YEARS_PER_DECADE - 1, month=12, day=31)
        return day.set(year=self.year - 1 - (self.year - 1) % YEARS_PER_CENTURY + YEARS_PER_CENTURY, month=12,
                       day=31)

    def next(self, day_of_week=None, keep_time=False):
        if day_of_week is None:
            day_of_week = self.day_of_week
        if day_of_week < SUNDAY or day_of_week > SATURDAY:
            raise ValueError("Invalid day of week")
        dt = self if keep_time else self.start_of("day")
        dt = dt.add(days=1)
        while dt.day_of_week != day_of_week:
            dt = dt.add(days=1)
        return dt

    def previous(self, day_of_week=None, keep_time=False):
        if day_of_week is None:
            day_of_week = self.day_of_week
        if day_of_week < SUNDAY or day_of_week > SATURDAY:
            raise ValueError("Invalid day of week")
        dt = self if keep_time else self.start_of("day")
        dt = dt.subtract(days=1)
        while dt.day_of_week != day_of_week:
            dt = dt.subtract(days=1)
        return dt

    # Comparison helpers
    def diff(self, dt=None, abs=True):
        if dt is None:
            dt = now(self.tz)
        return Period(self, dt, absolute=abs)

    def diff_for_humans(self, other=None, absolute=False, locale=None):
        is_now = other is None
        if is_now:
            other = now(self.tz) if self.tzinfo is not None else now().naive()
        return _diff_for_humans(self.diff(other, False), is_now, absolute)

    def closest(self, dt1, dt2, *dts):
        return min((instance(d) for d in (dt1, dt2) + dts), key=lambda d: abs((self - d).total_seconds()))

    def farthest(self, dt1, dt2, *dts):
        return max((instance(d) for d in (dt1, dt2) + dts), key=lambda d: abs((self - d).total_seconds()))

    def average(self, dt=None):
        if dt is None:
            dt = now(self.tz)
        return self.add(microseconds=int((dt - self).total_seconds() * 1e6 / 2))

    # Strings
    def to_time_string(self):
        return self.format("HH:mm:ss")

    def to_datetime_string(self):
        return self.format("YYYY-MM-DD HH:mm:ss")

    def to_day_datetime_string(self):
        return self.format("ddd, MMM D, YYYY h:mm A")

    def to_atom_string(self):
        return self.format(ATOM)

    def to_cookie_string(self):
        return self.format(COOKIE)

    def to_iso8601_string(self):
        string = self.isoformat()
        if self.tz and self.tz.name == "UTC":
            string = string.replace("+00:00", "Z")
        return string

    def to_rfc822_string(self):
        return self.format(RFC822)

    def to_rfc850_string(self):
        return self.format(RFC850)

    def to_rfc1036_string(self):
        return self.format(RFC1036)

    def to_rfc1123_string(self):
        return self.format(RFC1123)

    def to_rfc2822_string(self):
        return self.format(RFC2822)

    def to_rfc3339_string(self):
        return self.isoformat()

    def to_rss_string(self):
        return self.format(RSS)

    def to_w3c_string(self):
        return self.isoformat()

    def __str__(self):
        return self.isoformat("T")

    def __repr__(self):
        us = ", {}".format(self.microsecond) if self.microsecond else ""
        text = "DateTime({}, {}, {}, {}, {}, {}{}".format(self.year, self.month, self.day, self.hour, self.minute,
                                                          self.second, us)
        if self.tzinfo is not None:
            text += ", tzinfo={!r}".format(self.tzinfo)
        return text + ")"

    def __reduce__(self):
        return self.__reduce_ex__(2)

    def __reduce_ex__(self, protocol):
        return _restore_datetime, (self.year, self.month, self.day, self.hour, self.minute, self.second,
                                   self.microsecond, self.tzinfo, self.fold)


def _restore_datetime(year, month, day, hour, minute, second, microsecond, tzinfo, fold):
    return DateTime(year, month, day, hour, minute, second, microsecond, tzinfo=tzinfo, fold=fold)


DateTime.min = DateTime(1, 1, 1, 0, 0, tzinfo=UTC)
DateTime.max = DateTime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
DateTime.EPOCH = DateTime(1970, 1, 1, tzinfo=UTC)


class Date(_DateMixin, _dt.date):
    """pendulum's Date."""

    @classmethod
    def today(cls):
        n = now()
        return cls(n.year, n.month, n.day)

    @classmethod
    def fromtimestamp(cls, t):
        d = _dt.date.fromtimestamp(t)
        return cls(d.year, d.month, d.day)

    @classmethod
    def fromordinal(cls, n):
        d = _dt.date.fromordinal(n)
        return cls(d.year, d.month, d.day)

    def set(self, year=None, month=None, day=None):
        return self.replace(year=year or self.year, month=month or self.month, day=day or self.day)

    def replace(self, year=None, month=None, day=None):
        d = _dt.date.replace(_dt.date(self.year, self.month, self.day), year=year or self.year,
                             month=month or self.month, day=day or self.day)
        return Date(d.year, d.month, d.day)

    def add(self, years=0, months=0, weeks=0, days=0):
        d = _add_duration(_dt.date(self.year, self.month, self.day), years=years, months=months, weeks=weeks,
                          days=days)
        return Date(d.year, d.month, d.day)

    def subtract(self, years=0, months=0, weeks=0, days=0):
        return self.add(years=-years, months=-months, weeks=-weeks, days=-days)

    def __add__(self, other):
        if not isinstance(other, _dt.timedelta):
            return NotImplemented
        if isinstance(other, Duration):
            return self.add(years=other.years, months=other.months, weeks=other.weeks, days=other.remaining_days)
        return self.add(days=other.days)

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, _dt.timedelta):
            if isinstance(other, Duration):
                return self.subtract(years=other.years, months=other.months, weeks=other.weeks,
                                     days=other.remaining_days)
            return self.subtract(days=other.days)
        if isinstance(other, _dt.datetime) or not isinstance(other, _dt.date):
            return NotImplemented
        return Date(other.year, other.month, other.day).diff(self, False)

    def diff(self, dt=None, abs=True):
        if dt is None:
            dt = Date.today()
        return Period(self, Date(dt.year, dt.month, dt.day), absolute=abs)

    def start_of(self, unit):
        if unit == "day":
            return self
        if unit == "week":
            return self if self.day_of_week == _WEEK_STARTS_AT else self.previous(_WEEK_STARTS_AT)
        if unit == "month":
            return self.set(day=1)
        if unit == "year":
            return Date(self.year, 1, 1)
        if unit == "decade":
            return Date(self.year - self.year % YEARS_PER_DECADE, 1, 1)
        if unit == "century":
            return Date(self.year - 1 - (self.year - 1) % YEARS_PER_CENTURY + 1, 1, 1)
        raise ValueError('Invalid unit "{}" for start_of()'.format(unit))

    def end_of(self, unit):
        if unit == "day":
            return self
        if unit == "week":
            return self if self.day_of_week == _WEEK_ENDS_AT else self.next(_WEEK_ENDS_AT)
        if unit == "month":
            return self.set(day=self.days_in_month)
        if unit == "year":
            return Date(self.year, 12, 31)
        if unit == "decade":
            return Date(self.year - self.year % YEARS_PER_DECADE + YEARS_PER_DECADE - 1, 12, 31)
        if unit == "century":
            return Date(self.year - 1 - (self.year - 1) % YEARS_PER_CENTURY + YEARS_PER_CENTURY, 12, 31)
        raise ValueError('Invalid unit "{}" for end_of()'.format(unit))

    def next(self, day_of_week=None):
        if day_of_week is None:
            day_of_week = self.day_of_week
        dt = self.add(days=1)
        while dt.day_of_week != day_of_week:
            dt = dt.add(days=1)
        return dt

    def previous(self, day_of_week=None):
        if day_of_week is None:
            day_of_week = self.day_of_week
        dt = self.subtract(days=1)
        while dt.day_of_week != day_of_week:
            dt = dt.subtract(days=1)
        return dt

    def diff_for_humans(self, other=None, absolute=False, locale=None):
        is_now = other is None
        return _diff_for_humans(self.diff(other, False), is_now, absolute)

    def __repr__(self):
        return "Date({}, {}, {})".format(self.year, self.month, self.day)

    def __reduce__(self):
        return Date, (self.year, self.month, self.day)


class Time(_dt.time):
    """pendulum's Time."""

    def format(self, fmt, locale=None):
        return _format(self, fmt)

    def __format__(self, format_spec):
        if format_spec:
            return self.strftime(format_spec) if "%" in format_spec else self.format(format_spec)
        return str(self)

    def __repr__(self):
        us = ", {}".format(self.microsecond) if self.microsecond else ""
        tz = ", tzinfo={!r}".format(self.tzinfo) if self.tzinfo is not None else ""
        return "Time({}, {}, {}{}{})".format(self.hour, self.minute, self.second, us, tz)

    def __reduce__(self):
        return Time, (self.hour, self.minute, self.second, self.microsecond, self.tzinfo)


# Durations ----------------------------------------------------------------------------------------------

_ONE_US = _dt.timedelta(microseconds=1)
_UNIT_WORDS = (("year", "years"), ("month", "months"), ("week", "weeks"), ("day", "days"), ("hour", "hours"),
               ("minute", "minutes"), ("second", "seconds"))


def _words(count, unit_index):
    singular, plural = _UNIT_WORDS[unit_index]
    return "{} {}".format(count, singular if abs(count) == 1 else plural)


class Duration(_dt.timedelta):
    """pendulum's Duration: a timedelta that remembers years and months (counted as 365 and 30 days)."""

    def __new__(cls, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0, years=0,
                months=0):
        if not isinstance(years, int) or not isinstance(months, int):
            raise ValueError("Float year and months are not supported")
        self = _dt.timedelta.__new__(cls, days + years * 365 + months * 30, seconds, microseconds, milliseconds,
                                     minutes, hours, weeks)
        total = _dt.timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks).total_seconds()
        self._init(total, years, months)
        return self

    def total_seconds(self):
        # Not timedelta's: on GraalPy (pure-Python datetime) it reads the seconds/microseconds that Duration
        # redefines. Exact, from the timedelta's own state.
        return _dt.timedelta.__floordiv__(self, _ONE_US) / US_PER_SECOND

    def _init(self, total, years, months):
        self._d_total = total
        m = -1 if total < 0 else 1
        self._d_microseconds = round(total % m * 1e6)
        self._d_seconds = abs(int(total)) % SECONDS_PER_DAY * m
        days = abs(int(total)) // SECONDS_PER_DAY * m
        self._d_days = days
        self._d_remaining_days = abs(days) % 7 * m
        self._d_weeks = abs(days) // 7 * m
        self._d_months = months
        self._d_years = years

    def total_minutes(self):
        return self.total_seconds() / SECONDS_PER_MINUTE

    def total_hours(self):
        return self.total_seconds() / SECONDS_PER_HOUR

    def total_days(self):
        return self.total_seconds() / SECONDS_PER_DAY

    def total_weeks(self):
        return self.total_days() / 7

    @property
    def years(self):
        return self._d_years

    @property
    def months(self):
        return self._d_months

    @property
    def weeks(self):
        return self._d_weeks

    @property
    def remaining_days(self):
        return self._d_remaining_days

    @property
    def hours(self):
        s = self._d_seconds
        return abs(s) // 3600 % 24 * _sign(s) if abs(s) >= 3600 else 0

    @property
    def minutes(self):
        s = self._d_seconds
        return abs(s) // 60 % 60 * _sign(s) if abs(s) >= 60 else 0

    @property
    def seconds(self):
        return self._d_seconds

    @property
    def remaining_seconds(self):
        s = self._d_seconds
        return abs(s) % 60 * _sign(s)

    @property
    def microseconds(self):
        return self._d_microseconds

    @property
    def invert(self):
        return self.total_seconds() < 0

    def in_weeks(self):
        return int(self.total_weeks())

    def in_days(self):
        return int(self.total_days())

    def in_hours(self):
        return int(self.total_hours())

    def in_minutes(self):
        return int(self.total_minutes())

    def in_seconds(self):
        return int(self.total_seconds())

    def in_words(self, locale=None, separator=" "):
        counts = (self.years, self.months, self.weeks, self.remaining_days, self.hours, self.minutes,
                  self.remaining_seconds)
        parts = [_words(c, i) for i, c in enumerate(counts) if abs(c) > 0]
        if not parts:
            if abs(self.microseconds) > 0:
                parts.append("{:.2f} second".format(abs(self.microseconds) / 1e6))
            else:
                parts.append("0 microseconds")
        return separator.join(parts)

    def as_timedelta(self):
        return _dt.timedelta(seconds=self.total_seconds())

    def __str__(self):
        return self.in_words()

    def __repr__(self):
        parts = []
        for name, value in (("years", self._d_years), ("months", self._d_months), ("weeks", self._d_weeks),
                            ("days", self._d_remaining_days if self._d_days else 0), ("hours", self.hours),
                            ("minutes", self.minutes), ("seconds", self.remaining_seconds)):
            if value:
                parts.append("{}={}".format(name, value))
        if self.microseconds:
            parts.append("microseconds={}".format(self.microseconds))
        return "{}({})".format(type(self).__name__, ", ".join(parts))

    def __reduce__(self):
        return Duration, (0, self._d_total, 0, 0, 0, 0, 0, self._d_years, self._d_months)

    def __add__(self, other):
        if isinstance(other, _dt.timedelta):
            return Duration(seconds=self.total_seconds() + other.total_seconds())
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, _dt.timedelta):
            return Duration(seconds=self.total_seconds() - other.total_seconds())
        return NotImplemented

    def __neg__(self):
        return Duration(years=-self._d_years, months=-self._d_months, weeks=-self._d_weeks, days=-self._d_remaining_days,
                        seconds=-self._d_seconds, microseconds=-self._d_microseconds)

    def __abs__(self):
        return -self if self.total_seconds() < 0 else self

    def __mul__(self, other):
        if isinstance(other, int):
            return Duration(years=self._d_years * other, months=self._d_months * other, seconds=self._d_total * other)
        if isinstance(other, float):
            usec = round(self._usec() * other)
            return Duration(0, 0, usec)
        return NotImplemented

    __rmul__ = __mul__

    def _usec(self):
        return _dt.timedelta.__floordiv__(self, _dt.timedelta(microseconds=1))

    def __floordiv__(self, other):
        if not isinstance(other, (int, _dt.timedelta)):
            return NotImplemented
        usec = self._usec()
        if isinstance(other, _dt.timedelta):
            return usec // round(other.total_seconds() * US_PER_SECOND)
        return Duration(0, 0, usec // other)

    def __truediv__(self, other):
        if not isinstance(other, (int, float, _dt.timedelta)):
            return NotImplemented
        usec = self._usec()
        if isinstance(other, _dt.timedelta):
            return usec / round(other.total_seconds() * US_PER_SECOND)
        return Duration(0, 0, round(usec / other))

    __div__ = __floordiv__

    def __mod__(self, other):
        if isinstance(other, _dt.timedelta):
            r = self._usec() % round(other.total_seconds() * US_PER_SECOND)
            return Duration(0, 0, r)
        return NotImplemented

    def __divmod__(self, other):
        if isinstance(other, _dt.timedelta):
            q, r = divmod(self._usec(), round(other.total_seconds() * US_PER_SECOND))
            return q, Duration(0, 0, r)
        return NotImplemented


def _month_diff(start, end):
    """Whole calendar months from naive ``start`` to naive ``end`` (start <= end) and the rest as a timedelta."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while True:
        moved = _add_duration(start, months=months) if months else start
        if moved <= end or months <= 0:
            return max(months, 0), end - moved
        months -= 1


class Period(Duration):
    """pendulum's Period: the time between two datetimes (or dates), with calendar years and months."""

    def __new__(cls, start, end, absolute=False):
        if isinstance(start, _dt.datetime) != isinstance(end, _dt.datetime):
            if not isinstance(start, _dt.datetime):
                start = datetime(start.year, start.month, start.day, tz=getattr(end, "tzinfo", None))
            else:
                end = datetime(end.year, end.month, end.day, tz=getattr(start, "tzinfo", None))
        if absolute and start > end:
            start, end = end, start
        if isinstance(start, _dt.datetime):
            start, end = instance(start, tz=None), instance(end, tz=None)
            delta = _utc_naive(end) - _utc_naive(start)
        else:
            start, end = Date(start.year, start.month, start.day), Date(end.year, end.month, end.day)
            delta = _dt.date(end.year, end.month, end.day) - _dt.date(start.year, start.month, start.day)
        self = _dt.timedelta.__new__(cls, seconds=delta.total_seconds())
        self._start, self._end, self._absolute = start, end, absolute
        self._init(delta.total_seconds(), 0, 0)
        self._precise(start, end)
        return self

    def _precise(self, start, end):
        sign = 1
        a, b = start, end
        if isinstance(a, _dt.datetime):
            if a.tzinfo is not None and b.tzinfo is not None and a.utcoffset() != b.utcoffset() and \
                    getattr(a.tzinfo, "name", 1) != getattr(b.tzinfo, "name", 2):
                b = b.astimezone(a.tzinfo)
            a = _dt.datetime(a.year, a.month, a.day, a.hour, a.minute, a.second, a.microsecond)
            b = _dt.datetime(b.year, b.month, b.day, b.hour, b.minute, b.second, b.microsecond)
        else:
            a = _dt.date(a.year, a.month, a.day)
            b = _dt.date(b.year, b.month, b.day)
        if a > b:
            a, b, sign = b, a, -1
        months, rest = _month_diff(a, b)
        self._d_years = months // 12 * sign
        self._d_months = months % 12 * sign
        days = rest.days
        self._p_weeks = days // 7 * sign
        self._p_days = days % 7 * sign
        secs = rest.seconds
        self._p_hours = secs // 3600 * sign
        self._p_minutes = secs // 60 % 60 * sign
        self._p_seconds = secs % 60 * sign
        self._p_micro = rest.microseconds * sign
        self._p_total_days = days * sign

    @property
    def start(self):
        return self._start

    @property
    def end(self):
        return self._end

    @property
    def years(self):
        return self._d_years

    @property
    def months(self):
        return self._d_months

    @property
    def weeks(self):
        return self._p_weeks

    @property
    def days(self):
        return self._d_days

    @property
    def remaining_days(self):
        return self._p_days

    @property
    def hours(self):
        return self._p_hours

    @property
    def minutes(self):
        return self._p_minutes

    @property
    def remaining_seconds(self):
        return self._p_seconds

    def in_years(self):
        return self._d_years

    def in_months(self):
        return self._d_years * 12 + self._d_months

    def in_weeks(self):
        days = self.in_days()
        return abs(days) // 7 * _sign(days)

    def in_days(self):
        return self._d_days

    def in_words(self, locale=None, separator=" "):
        counts = (self.years, self.months, self.weeks, self.remaining_days, self.hours, self.minutes,
                  self.remaining_seconds)
        parts = [_words(c, i) for i, c in enumerate(counts) if abs(c) > 0]
        return separator.join(parts) if parts else "0 microseconds"

    def range(self, unit, amount=1):
        method = "add"
        op = "__le__"
        if not self._absolute and self.invert:
            method, op = "subtract", "__ge__"
        start, end = self.start, self.end
        i = amount
        while getattr(start, op)(end):
            yield start
            start = getattr(self.start, method)(**{unit: i})
            i += amount

    def as_interval(self):
        return Duration(seconds=self.total_seconds())

    def __iter__(self):
        return self.range("days")

    def __contains__(self, item):
        return self.start <= item <= self.end

    def __neg__(self):
        return Period(self.end, self.start, self._absolute)

    def __abs__(self):
        return Period(self.start, self.end, True)

    def __reduce__(self):
        return Period, (self.start, self.end, self._absolute)

    def __repr__(self):
        return "<Period [{} -> {}]>".format(self._start, self._end)

    def __str__(self):
        return self.__repr__()


def _diff_for_humans(diff, is_now, absolute):
    count, unit = 0, "second"
    for value, name in ((diff.years, "year"), (diff.months, "month"), (diff.weeks, "week"),
                        (diff.remaining_days, "day"), (diff.hours, "hour"), (diff.minutes, "minute"),
                        (diff.remaining_seconds, "second")):
        if value:
            count, unit = abs(value), name
            break
    if unit == "second" and count < 10:
        text = "a few seconds"
    else:
        text = "{} {}{}".format(count, unit, "" if count == 1 else "s")
    if absolute:
        return text
    if is_now:
        return "in {}".format(text) if diff.invert else "{} ago".format(text)
    return "{} after".format(text) if diff.invert else "{} before".format(text)


# Module functions ---------------------------------------------------------------------------------------

def datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tz=UTC, dst_rule=POST_TRANSITION):
    """A DateTime for a wall time in ``tz`` (UTC by default; None for a naive one)."""
    dt = _dt.datetime(year, month, day, hour, minute, second, microsecond)
    if tz is not None:
        dt = _localize(_safe_timezone(tz), dt, dst_rule)
    return DateTime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, tzinfo=dt.tzinfo,
                    fold=dt.fold)


def local(year, month, day, hour=0, minute=0, second=0, microsecond=0):
    return datetime(year, month, day, hour, minute, second, microsecond, tz=local_timezone())


def naive(year, month, day, hour=0, minute=0, second=0, microsecond=0):
    return DateTime(year, month, day, hour, minute, second, microsecond)


def instance(dt, tz=UTC):
    """A DateTime for a datetime.datetime, keeping its time zone (``tz`` for a naive one)."""
    if not isinstance(dt, _dt.datetime):
        raise ValueError("instance() only accepts datetime objects.")
    if isinstance(dt, DateTime):
        return dt
    tzinfo = dt.tzinfo
    if tzinfo is None:
        if tz is None:
            return DateTime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond)
        return datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, tz=tz)
    if not isinstance(tzinfo, (Timezone, FixedTimezone)):
        if isinstance(tzinfo, _dt.timezone) or not getattr(tzinfo, "key", None):
            offset = tzinfo.utcoffset(dt)
            tzinfo = UTC if tzinfo.tzname(dt) == "UTC" else fixed_timezone(int(offset.total_seconds()))
        else:
            try:
                tzinfo = _safe_timezone(tzinfo)
            except TimezoneError:
                pass
    return DateTime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, tzinfo=tzinfo,
                    fold=dt.fold)


def now(tz=None):
    """The current time in ``tz`` (the local time zone by default)."""
    if _TEST_NOW is not None:
        return _TEST_NOW.in_timezone(tz) if tz is not None else _TEST_NOW
    zone = _safe_timezone(tz)
    return _wrap(_dt.datetime.now(zone))


def today(tz="local"):
    return now(tz).start_of("day")


def tomorrow(tz="local"):
    return today(tz).add(days=1)


def yesterday(tz="local"):
    return today(tz).subtract(days=1)


def from_timestamp(timestamp, tz=UTC):
    dt = _dt.datetime(1970, 1, 1, tzinfo=UTC) + _dt.timedelta(seconds=timestamp)
    dt = _wrap(dt)
    if tz is not UTC and tz != "UTC":
        dt = dt.in_timezone(tz)
    return dt


def date(year, month, day):
    return Date(year, month, day)


def time(hour, minute=0, second=0, microsecond=0):
    return Time(hour, minute, second, microsecond)


def duration(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0, years=0, months=0):
    return Duration(days=days, seconds=seconds, microseconds=microseconds, milliseconds=milliseconds,
                    minutes=minutes, hours=hours, weeks=weeks, years=years, months=months)


def period(start, end, absolute=False):
    return Period(start, end, absolute=absolute)


# pendulum 3's names for Period, for DAG files written against it
Interval = Period
interval = period


def set_test_now(test_now=None):
    global _TEST_NOW
    _TEST_NOW = test_now


def get_test_now():
    return _TEST_NOW


def has_test_now():
    return _TEST_NOW is not None


class test:
    def __init__(self, mock):
        self._mock = mock

    def __enter__(self):
        set_test_now(self._mock)
        return self._mock

    def __exit__(self, *exc):
        set_test_now()


def set_locale(name):
    global _LOCALE
    if not name.lower().startswith("en"):
        raise ValueError("Aloft's pendulum only has the English locale, not {!r}".format(name))
    _LOCALE = name


def get_locale():
    return _LOCALE


def locale(name):
    return name


def week_starts_at(wday):
    global _WEEK_STARTS_AT
    _WEEK_STARTS_AT = wday


def week_ends_at(wday):
    global _WEEK_ENDS_AT
    _WEEK_ENDS_AT = wday


def format_diff(diff, is_now=True, absolute=False, locale=None):
    return _diff_for_humans(diff, is_now, absolute)


# Submodules that code imports from (pendulum.tz, pendulum.tz.timezone, ...), without files of their own.

def _submodule(name, **attrs):
    module = _types.ModuleType(__name__ + "." + name)
    module.__dict__.update(attrs)
    _sys.modules[module.__name__] = module
    return module


_tz_timezone = _submodule("tz.timezone", Timezone=Timezone, FixedTimezone=FixedTimezone, UTC=UTC,
                          TimezoneInfo=Timezone, PRE_TRANSITION=PRE_TRANSITION, POST_TRANSITION=POST_TRANSITION,
                          TRANSITION_ERROR=TRANSITION_ERROR)
_tz_exceptions = _submodule("tz.exceptions", TimezoneError=TimezoneError, NonExistingTime=NonExistingTime,
                            AmbiguousTime=AmbiguousTime, InvalidTimezone=InvalidTimezone)
_tz_zoneinfo_exceptions = _submodule("tz.zoneinfo.exceptions", InvalidTimezone=InvalidTimezone,
                                     TimezoneError=TimezoneError)
_tz_zoneinfo = _submodule("tz.zoneinfo", exceptions=_tz_zoneinfo_exceptions)
tz = _submodule("tz", timezone=timezone, fixed_timezone=fixed_timezone, local_timezone=local_timezone,
                set_local_timezone=set_local_timezone, test_local_timezone=test_local_timezone, UTC=UTC,
                Timezone=Timezone, FixedTimezone=FixedTimezone, PRE_TRANSITION=PRE_TRANSITION,
                POST_TRANSITION=POST_TRANSITION, TRANSITION_ERROR=TRANSITION_ERROR, exceptions=_tz_exceptions,
                zoneinfo=_tz_zoneinfo, timezones=(), __path__=[])
_parsing_exceptions = _submodule("parsing.exceptions", ParserError=ParserError)
parsing = _submodule("parsing", ParserError=ParserError, exceptions=_parsing_exceptions, __path__=[])
exceptions = _submodule("exceptions", PendulumException=PendulumException, ParserError=ParserError)
parser = _submodule("parser", parse=parse)
constants = _submodule("constants", **{k: v for k, v in globals().items() if k.isupper() and not k.startswith("_")})

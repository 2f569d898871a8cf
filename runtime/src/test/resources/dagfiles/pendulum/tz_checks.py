"""Aloft's pendulum time zones against CPython's zoneinfo (CPython only: GraalPy's zoneinfo has no TZPATH).

For each zone: UTC -> local (wall time, fold, offset, abbreviation, DST or not) and local -> offset for both
folds, at random instants from 1906 to 2103 and every 2 hours through 2024 and 2060 (after the TZif
files' last transition, where the POSIX TZ rule applies). Prints "bad 0" when all agree.
"""
import datetime as dt
import random
import zoneinfo

import pendulum

ZONES = ["Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
         "Pacific/Auckland", "Africa/Casablanca", "Asia/Tokyo", "Etc/GMT+5", "America/Santiago", "Europe/London",
         "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Europe/Dublin"]
random.seed(1)
bad = checked = 0
for name in ZONES:
    z = zoneinfo.ZoneInfo(name)
    p = pendulum.timezone(name)
    stamps = [random.randint(-2_000_000_000, 4_200_000_000) for _ in range(300)]
    for year in (2024, 2060):
        base = int(dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc).timestamp())
        stamps += range(base, base + 366 * 86400, 7200)
    for ts in stamps:
        u = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=ts)
        a = u.replace(tzinfo=dt.timezone.utc).astimezone(z)
        b = u.replace(tzinfo=dt.timezone.utc).astimezone(p)
        checked += 1
        if (a.replace(tzinfo=None), a.fold, a.utcoffset(), a.tzname(), bool(a.dst())) != (
                b.replace(tzinfo=None), b.fold, b.utcoffset(), b.tzname(), bool(b.dst())):
            bad += 1
            print("fromutc", name, u, a, a.fold, a.tzname(), "|", b, b.fold, b.tzname())
        wall = a.replace(tzinfo=None)
        for fold in (0, 1):
            x, y = wall.replace(tzinfo=z, fold=fold), wall.replace(tzinfo=p, fold=fold)
            if (x.utcoffset(), x.tzname()) != (y.utcoffset(), y.tzname()):
                bad += 1
                print("local", name, wall, fold, x.utcoffset(), y.utcoffset())
print("checked", checked, "bad", bad)

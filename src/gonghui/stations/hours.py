"""Opening hours: a weekly schedule, and special days (holiday closures, changed hours).

Stored as plain JSON a person can read:
    weekly        ["08:00-20:00", "08:00-20:00", ..., ""]       Monday first; "" closed
    special_days  [{"date": "2025-10-01", "hours": "", "note": "国庆"}, ...]
A day's hours are ranges "HH:MM-HH:MM" separated by commas; "24:00" may end a range,
and a range that ends before it starts runs past midnight ("20:00-02:00").

People type them as one line, in Chinese or English:
    每天 08:00-20:00            24小时 / 全天
    周一至周五 08:00-18:00；周六、周日 09:00-12:00,14:00-17:00
    Mon-Fri 08:00-18:00; Sat 09:00-12:00
"""

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

DAYS_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAY_WORDS = {
    **{w: i for i, w in enumerate(DAYS_ZH)},
    **{w.lower(): i for i, w in enumerate(DAYS_EN)},
    "星期一": 0,
    "星期二": 1,
    "星期三": 2,
    "星期四": 3,
    "星期五": 4,
    "星期六": 5,
    "星期日": 6,
    "星期天": 6,
    "周天": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_ALL_DAY = {"24小时", "全天", "全天开放", "24h", "24 hours", "00:00-24:00", "0:00-24:00"}
_EVERY_DAY = {"每天", "每日", "全周", "daily", "every day", "mon-sun", "周一至周日"}
_WORKDAYS = {"工作日", "weekdays"}
_WEEKEND = {"周末", "双休日", "weekend", "weekends"}
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–—~至到]\s*(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    """The text cannot be read as opening hours; the message says why, for a person."""


def _minutes(h: str, m: str, *, end: bool) -> int:
    hours, minutes = int(h), int(m)
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        raise HoursError(_("%(t)s is not a time of day.") % {"t": f"{h}:{m}"})
    return hours * 60 + minutes


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """'08:00-12:00,14:00-18:00' -> [(480, 720), (840, 1080)]; '' -> [] (closed)."""
    text = text.strip()
    if text in {"", "休息", "闭馆", "关闭", "不开放", "closed"}:
        return []
    if text.lower() in _ALL_DAY:
        return [(0, 1440)]
    ranges = []
    for part in re.split(r"[,，、]\s*", text):
        m = _RANGE.match(part.strip())
        if not m:
            raise HoursError(
                _("Write hours as HH:MM-HH:MM, for example 08:00-20:00, not “%(part)s”.")
                % {"part": part.strip()}
            )
        start = _minutes(m.group(1), m.group(2), end=False)
        finish = _minutes(m.group(3), m.group(4), end=True)
        if start == finish:
            raise HoursError(
                _("A range must not start and end at the same time: %(part)s.")
                % {"part": part.strip()}
            )
        ranges.append((start, finish))
    return ranges


def format_ranges(ranges: list[tuple[int, int]]) -> str:
    return ",".join(f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for s, e in ranges)


def normalize_day(text: str) -> str:
    return format_ranges(parse_ranges(text))


def normalize_weekly(value) -> list[str]:
    """Seven day strings, Monday first, each in the one canonical form."""
    if isinstance(value, dict):
        value = [value.get(k, value.get(k.lower(), "")) for k in DAYS_EN]
    if not isinstance(value, (list, tuple)) or len(value) != 7:
        raise HoursError(_("Give the hours of all seven days, Monday first."))
    return [normalize_day(str(day or "")) for day in value]


def _days(spec: str) -> list[int]:
    """'周一至周五' -> [0..4]; '周六、周日' -> [5, 6]; 'Mon-Fri' -> [0..4]."""
    spec = spec.strip().lower()
    if spec in _EVERY_DAY:
        return list(range(7))
    if spec in _WORKDAYS:
        return list(range(5))
    if spec in _WEEKEND:
        return [5, 6]
    days: list[int] = []
    for part in re.split(r"[,，、/]\s*", spec):
        bounds = re.split(r"\s*(?:至|到|-|–|~)\s*", part.strip())
        if not all(b in _DAY_WORDS for b in bounds) or len(bounds) > 2:
            raise HoursError(
                _("“%(days)s” is not a day or a range of days (周一至周五, Mon-Fri).")
                % {"days": part.strip()}
            )
        first, last = _DAY_WORDS[bounds[0]], _DAY_WORDS[bounds[-1]]
        days.extend(
            range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        )
    return days


def parse_hours_text(text: str) -> list[str]:
    """One line as people write it -> the weekly schedule; days not named are closed."""
    text = (text or "").strip()
    if not text:
        raise HoursError(_("Enter the opening hours, for example 每天 08:00-20:00."))
    weekly = [""] * 7
    for segment in re.split(r"[;；\n]+", text):
        segment = segment.strip()
        if not segment:
            continue
        if segment.lower() in _ALL_DAY:
            days, hours = list(range(7)), "00:00-24:00"
        else:
            m = re.match(r"^(.*?)\s*(\d{1,2}:\d{2}.*|休息|closed)$", segment, re.IGNORECASE)
            if m is None:
                raise HoursError(
                    _(
                        "Write each part as days then hours, for example "
                        "周一至周五 08:00-18:00, not “%(part)s”."
                    )
                    % {"part": segment}
                )
            days = _days(m.group(1)) if m.group(1).strip() else list(range(7))
            hours = m.group(2)
        day_hours = normalize_day(hours)
        for d in days:
            weekly[d] = day_hours
    return weekly


def format_weekly(weekly: list[str], *, chinese: bool = True) -> str:
    """The inverse of parse_hours_text, grouping runs of days with the same hours."""
    names = DAYS_ZH if chinese else DAYS_EN
    if all(d == "00:00-24:00" for d in weekly):
        return "24小时" if chinese else "24 hours"
    if len(set(weekly)) == 1 and weekly[0]:
        return ("每天 " if chinese else "daily ") + weekly[0]
    parts, i = [], 0
    while i < 7:
        j = i
        while j + 1 < 7 and weekly[j + 1] == weekly[i]:
            j += 1
        if weekly[i]:
            span = names[i] if i == j else names[i] + ("至" if chinese else "-") + names[j]
            parts.append(f"{span} {weekly[i]}")
        i = j + 1
    return ("；" if chinese else "; ").join(parts) or ("休息" if chinese else "closed")


def parse_special_days(text: str) -> list[dict]:
    """Lines '2025-10-01 休息 国庆' or '2025-10-02 09:00-12:00' -> the stored list."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(.*)$", line)
        if m is None:
            raise HoursError(
                _("Begin each special day with its date, YYYY-MM-DD: “%(line)s”.") % {"line": line}
            )
        try:
            day = date.fromisoformat("-".join(f"{int(p):02d}" for p in m.group(1).split("-")))
        except ValueError as exc:
            raise HoursError(_("%(d)s is not a date.") % {"d": m.group(1)}) from exc
        rest = m.group(2).strip()
        hm = re.match(r"^((?:\d{1,2}:\d{2}\s*[-–—~至到]\s*\d{1,2}:\d{2}[,，、]?\s*)+)(.*)$", rest)
        if hm:
            hours, note = normalize_day(hm.group(1).rstrip(",，、 ")), hm.group(2).strip()
        else:
            closed = re.match(r"^(休息|闭馆|关闭|不开放|closed)\s*(.*)$", rest, re.IGNORECASE)
            hours, note = "", (closed.group(2).strip() if closed else rest)
        result.append({"date": day.isoformat(), "hours": hours, "note": note[:100]})
    return normalize_special_days(result)


def normalize_special_days(value) -> list[dict]:
    if not isinstance(value, (list, tuple)):
        raise HoursError(_("Special days must be a list."))
    seen, result = set(), []
    for item in value:
        if not isinstance(item, dict) or "date" not in item:
            raise HoursError(_("Each special day needs a date."))
        try:
            day = date.fromisoformat(str(item["date"]))
        except ValueError as exc:
            raise HoursError(_("%(d)s is not a date.") % {"d": item["date"]}) from exc
        if day in seen:
            raise HoursError(_("%(d)s is given twice.") % {"d": day.isoformat()})
        seen.add(day)
        result.append(
            {
                "date": day.isoformat(),
                "hours": normalize_day(str(item.get("hours") or "")),
                "note": str(item.get("note") or "")[:100],
            }
        )
    return sorted(result, key=lambda x: x["date"])


def format_special_days(special_days: list[dict]) -> str:
    return "\n".join(
        " ".join(p for p in (s["date"], s["hours"] or "休息", s.get("note", "")) if p)
        for s in special_days
    )


def _day_ranges(day: date, weekly: list[str], special: dict[str, str]) -> list[tuple[int, int]]:
    hours = special.get(day.isoformat())
    return parse_ranges(weekly[day.weekday()] if hours is None else hours)


def is_open_at(weekly: list[str], special_days: list[dict], when: datetime) -> bool:
    """Open at this local time? A special day replaces the weekly hours of its date."""
    special = {s["date"]: s["hours"] for s in special_days or []}
    t = when.hour * 60 + when.minute
    for start, end in _day_ranges(when.date(), weekly, special):
        if (start < end and start <= t < end) or (start > end and t >= start):
            return True
    for start, end in _day_ranges(when.date() - timedelta(days=1), weekly, special):
        if start > end and t < end:  # the night before runs past midnight
            return True
    return False

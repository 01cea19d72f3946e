"""Issue 13, items 6 and 7: a dated follow-up is a reason only when it is overdue or inside the
look-ahead (overdue first); a personal detail's month is a month name, and a month gone by is
not a reason."""

from __future__ import annotations

from datetime import date

from tests.test_schedule import NO_RECONNECT, due_of, person

JANE = [
    "## Follow-ups",
    "- [x] Send the Kubernetes notes 📅 2026-11-25",
    "- [ ] Ask how the Costa Rica trip went 📅 2027-04-01",
]


def reason_of(body: str, today: date, **fields: object) -> tuple[str, str] | None:
    fields.setdefault("cadence", "30d")
    fields.setdefault("last_contact", "2026-06-01")
    due = due_of(person("Jane", body, **fields), today=today, config=NO_RECONNECT)
    assert [r.name for r in due.due_by_cadence] == ["Jane"]
    reason = due.due_by_cadence[0].reason
    return None if reason is None else (reason.kind, reason.text)


def test_6_a_follow_up_months_away_is_not_a_reason_yet() -> None:
    body = "\n".join(JANE)
    assert reason_of(body, date(2026, 11, 22), offer="intros") == ("offer", "intros")
    assert reason_of(body, date(2027, 3, 28), offer="intros") == (
        "follow_up",
        "Ask how the Costa Rica trip went",
    )  # inside the 7-day look-ahead now


def test_6_overdue_before_upcoming() -> None:
    body = "\n".join([*JANE, "- [ ] Send the slides 📅 2026-11-22"])
    assert reason_of(body, date(2027, 3, 30)) == ("follow_up", "Send the slides")


def test_7_ordinary_words_are_not_months() -> None:
    body = (
        "## Notes\n- You may want to ask about her march training\n- Moving to Lisbon in December"
    )
    assert reason_of(body, date(2026, 11, 22)) == ("detail", "Moving to Lisbon in December")
    assert reason_of(body, date(2026, 5, 2)) == (
        "detail",
        "You may want to ask about her march training",
    )  # no month named: the first detail


def test_7_a_month_gone_by_is_not_offered() -> None:
    body = "## Notes\n- Getting married in June 2027"
    assert reason_of(body, date(2027, 5, 20)) == ("detail", "Getting married in June 2027")
    assert reason_of(body, date(2027, 8, 10), offer="intros") == ("offer", "intros")
    assert reason_of(body, date(2026, 8, 10)) == ("detail", "Getting married in June 2027")

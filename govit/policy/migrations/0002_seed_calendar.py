"""Seed the working-day calendar from chinese-calendar 1.11.0 (State Council schedules 2004–2026).

The package's data is read here, once; the application never calls chinese-calendar.  The
years are fixed so that this migration gives the same rows whatever version is installed
later; administrators add each new year (see docs/user-guide/calendar.md).
"""

from django.db import migrations

SOURCE = "chinese-calendar 1.11.0（国务院办公厅节假日安排）"
YEARS = range(2004, 2027)  # what chinese-calendar 1.11.0 covers


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarYear = apps.get_model("policy", "CalendarYear")
    Holiday = apps.get_model("policy", "Holiday")
    chinese_names = {holiday.value: holiday.chinese for holiday in constants.Holiday}

    covered = {day.year for day in constants.holidays}
    missing = [year for year in YEARS if year not in covered]
    if missing:
        raise RuntimeError(f"installed chinese-calendar lacks the years {missing}; install 1.11.0")

    CalendarYear.objects.bulk_create([CalendarYear(year=year, source=SOURCE) for year in YEARS])
    days = []
    for table, kind in ((constants.holidays, "holiday"), (constants.workdays, "workday")):
        for day, english in table.items():
            if day.year in YEARS:
                days.append(
                    Holiday(
                        calendar_year_id=day.year,
                        date=day,
                        kind=kind,
                        name=chinese_names.get(english, english)[:50],
                        source=SOURCE,
                    )
                )
    Holiday.objects.bulk_create(sorted(days, key=lambda holiday: holiday.date), batch_size=500)


def unseed(apps, schema_editor):
    # Holidays go with their year (on_delete=CASCADE); years an administrator added stay.
    apps.get_model("policy", "CalendarYear").objects.filter(source=SOURCE).delete()
    apps.get_model("policy", "Holiday").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

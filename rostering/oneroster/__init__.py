"""OneRoster 1.1 / 1.2 CSV import: read a drop, validate it all, then apply it in one go.

reader.py opens a zip or folder and checks manifest and headers; validate.py checks every row
and every reference between files; apply.py maps records to School, SchoolCalendar, Section,
User, Student and Enrollment with bulk writes; importer.py runs the three and keeps the
ImportRun history row up to date.
"""

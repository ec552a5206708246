"""Tests of checks/reports/: the JSON, text, iCalendar, timeline, memo and workbook."""

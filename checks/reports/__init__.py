"""Words and formats: the answers of the checks as text, JSON, iCalendar, pictures, memos and
workbooks. Nothing here decides a rule or asks the solver."""

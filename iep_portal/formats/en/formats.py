"""How English text writes a time of day, defined once: "3:30 PM".

A moment is the date as the product writes it, then the time ("Mar 5, 2025, 3:30 PM"); the
short form leaves out the year, for lists of the last few weeks ("Mar 5, 3:30 PM").
Templates say |time, |date:"DATETIME_FORMAT" or |date:"SHORT_DATETIME_FORMAT"; Python text
goes through iep_portal.timefmt. Spanish keeps Django's own formats ("15:30").

Only the formats with a time in them are set here; the rest are Django's English ones.
"""

TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "M j, Y, g:i A"
SHORT_DATETIME_FORMAT = "M j, g:i A"

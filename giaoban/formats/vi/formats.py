# Dates as Vietnamese tables write them: 19/4/2024 (no leading zeros).
# Documents spell dates out ("ngày 19 tháng 4 năm 2024"); that is done where
# documents are generated, not here.
DATE_FORMAT = "j/n/Y"
SHORT_DATE_FORMAT = "j/n/Y"
DATETIME_FORMAT = "H:i j/n/Y"
SHORT_DATETIME_FORMAT = "H:i j/n/Y"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j/n"
YEAR_MONTH_FORMAT = "n/Y"
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed day first, with a slash, a dot or a dash (19/4/2024, 19.4.2024, 19-4-2024: all
# three are written in Vietnamese offices), or as ISO (2024-04-19: links, the calendar).
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d/%m/%y",
    "%d.%m.%y",
    "%d-%m-%y",
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

"""Path converters of the voucher URLs, registered on import (public and admin URLs)."""

import datetime

from django.urls import register_converter


class DocumentFormatConverter:
    regex = "pdf|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        try:
            return datetime.date(int(value[:4]), int(value[5:]), 1)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value):
        return f"{value:%Y-%m}"


register_converter(DocumentFormatConverter, "docformat")
register_converter(MonthConverter, "month")

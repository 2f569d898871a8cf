"""Airflow's ``EmailOperator``, run in Java: the SMTP server is the ``smtp_default`` connection (or ``conn_id``), else
the ALOFT_SMTP_* settings."""

from airflow.sdk._core import BaseOperator


class EmailOperator(BaseOperator):
    template_fields = ("to", "subject", "html_content", "files")
    template_fields_renderers = {"html_content": "html"}
    template_ext = (".html",)
    ui_color = "#e6faf9"
    _aloft_java_operator = "EmailOperator"

    def __init__(self, *, to, subject, html_content, files=None, cc=None, bcc=None, mime_subtype="mixed",
                 mime_charset="utf-8", conn_id=None, custom_headers=None, **kwargs):
        super().__init__(**kwargs)
        self.to = to
        self.subject = subject
        self.html_content = html_content
        self.files = files or []
        self.cc = cc
        self.bcc = bcc
        self.mime_subtype = mime_subtype
        self.mime_charset = mime_charset
        self.conn_id = conn_id
        self.custom_headers = custom_headers

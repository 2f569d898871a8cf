"""Airflow's ``airflow.utils.email``: ``send_email`` from Python tasks and callbacks, over the standard library's
``smtplib`` inside GraalPy.

The server is the ``conn_id`` connection (default ``smtp_default``: host, port, login, password, extra
``from_email``, ``disable_tls``, ``disable_ssl``, ``timeout``), as Aloft's ``EmailOperator`` reads it; without such a
connection, the daemon's ``ALOFT_SMTP_HOST`` / ``_PORT`` / ``_USER`` / ``_MAIL_FROM`` / ``_STARTTLS`` / ``_SSL`` /
``_TIMEOUT`` settings. ``ALOFT_SMTP_PASSWORD`` is a secret that Python code is not given: a server that needs a
login from Python code needs the connection (``aloft connections add smtp_default --conn-type smtp ...``).
STARTTLS is on by default and a server without it is refused rather than sent a password in clear, as in Java.
"""

import os
import re
import smtplib
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate

from airflow.sdk._exceptions import AirflowException, AirflowNotFoundException


def get_email_address_list(addresses):
    """Addresses as Airflow takes them: a list, or one string of addresses separated by commas or semicolons."""
    if isinstance(addresses, str):
        return [a.strip() for a in re.split(r"[,;]", addresses) if a.strip()]
    out = []
    for a in addresses or []:
        out.extend(get_email_address_list(a))
    return out


def send_email(to, subject, html_content, files=None, dryrun=False, cc=None, bcc=None, mime_subtype="mixed",
               mime_charset="utf-8", conn_id=None, custom_headers=None, **kwargs):
    """Sends an HTML e-mail with attachments, as Airflow's ``send_email`` (its SMTP backend) does."""
    return send_email_smtp(to, subject, html_content, files=files, dryrun=dryrun, cc=cc, bcc=bcc,
                           mime_subtype=mime_subtype, mime_charset=mime_charset, conn_id=conn_id or "smtp_default",
                           custom_headers=custom_headers, **kwargs)


def send_email_smtp(to, subject, html_content, files=None, dryrun=False, cc=None, bcc=None, mime_subtype="mixed",
                    mime_charset="utf-8", conn_id="smtp_default", from_email=None, custom_headers=None, **kwargs):
    server = _server(conn_id)
    mail_from = from_email or server["from"]
    msg, recipients = build_mime_message(mail_from, to, subject, html_content, files=files, cc=cc, bcc=bcc,
                                         mime_subtype=mime_subtype, mime_charset=mime_charset,
                                         custom_headers=custom_headers)
    if not recipients:
        raise AirflowException("the e-mail has no recipient: give `to`")
    if not dryrun:
        _send(server, mail_from, recipients, msg)


def build_mime_message(mail_from, to, subject, html_content, files=None, cc=None, bcc=None, mime_subtype="mixed",
                       mime_charset="utf-8", custom_headers=None):
    """The message and every recipient (to, cc and bcc)."""
    to = get_email_address_list(to)
    msg = MIMEMultipart(mime_subtype)
    msg["Subject"] = subject
    msg["From"] = mail_from
    msg["To"] = ", ".join(to)
    recipients = list(to)
    if cc:
        cc = get_email_address_list(cc)
        msg["CC"] = ", ".join(cc)
        recipients += cc
    if bcc:
        recipients += get_email_address_list(bcc)
    msg["Date"] = formatdate(localtime=True)
    msg.attach(MIMEText(html_content, "html", mime_charset))
    for path in files or []:
        name = os.path.basename(path)
        with open(path, "rb") as f:
            part = MIMEApplication(f.read(), Name=name)
        part["Content-Disposition"] = 'attachment; filename="%s"' % name
        msg.attach(part)
    for key, value in (custom_headers or {}).items():
        msg[key] = value
    return msg, recipients


def _truthy(value):
    return value is True or str(value).strip().lower() in ("true", "1", "yes", "on")


def _server(conn_id):
    from airflow.configuration import conf
    from airflow.sdk import _state
    from airflow.sdk._connection import _lookup

    connection = None
    if _state.connection_reader is not None:
        try:
            connection = _lookup(conn_id)
        except AirflowNotFoundException:
            connection = None  # no such connection: the daemon's settings serve

    def setting(name, default=None):
        return conf.get("aloft", "smtp_" + name, fallback=default)

    extra = connection.extra_dejson if connection is not None else {}
    host = connection.host if connection is not None and connection.host else setting("host")
    if not host:
        raise AirflowException("no SMTP server: add a connection (aloft connections add %s --conn-type smtp "
                               "--conn-host HOST --conn-port 587 --conn-login USER --conn-password PASSWORD) or set "
                               "ALOFT_SMTP_HOST" % conn_id)
    user = connection.login if connection is not None and connection.login else setting("user")
    password = connection.password if connection is not None else None
    if user and password is None:
        raise AirflowException("the SMTP login %r needs a password, and ALOFT_SMTP_PASSWORD is not given to Python "
                               "code: add the server as connection %r with its password (aloft connections add %s "
                               "--conn-type smtp --conn-host %s --conn-login %s --conn-password ...)"
                               % (user, conn_id, conn_id, host, user))
    port = connection.port if connection is not None and connection.port else int(setting("port", "25"))
    ssl = not _truthy(extra["disable_ssl"]) if "disable_ssl" in extra else _truthy(setting("ssl", "false"))
    starttls = not _truthy(extra["disable_tls"]) if "disable_tls" in extra else _truthy(setting("starttls", "true"))
    return {"host": host, "port": int(port), "user": user, "password": password, "ssl": ssl, "starttls": starttls,
            "from": extra.get("from_email") or setting("mail_from", "airflow@example.com"),
            "timeout": int(extra.get("timeout") or setting("timeout", "30"))}


def _send(server, mail_from, recipients, msg):
    if server["ssl"] or server["starttls"]:
        from airflow.providers import _ascii_idna

        _ascii_idna.ensure()  # ssl encodes the host name with the idna codec, which GraalPy cannot load by itself
    factory = smtplib.SMTP_SSL if server["ssl"] else smtplib.SMTP
    with factory(server["host"], server["port"], timeout=server["timeout"]) as smtp:
        smtp.ehlo()
        if not server["ssl"] and server["starttls"]:
            if not smtp.has_extn("starttls"):
                raise AirflowException("the SMTP server %s:%s does not offer STARTTLS: give the connection the extra "
                                       '{"disable_tls": true} (or set ALOFT_SMTP_STARTTLS=false) for a server '
                                       "without TLS" % (server["host"], server["port"]))
            smtp.starttls()
            smtp.ehlo()
        if server["user"]:
            smtp.login(server["user"], server["password"])
        smtp.sendmail(mail_from, recipients, msg.as_string())

"""Airflow's ``HttpSensor``: pokes an endpoint until ``response_check`` is true (or, without one, until it answers
below 400); a 404 means "not yet", as in Airflow (``response_error_codes_allowlist``)."""

from airflow.providers.http.hooks.http import HttpHook
from airflow.sdk._exceptions import AirflowException
from airflow.sdk._operators import BaseSensorOperator, determine_kwargs


class HttpSensor(BaseSensorOperator):
    template_fields = ("endpoint", "request_params", "headers")

    def __init__(self, *, endpoint, http_conn_id="http_default", method="GET", request_params=None,
                 request_kwargs=None, headers=None, response_error_codes_allowlist=None, response_check=None,
                 extra_options=None, tcp_keep_alive=True, tcp_keep_alive_idle=120, tcp_keep_alive_count=20,
                 tcp_keep_alive_interval=30, deferrable=False, **kwargs):
        super().__init__(**kwargs)
        if deferrable:
            raise AirflowException("deferrable=True: Aloft has no triggerer; use mode='reschedule' instead")
        self.endpoint = endpoint
        self.http_conn_id = http_conn_id
        self.method = method
        self.request_params = request_params or {}
        self.request_kwargs = request_kwargs or {}
        self.headers = headers or {}
        self.response_error_codes_allowlist = (
            ("404",) if response_error_codes_allowlist is None else tuple(response_error_codes_allowlist))
        self.response_check = response_check
        self.extra_options = extra_options or {}

    def poke(self, context):
        hook = HttpHook(method=self.method, http_conn_id=self.http_conn_id)
        self.log.info("Poking: %s", self.endpoint)
        try:
            response = hook.run(self.endpoint, data=self.request_params, headers=self.headers,
                                extra_options=self.extra_options, **self.request_kwargs)
            if self.response_check is not None:
                kwargs = determine_kwargs(self.response_check, [response], context)
                return self.response_check(response, **kwargs)
        except AirflowException as exc:
            if str(exc).startswith(self.response_error_codes_allowlist):
                return False
            raise
        return True

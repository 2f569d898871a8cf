"""Airflow's ``HttpOperator`` (and the older name ``SimpleHttpOperator``): one request through ``HttpHook``, run in
Python so that ``response_check`` and ``response_filter`` (callables of the DAG file) can look at the response."""

from airflow.providers.http.hooks.http import HttpHook
from airflow.sdk._core import BaseOperator
from airflow.sdk._exceptions import AirflowException
from airflow.sdk._operators import determine_kwargs


class HttpOperator(BaseOperator):
    template_fields = ("endpoint", "data", "headers")
    template_fields_renderers = {"headers": "json", "data": "py"}
    template_ext = ()
    ui_color = "#f4a460"

    def __init__(self, *, endpoint=None, method="POST", data=None, headers=None, pagination_function=None,
                 response_check=None, response_filter=None, extra_options=None, request_kwargs=None,
                 http_conn_id="http_default", log_response=False, auth_type=None, tcp_keep_alive=True,
                 tcp_keep_alive_idle=120, tcp_keep_alive_count=20, tcp_keep_alive_interval=30, deferrable=False,
                 retry_args=None, **kwargs):
        super().__init__(**kwargs)
        if pagination_function is not None:
            raise AirflowException("pagination_function is not supported by Aloft's HttpOperator yet: page in a @task "
                                   "with HttpHook")
        if deferrable:
            raise AirflowException("deferrable=True: Aloft has no triggerer; drop deferrable")
        self.http_conn_id = http_conn_id
        self.method = method
        self.endpoint = endpoint
        self.headers = headers or {}
        self.data = data if data is not None else {}
        self.response_check = response_check
        self.response_filter = response_filter
        self.extra_options = extra_options or {}
        self.request_kwargs = request_kwargs or {}
        self.log_response = log_response
        self.auth_type = auth_type

    def get_hook(self):
        return HttpHook(self.method, http_conn_id=self.http_conn_id, auth_type=self.auth_type)

    def execute(self, context):
        self.log.info("Calling HTTP method")
        response = self.get_hook().run(self.endpoint, self.data, self.headers, self.extra_options,
                                       **self.request_kwargs)
        if self.log_response:
            self.log.info(response.text)
        if self.response_check is not None:
            kwargs = determine_kwargs(self.response_check, [response], context)
            if not self.response_check(response, **kwargs):
                raise AirflowException("Response check returned False.")
        if self.response_filter is not None:
            kwargs = determine_kwargs(self.response_filter, [response], context)
            return self.response_filter(response, **kwargs)
        return response.text


SimpleHttpOperator = HttpOperator

"""Airflow's ``HttpOperator`` (and the older name ``SimpleHttpOperator``): requests through ``HttpHook``, run in
Python so that ``response_check``, ``response_filter`` and ``pagination_function`` (callables of the DAG file) can
look at the responses. With a ``pagination_function``, the operator asks it after each response for the next
request's changes (``endpoint``, ``data``, ``headers``, ``extra_options``, merged into the operator's own) until it
answers nothing; ``response_check`` and ``response_filter`` then get the list of every page's response, and the
XCom is the list of their texts, as in Airflow."""

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
        self.pagination_function = pagination_function

    def get_hook(self):
        return HttpHook(self.method, http_conn_id=self.http_conn_id, auth_type=self.auth_type)

    def execute(self, context):
        self.log.info("Calling HTTP method")
        hook = self.get_hook()
        response = hook.run(self.endpoint, self.data, self.headers, self.extra_options, **self.request_kwargs)
        if self.pagination_function is not None:
            response = self._paginate(hook, response)
        return self.process_response(context, response)

    def _paginate(self, hook, response):
        pages = [response]
        while True:
            changes = self.pagination_function(response)
            if not changes:
                return pages
            response = hook.run(**self._next_page_request(changes))
            pages.append(response)

    def _next_page_request(self, changes):
        if isinstance(self.data, dict) and isinstance(changes.get("data"), dict):
            data = _merged(self.data, changes["data"])
        else:
            data = changes.get("data", self.data)
        return dict(endpoint=changes.get("endpoint") or self.endpoint, data=data,
                    headers=_merged(self.headers, changes.get("headers") or {}),
                    extra_options=_merged(self.extra_options, changes.get("extra_options") or {}),
                    **self.request_kwargs)

    def process_response(self, context, response):
        """Checks and filters one response or the list of every page's; the XCom is the text (or the texts)."""
        if isinstance(response, list):
            default = lambda: [page.text for page in response]  # noqa: E731
        else:
            default = lambda: response.text  # noqa: E731
        if self.log_response:
            self.log.info(default())
        if self.response_check is not None:
            kwargs = determine_kwargs(self.response_check, [response], context)
            if not self.response_check(response, **kwargs):
                raise AirflowException("Response check returned False.")
        if self.response_filter is not None:
            kwargs = determine_kwargs(self.response_filter, [response], context)
            return self.response_filter(response, **kwargs)
        return default()


def _merged(base, changes):
    """``base`` with ``changes`` laid over it, nested dictionaries merged key by key (Airflow's ``merge_dicts``)."""
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


SimpleHttpOperator = HttpOperator

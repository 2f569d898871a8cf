"""Airflow's result handlers. The SQL operators run in Java and accept these two by name; in Python code they work
on any DB-API cursor as Airflow's do."""


def return_single_query_results(sql, return_last, split_statements):
    """Whether an operator's output is one query's result rather than a list of them (Airflow's rule)."""
    return isinstance(sql, str) and (return_last or not split_statements)


def fetch_all_handler(cursor):
    """Every row of the cursor's result, or None for a statement without one."""
    if cursor.description is not None:
        return cursor.fetchall()
    return None


def fetch_one_handler(cursor):
    """The first row of the cursor's result, or None for a statement without one."""
    if cursor.description is not None:
        return cursor.fetchone()
    return None

"""GraphGrid's Airflow provider (``airflow-provider-graphgrid``) as Aloft ships it: the classes are declarations;
the ``graphgrid`` plugin's Java operators run them."""

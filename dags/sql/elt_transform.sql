-- Rebuilds one day of the daily revenue table from the raw orders (idempotent: the day is replaced).
DELETE FROM elt_daily_revenue WHERE day = DATE '{{ ds }}';
INSERT INTO elt_daily_revenue (day, region, orders, revenue)
SELECT order_day, region, count(*), sum(amount)
FROM elt_raw_orders
WHERE order_day = DATE '{{ ds }}' AND amount > {{ params.min_amount }}
GROUP BY order_day, region;

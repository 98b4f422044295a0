-- Per UTC day: counts, and the nearest-rank p50 / p95 of the requests' durations.
WITH d AS (
    SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, completed, received, added, removed, matched, duration_ms,
           row_number() OVER (PARTITION BY strftime('%Y-%m-%d', at / 1000, 'unixepoch') ORDER BY duration_ms) AS rn,
           count(*) OVER (PARTITION BY strftime('%Y-%m-%d', at / 1000, 'unixepoch')) AS n
    FROM sync_stats
    WHERE company_id = @company AND at >= @since
)
SELECT day, count(*) FILTER (WHERE completed), count(*), sum(received), sum(added), sum(removed), sum(matched),
       min(duration_ms) FILTER (WHERE rn >= 0.5 * n), min(duration_ms) FILTER (WHERE rn >= 0.95 * n)
FROM d GROUP BY day ORDER BY day

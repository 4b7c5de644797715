//! The Hive scripts the sandbox ships in the sample bucket (`s3://elasticmapreduce/samples/
//! hive/`), written for the project over its own sample data: log processing (top pages,
//! error rates), clickstream analysis (visitors per hour, active half-hours, a funnel) and
//! genomics (8-mer counts over the short reads).

/// (key in the sample bucket, script).
pub const SCRIPTS: &[(&str, &str)] = &[
    ("samples/hive/access_logs.q", ACCESS_LOGS),
    ("samples/hive/clickstream.q", CLICKSTREAM),
    ("samples/hive/kmers.q", KMERS),
];

/// Apache access logs read with RegexSerDe.
pub const ACCESS_LOGS: &str = r#"-- Log processing: Apache access logs read with RegexSerDe (one group a column).
CREATE EXTERNAL TABLE IF NOT EXISTS access_logs (
  host STRING, identity STRING, username STRING, request_time STRING,
  method STRING, url STRING, protocol STRING, status INT, bytes BIGINT,
  referrer STRING, agent STRING)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  "input.regex" = "([^ ]*) ([^ ]*) ([^ ]*) \\[([^\\]]*)\\] \"([^ ]*) ([^ ]*) ([^\"]*)\" ([0-9]*) ([0-9]*) \"([^\"]*)\" \"([^\"]*)\"")
LOCATION 's3://elasticmapreduce/samples/logs/input/';

-- Requests per status code.
SELECT status, count(*) AS requests FROM access_logs GROUP BY status ORDER BY status;

-- The ten most requested pages.
SELECT url, count(*) AS hits FROM access_logs
GROUP BY url ORDER BY hits DESC, url LIMIT 10;

-- Error rate of each page (4xx and 5xx answers), worst first.
SELECT url, count(*) AS requests,
       sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
       round(100.0 * sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END) / count(*), 2) AS error_pct
FROM access_logs GROUP BY url ORDER BY error_pct DESC, url;
"#;

/// Clicks as `user<TAB>unix seconds<TAB>page`.
pub const CLICKSTREAM: &str = r#"-- Clickstream analysis over user<TAB>unix seconds<TAB>page lines.
CREATE EXTERNAL TABLE IF NOT EXISTS clicks (user_id STRING, ts BIGINT, page STRING)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t'
LOCATION 's3://elasticmapreduce/samples/clickstream/input/';

-- Clicks and distinct visitors per hour.
SELECT from_unixtime(ts, 'yyyy-MM-dd HH') AS hour, count(*) AS clicks,
       count(DISTINCT user_id) AS visitors
FROM clicks GROUP BY from_unixtime(ts, 'yyyy-MM-dd HH') ORDER BY hour;

-- Active half-hours of each user (a stand-in for sessions: Hive's sessionizing needs
-- window functions, which the sandbox's Hive does not run).
SELECT user_id, count(DISTINCT floor(ts / 1800)) AS active_half_hours, count(*) AS clicks
FROM clicks GROUP BY user_id ORDER BY active_half_hours DESC, user_id LIMIT 10;

-- The funnel: how many users reached each page of the purchase path.
CREATE TABLE funnel_steps AS
SELECT user_id,
       max(CASE WHEN page = '/products' THEN 1 ELSE 0 END) AS saw_products,
       max(CASE WHEN page LIKE '/products/%' THEN 1 ELSE 0 END) AS saw_item,
       max(CASE WHEN page = '/cart' THEN 1 ELSE 0 END) AS saw_cart,
       max(CASE WHEN page = '/checkout' THEN 1 ELSE 0 END) AS saw_checkout
FROM clicks GROUP BY user_id;

SELECT count(*) AS users, sum(saw_products) AS products, sum(saw_item) AS item,
       sum(saw_cart) AS cart, sum(saw_checkout) AS checkout
FROM funnel_steps;
"#;

/// FASTQ short reads: 8-mers at every position, through a map join with a table of
/// positions.
pub const KMERS: &str = r#"-- Genomics: 8-mer counts over FASTQ short reads. A FASTQ record is four lines; the
-- sequence lines are the ones made only of A, C, G and T.
CREATE EXTERNAL TABLE IF NOT EXISTS reads (line STRING)
LOCATION 's3://elasticmapreduce/samples/genomics/input/';

-- Positions 1..60, one a line: joined to every read (a map join: the table is small), they
-- give each read's 8-mers without an explode.
CREATE EXTERNAL TABLE IF NOT EXISTS kmer_positions (pos INT)
LOCATION 's3://elasticmapreduce/samples/genomics/positions/';

SELECT count(*) AS reads FROM reads WHERE line RLIKE '^[ACGT]+$';

SELECT substr(r.line, p.pos, 8) AS kmer, count(*) AS n
FROM reads r JOIN kmer_positions p ON 1 = 1
WHERE r.line RLIKE '^[ACGT]+$' AND p.pos <= length(r.line) - 7
GROUP BY substr(r.line, p.pos, 8)
ORDER BY n DESC, kmer LIMIT 10;
"#;

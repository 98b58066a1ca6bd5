// The generated DAG imports in real Airflow 2.10.3 with the Amazon provider, with no SQL while parsing.
def log = new File(basedir, 'build.log').text
assert log =~ /ok  orders_cdc_dag\.py +[0-9.]+ ms  0 SQL/
assert log =~ /ok  cluster_janitor\.py +[0-9.]+ ms  0 SQL/
assert log.contains('2 DAG files import cleanly in Airflow 2.10.3 (amazon provider 9.0.0)')
return true

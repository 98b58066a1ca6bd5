// emrdag:generate of a project with environments writes one folder per environment; emrdag.environment picks one.
def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'generated-dags')
assert out.list().sort() == ['prod', 'staging']
assert new File(out, 'staging/orders_cdc_dag.py').text.contains('"s3://acme-staging-artifacts/spark/load_raw_to_process.py"')
assert new File(out, 'prod/orders_cdc_dag.py').text.contains('"s3://acme-artifacts/spark/load_raw_to_process.py"')
assert new File(out, 'prod/.emrdag-manifest.json').text.contains('"environment" : "prod"')
assert log.contains('emrdag: 1 job groups -> ' + new File(out, 'staging').path + ': 4 written')
assert log.contains('emrdag: 1 job groups, ' + new File(out, 'prod').path + ' is up to date (nothing written)')
assert log.contains('emrdag: ' + new File(out, 'staging').path + ' is up to date (1 job groups)')
return true

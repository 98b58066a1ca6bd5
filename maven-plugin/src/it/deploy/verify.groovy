// emrdag:deploy into a local DAG folder that already holds another team's DAG.
def log = new File(basedir, 'build.log').text
assert log.contains('emrdag: Plan for ')
assert log.contains('emrdag:   add       module templates.py')
assert log.contains('emrdag:   add       DAG    orders_cdc_dag.py')
assert log.contains('dry run: nothing written to ')
assert log.contains('emrdag:   add       DAG    cluster_janitor.py')
assert log.contains(': 4 uploaded, 0 deleted, 0 unchanged')
assert log.contains('is up to date: 0 uploads (2 requests')
def folder = new File(basedir, 'dag-folder')
assert new File(folder, 'orders_cdc_dag.py').text == new File(basedir, '../generate/expected/orders_cdc_dag.py').text
assert new File(folder, 'templates.py').isFile()
assert new File(folder, 'template_generator.py').isFile()
assert new File(folder, 'cluster_janitor.py').text == new File(basedir, '../generate/expected/cluster_janitor.py').text
assert new File(folder, 'other_team_dag.py').text == 'other_team = 1\n'
assert new File(folder, '.emrdag/default.deploy.json').text.contains('"orders_cdc_dag.py"')
assert !new File(folder, '.emrdag/deploy.lock').exists()
return true

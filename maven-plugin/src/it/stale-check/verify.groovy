// The committed output no longer matches the metadata: check fails, names the file and the fix.
def log = new File(basedir, 'build.log').text
assert log.contains('stale or hand-edited  orders_cdc_dag.py')
assert log.contains("Run 'mvn emrdag:generate'")
assert log.contains('BUILD FAILURE')
return true

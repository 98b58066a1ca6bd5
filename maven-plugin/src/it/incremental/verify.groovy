// Two runs in one build: the first writes the files, the second writes nothing and says so.
def log = new File(basedir, 'build.log').text
assert log.contains('4 written, 0 deleted, 0 unchanged')  // 2 shared modules, the DAG, the janitor
assert log.contains('is up to date (nothing written)')
assert new File(basedir, 'generated-dags/orders_cdc_dag.py').isFile()
// The second run took the job groups over from the generation cache, which git ignores through its own file.
def cache = new File(basedir, 'job-groups/.emrdag-cache')
assert cache.listFiles().any { it.name.startsWith('generate-') && it.name.endsWith('.bin') }
assert new File(cache, '.gitignore').readLines().contains('*')
return true

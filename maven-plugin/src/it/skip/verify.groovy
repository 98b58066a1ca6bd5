// emrdag.skip skips every goal and says why.
def log = new File(basedir, 'build.log').text
assert log.contains('emrdag: skipping generate (emrdag.skip=true)')
assert log.contains('emrdag: skipping validate (emrdag.skip=true)')
assert !new File(basedir, 'generated-dags').exists()
return true

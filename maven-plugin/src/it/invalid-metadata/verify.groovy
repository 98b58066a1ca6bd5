// A typo fails the build with the located diagnostic and a did-you-mean hint; nothing is written.
def log = new File(basedir, 'build.log').text
assert log.contains("job-groups/orders_cdc.yaml:2:1: error[E100] schedul: unknown key 'schedul'")
assert log.contains("hint: did you mean 'schedule'?")
assert log.contains('BUILD FAILURE')
assert log.contains('nothing was written')
assert !new File(basedir, 'generated-dags').exists()
return true

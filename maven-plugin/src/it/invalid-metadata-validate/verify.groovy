// validate fails the build on a typo with the located diagnostic; it never writes, so it does not say it wrote nothing.
def log = new File(basedir, 'build.log').text
assert log.contains("job-groups/orders_cdc.yaml:2:1: error[E100] schedul: unknown key 'schedul'")
assert log.contains('BUILD FAILURE')
assert log.contains('1 error in the job-group metadata of ')
assert !log.contains('nothing was written')
return true

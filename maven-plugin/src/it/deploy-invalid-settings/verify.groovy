def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('emrdag.deploy.lockTtl: not a duration, got \'soon\'')
assert log.contains('emrdag.deploy.parallel: must be at least 1, got \'0\'')
// A user error, not an internal one: Maven links MojoFailureException's page, and no IllegalArgumentException escapes.
assert log.contains('MojoFailureException')
assert !log.contains('MojoExecutionException')
assert !log.contains('IllegalArgumentException')
assert !new File(basedir, 'dag-folder').exists()
return true

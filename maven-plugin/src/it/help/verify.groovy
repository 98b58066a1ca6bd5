// The generated help goal lists every goal.
def log = new File(basedir, 'build.log').text
['emrdag:generate', 'emrdag:validate', 'emrdag:check', 'emrdag:verify', 'emrdag:report', 'emrdag:schema', 'emrdag:help'].each { assert log.contains(it) : it }
return true

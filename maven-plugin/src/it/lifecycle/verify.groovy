// Bound without phases, the goals run in their default phases of 'mvn verify', in order.
def log = new File(basedir, 'build.log').text
def validate = log.indexOf('1 job group is valid: orders_cdc')
def generate = log.indexOf('emrdag: 1 job groups -> ')
def check = log.indexOf('is up to date (1 job groups)')
assert validate >= 0 && generate > validate && check > generate : log
return true

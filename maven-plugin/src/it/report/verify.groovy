// emrdag:report writes the page to target/ and its figures to the build log, and warns at both job groups of the
// 02:30-03:00 peak: 2 x (4 + 2 x 8) = 40 on-demand Standard vCPUs over the quota of 30. Instance-hours per run:
// orders 3 x 1 h, payments 3 x 0.5 h; per month (365 / 12 runs) 91.25 + 45.6 = 136.9; cost per run
// 1 h x (0.20 + 2 x 0.50) = 1.20 and 0.60, per month 36.50 + 18.25 = 54.75 USD.
def log = new File(basedir, 'build.log').text
def page = new File(basedir, 'target/emrdag-report.html')
assert page.isFile() : 'no report'
assert log.contains('BUILD SUCCESS')
assert log.contains('job-groups/nightly/payments_cdc.yaml:2:11: warning[W209] schedule: its cluster takes 20 of the 40 on-demand Standard vCPUs')
assert log.contains('job-groups/nightly/orders_cdc.yaml:2:11: warning[W209]')
assert log.contains('emrdag:   peak on-demand Standard vCPUs           40  Mon 5 Jan 2026 02:30 UTC  quota L-1216C47A 30: OVER on 365 days of 2026')
assert log.contains('emrdag:   instance-hours per month: 136.9; cost: 54.75 USD per month')
assert log.contains('emrdag: wrote ')
def html = page.text
assert html.contains('emrdag capacity report: emrdag')
assert html.contains('136.9') && html.contains('54.75 USD')
assert !(html =~ /https?:/)
return true

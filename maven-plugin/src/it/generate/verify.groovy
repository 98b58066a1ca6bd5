// `mvn emrdag:generate` by prefix writes exactly the expected files.
// After a deliberate template change refresh them with:
//   generator/cli/target/emrdag/bin/emrdag generate -p maven-plugin/src/it/generate/job-groups -o maven-plugin/src/it/generate/expected
def expected = new File(basedir, 'expected')
def actual = new File(basedir, 'generated-dags')
def names = { File dir -> def list = []; dir.eachFileRecurse(groovy.io.FileType.FILES) { list << dir.toPath().relativize(it.toPath()).toString() }; list.sort() }
assert names(actual) == names(expected)
names(expected).each { assert new File(actual, it).text == new File(expected, it).text : "${it} differs from expected/" }
assert new File(basedir, 'build.log').text.contains('emrdag: 1 job groups -> ')
return true

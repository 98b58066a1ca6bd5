// emrdag:schema writes to schemas/, the folder the README and the examples' yaml-language-server lines name,
// the same files as the committed ones; its help shows that default as written.
def log = new File(basedir, 'build.log').text
def repo = new File(basedir, '../../../..').canonicalFile
['emrdag.schema.json', 'job-group.schema.json'].each { name ->
    def written = new File(basedir, "schemas/$name")
    assert written.isFile() : "missing schemas/$name"
    assert written.text == new File(repo, "schemas/$name").text : "schemas/$name differs from the committed one"
}
assert !new File(basedir, 'schema').exists()
assert log.contains('${basedir}/schemas')
assert !log.contains('${basedir/')
return true

// After the invoker's first build (compile, then run: the table is built), this script goes on
// like a developer: runs again (disk), edits a dependency by one token and recompiles with plain
// `mvn compile` (new VERSION, rebuilt), then edits only a comment (same VERSION, disk). Then what
// nobody declared: a one-token edit in a helper the constructor calls (new VERSION, rebuilt), an
// edit in a method construction never calls (same VERSION, disk), an edit of a resource the
// constructor reads by a constant name (rebuilt), and a bump of a library it calls (new VERSION).
// Each Maven run's output is kept in <step>.log next to build.log.

File discounts = new File(basedir, 'src/main/java/com/example/prices/Discounts.java')
File discountsClass = new File(basedir, 'target/classes/com/example/prices/Discounts.class')
File seasons = new File(basedir, 'src/main/java/com/example/prices/Seasons.java')
File priceTable = new File(basedir, 'src/main/java/com/example/prices/PriceTable.java')
File priceTableClass = new File(basedir, 'target/classes/com/example/prices/PriceTable.class')
File holidays = new File(basedir, 'src/main/resources/com/example/prices/holidays.txt')
File pom = new File(basedir, 'pom.xml')
File generated = new File(basedir,
        'target/generated-sources/annotations/com/example/prices/PriceTableFactory.java')

// mvn, report and edit: the steps both integration tests take.
evaluate(new File(itSources, 'steps.groovy'))

// The component of discount-lib in the generated FINGERPRINT, valued "<version> sha256:<hex>".
def libraryVersion = {
    def component = generated.getText('UTF-8') =~
            /"library:com\.example:discount-lib",\s*"(\S+) sha256:[0-9a-f]{64}"/
    assert component.find() : "no library:com.example:discount-lib component in ${generated}"
    return component.group(1)
}

// 1. The first build of a fresh project generated the factory and built the table.
String firstBuild = new File(basedir, 'build.log').getText('UTF-8')
assert firstBuild.contains('BUILD SUCCESS') : 'the first build failed, see build.log'
assert generated.isFile() : "the processor wrote no ${generated}"
def first = report(firstBuild)
assert first.source == 'built'

// 2. Nothing changed: the next run loads it from disk.
def second = report(mvn('run-unchanged', 'exec:exec'))
assert second == [version: first.version, source: 'disk', total: first.total]

// 3. One token of a dependsOn class changes: plain `mvn compile` gives a new VERSION, and the
//    table is rebuilt with the new code.
long compiledAt = discountsClass.lastModified()
sleep(1100) // file times may have one-second resolution
edit(discounts, 'PERCENT = 10;', 'PERCENT = 15;')
mvn('compile-token-edit', 'compile')
assert discountsClass.lastModified() > compiledAt : 'mvn compile did not recompile'
def third = report(mvn('run-token-edit', 'exec:exec'))
assert third.version != first.version
assert third.source == 'built'
assert third.total != first.total

// 4. Only a comment changes: recompiled, same VERSION, served from disk.
compiledAt = discountsClass.lastModified()
sleep(1100)
edit(discounts, 'PERCENT = 15;', 'PERCENT = 15; // raised for the spring sale')
mvn('compile-comment-edit', 'compile')
assert discountsClass.lastModified() > compiledAt : 'mvn compile did not recompile'
def fourth = report(mvn('run-comment-edit', 'exec:exec'))
assert fourth == [version: third.version, source: 'disk', total: third.total]

// 5. One token of Seasons changes, a helper the constructor calls that dependsOn does not list:
//    the fingerprint follows the call, so VERSION changes and the table is rebuilt.
assert generated.getText('UTF-8').contains('"source:com.example.prices.Seasons#factor(int)"')
sleep(1100)
edit(seasons, '? 3 : 1', '? 4 : 1')
def fifth = report(mvn('helper-edit', 'compile', 'exec:exec'))
assert fifth.version != fourth.version
assert fifth.source == 'built'
assert fifth.total != fourth.total

// 6. A method of PriceTable that construction never calls changes: recompiled, same VERSION,
//    served from disk.
assert !generated.getText('UTF-8').contains('PriceTable#describe')
compiledAt = priceTableClass.lastModified()
sleep(1100)
edit(priceTable, '" days"', '" days priced"')
def sixth = report(mvn('unreached-edit', 'compile', 'exec:exec'))
assert priceTableClass.lastModified() > compiledAt : 'mvn compile did not recompile'
assert sixth == [version: fifth.version, source: 'disk', total: fifth.total]

// 7. Only holidays.txt changes, which the constructor reads with
//    getResourceAsStream(HOLIDAYS), a constant: Maven copies it but javac has nothing to
//    compile, so the generated VERSION constant stays as it was. The runtime re-hashes the
//    resource and keys stored objects by its actual digest: the table is rebuilt with the new
//    holidays, and the next run finds that one on disk.
assert generated.getText('UTF-8').contains('"resource:com/example/prices/holidays.txt"')
compiledAt = priceTableClass.lastModified()
sleep(1100)
edit(holidays, '185', '186')
def seventh = report(mvn('resource-edit', 'compile', 'exec:exec'))
assert priceTableClass.lastModified() == compiledAt : 'javac ran, see resource-edit.log'
assert seventh.version == sixth.version // the constant; the store key follows the resource
assert seventh.source == 'built'
assert seventh.total != sixth.total
def seventhAgain = report(mvn('run-resource-edit', 'exec:exec'))
assert seventhAgain == [version: seventh.version, source: 'disk', total: seventh.total]

// 8. discount-lib, a library the constructor calls, releases 1.1 (its reached method differs)
//    and the project bumps it. Plain `mvn compile` after a pom-only change says "Nothing to
//    compile" (maven-compiler-plugin 3.13.0 does not look at the dependencies' versions), so the
//    processor does not run and VERSION keeps 1.0's value; the runtime reads discount-lib's
//    version from its pom.properties, warns, and keys by 1.1: rebuilt, never 1.0's object.
assert libraryVersion() == '1.0'
mvn('release-discount-lib-1.1', '-f', 'third-party/discount-lib-1.1/pom.xml', 'install')
edit(pom, '<discount-lib.version>1.0</discount-lib.version>',
        '<discount-lib.version>1.1</discount-lib.version>')
String bumpOutput = mvn('library-bump', 'compile', 'exec:exec')
def eighth = report(bumpOutput)
assert libraryVersion() == '1.0' : 'javac ran, see library-bump.log'
assert eighth.version == seventh.version // the stale constant; the store key follows the jar
assert eighth.source == 'built'
assert eighth.total != seventh.total
assert bumpOutput.contains('com.example:discount-lib is 1.1 on the class path') :
        'no stale-library warning in library-bump.log'

// 9. A clean build regenerates the factory: its FINGERPRINT names 1.1, a new VERSION.
def ninth = report(mvn('library-bump-clean', 'clean', 'compile', 'exec:exec'))
assert libraryVersion() == '1.1'
assert ninth.version != seventh.version
assert ninth.total == eighth.total

return true

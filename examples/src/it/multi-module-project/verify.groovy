// After the invoker's first build from the root (both modules compiled, pricing-app run: the
// quote is built), this script edits pricing-core, the sibling module pricing-app's cached class
// calls, and rebuilds from the root as a developer does: `mvn compile exec:exec`. pricing-core
// reaches javac as class files (pricing-core/target/classes), so the fingerprint hashes their
// bytecode: an edit in a method nothing reaches keeps VERSION (disk); one token in the method the
// constructor calls gives a new VERSION (rebuilt). Each Maven run's output is in <step>.log.

File rates = new File(basedir, 'pricing-core/src/main/java/com/example/pricing/core/Rates.java')
File app = new File(basedir, 'pricing-app')
File quoteClass = new File(app, 'target/classes/com/example/pricing/app/Quote.class')
File generated = new File(app,
        'target/generated-sources/annotations/com/example/pricing/app/QuoteFactory.java')

// mvn, report and edit: the steps both integration tests take.
evaluate(new File(itSources, 'steps.groovy'))

// 1. The first build generated QuoteFactory, whose fingerprint covers the sibling's class by its
//    bytecode, and built the quote.
String firstBuild = new File(basedir, 'build.log').getText('UTF-8')
assert firstBuild.contains('BUILD SUCCESS') : 'the first build failed, see build.log'
assert generated.isFile() : "the processor wrote no ${generated}"
assert generated.getText('UTF-8').contains('"class:com.example.pricing.core.Rates"')
def first = report(firstBuild)
assert first.source == 'built'

// 2. A method of pricing-core that nothing reaches changes: pricing-core recompiles, pricing-app
//    recompiles too (maven-compiler-plugin sees a changed dependency), same VERSION, disk.
long compiledAt = quoteClass.lastModified()
sleep(1100) // file times may have one-second resolution
edit(rates, '"standard markup"', '"standard markup of 5%"')
def second = report(mvn('core-unreached-edit', 'compile', 'exec:exec'))
assert quoteClass.lastModified() > compiledAt : 'pricing-app was not recompiled'
assert second == [version: first.version, source: 'disk', total: first.total]

// 3. One token of Rates.markup, which Quote's constructor calls, changes: new VERSION, rebuilt.
compiledAt = quoteClass.lastModified()
sleep(1100)
edit(rates, 'cents * 105 / 100', 'cents * 106 / 100')
def third = report(mvn('core-reached-edit', 'compile', 'exec:exec'))
assert quoteClass.lastModified() > compiledAt : 'pricing-app was not recompiled'
assert third.version != first.version
assert third.source == 'built'
assert third.total != first.total

return true

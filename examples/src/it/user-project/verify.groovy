// After the invoker's first build (compile, then run: the table is built), this script goes on
// like a developer: runs again (disk), edits a dependency by one token and recompiles with plain
// `mvn compile` (new VERSION, rebuilt), then edits only a comment (same VERSION, disk).
// Each Maven run's output is kept in <step>.log next to build.log.

File discounts = new File(basedir, 'src/main/java/com/example/prices/Discounts.java')
File discountsClass = new File(basedir, 'target/classes/com/example/prices/Discounts.class')
File generated = new File(basedir,
        'target/generated-sources/annotations/com/example/prices/PriceTableFactory.java')

// The invoker interpolates src/it/settings.xml next to the cloned projects; use the same.
File settings = new File(basedir.parentFile, 'interpolated-settings.xml')
assert settings.isFile() : "no ${settings}"

def mvn = { String step, String... goals ->
    boolean windows = System.getProperty('os.name').startsWith('Windows')
    String executable = System.getProperty('maven.home') + (windows ? '/bin/mvn.cmd' : '/bin/mvn')
    List<String> command = [executable, '-B', '-s', settings.path,
            "-Dmaven.repo.local=${localRepositoryPath}".toString()] + goals.toList()
    Process process = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true)
            .start()
    String output = process.inputStream.getText('UTF-8')
    process.waitFor()
    new File(basedir, "${step}.log").setText(output, 'UTF-8')
    assert process.exitValue() == 0 : "mvn ${goals.join(' ')} failed, see ${step}.log"
    return output
}

def report = { String output ->
    def version = output =~ /VERSION=([0-9a-f]{64})/
    def source = output =~ /SOURCE=(built|disk|memory)/
    def total = output =~ /TOTAL=(\d+)/
    assert version.find() && source.find() && total.find() : "no report in:\n${output}"
    return [version: version.group(1), source: source.group(1), total: total.group(1)]
}

def edit = { String from, String to ->
    String text = discounts.getText('UTF-8')
    assert text.contains(from)
    discounts.setText(text.replace(from, to), 'UTF-8')
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
edit('PERCENT = 10;', 'PERCENT = 15;')
mvn('compile-token-edit', 'compile')
assert discountsClass.lastModified() > compiledAt : 'mvn compile did not recompile'
def third = report(mvn('run-token-edit', 'exec:exec'))
assert third.version != first.version
assert third.source == 'built'
assert third.total != first.total

// 4. Only a comment changes: recompiled, same VERSION, served from disk.
compiledAt = discountsClass.lastModified()
sleep(1100)
edit('PERCENT = 15;', 'PERCENT = 15; // raised for the spring sale')
mvn('compile-comment-edit', 'compile')
assert discountsClass.lastModified() > compiledAt : 'mvn compile did not recompile'
def fourth = report(mvn('run-comment-edit', 'exec:exec'))
assert fourth == [version: third.version, source: 'disk', total: third.total]

return true

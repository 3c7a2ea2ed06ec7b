// The steps both integration tests' verify.groovy scripts take, evaluated into their binding (so
// `basedir` and `localRepositoryPath` are the invoker's): mvn runs real Maven in the project and
// keeps its output in <step>.log, report reads the VERSION/SOURCE/TOTAL line the project's main
// prints, edit replaces text in a source file.

// The invoker interpolates src/it/settings.xml next to the cloned projects; use the same.
File settings = new File(basedir.parentFile, 'interpolated-settings.xml')
assert settings.isFile() : "no ${settings}"

mvn = { String step, String... goals ->
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

report = { String output ->
    def version = output =~ /VERSION=([0-9a-f]{64})/
    def source = output =~ /SOURCE=(built|disk|memory)/
    def total = output =~ /TOTAL=(\d+)/
    assert version.find() && source.find() && total.find() : "no report in:\n${output}"
    return [version: version.group(1), source: source.group(1), total: total.group(1)]
}

edit = { File file, String from, String to ->
    String text = file.getText('UTF-8')
    assert text.contains(from) : "no '${from}' in ${file}"
    file.setText(text.replace(from, to), 'UTF-8')
}

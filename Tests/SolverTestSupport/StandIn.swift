#if canImport(Glibc)
import Glibc
#endif

/// An executable that stands in for an external solver (`cbc`): it creates `marker` and then
/// sleeps for ten minutes, whatever its arguments, so that a test can see a solve being killed
/// without depending on how fast the real solver is.
///
/// Written through a close-on-exec descriptor: a process that other tests spawn meanwhile must
/// not inherit it open for writing, or running the script fails with "text file busy".
public func sleepingStandIn() -> (executable: String, marker: String) {
    var template = Array("/tmp/fbas-stand-in.XXXXXX".utf8CString)
    let directory = String(cString: mkdtemp(&template)!)
    let executable = directory + "/cbc", marker = directory + "/started"
    let script = Array("#!/bin/sh\ntouch '\(marker)'\nexec sleep 600\n".utf8)
    let fd = open(executable, O_WRONLY | O_CREAT | O_CLOEXEC, 0o755)
    precondition(fd >= 0 && write(fd, script, script.count) == script.count && close(fd) == 0, "cannot write \(executable)")
    return (executable, marker)
}

/// Whether `path` exists.
public func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

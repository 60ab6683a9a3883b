// Times `SQLiteRegistryStore.load()` on a large file: creates a store, fills it with bulk SQL
// (one transaction, far faster than one `perform` per version), then loads it. With --state
// it also times building the in-memory `RegistryState` from what was loaded.
//
// Usage: SQLiteLoadBench [VERSIONS] [PATH] [--state]   (default 1000000 versions, temporary file)
import Foundation
import GRDB
import SchemaRegistryCore
import SchemaRegistrySQLite

let buildState = CommandLine.arguments.contains("--state")
let arguments = CommandLine.arguments.filter { $0 != "--state" }
let versionCount = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let path = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "sqlite-load-bench-\(getpid()).db"
let versionsPerSubject = 10

/// Prints a line at once (stdout to a file or pipe is otherwise buffered until exit).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func seconds(since start: ContinuousClock.Instant) -> String {
    let d = ContinuousClock.now - start
    let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    return String(format: "%.3f s", s)
}

for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
do {
    // Creates the tables.
    let store = try SQLiteRegistryStore(path: path)
    await store.close()

    let fillStart = ContinuousClock.now
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        let insertSchema = try db.makeStatement(
            sql: "INSERT INTO schemas (context, id, schema_type, text, references_json) VALUES ('.', ?, 'AVRO', ?, '[]')")
        let insertVersion = try db.makeStatement(
            sql: "INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES ('.', ?, ?, ?, 0, ?)")
        for i in 0..<versionCount {
            let id = i + 1
            let text = #"{"type":"record","name":"com.example.Record\#(id)","fields":[{"name":"f","type":"string"}]}"#
            try insertSchema.execute(arguments: [id, text])
            try insertVersion.execute(arguments: ["subject-\(i / versionsPerSubject)-value", i % versionsPerSubject + 1, id, Int64(i)])
        }
        try db.execute(sql: "INSERT INTO sequences (context, next_id) VALUES ('.', ?)", arguments: [versionCount + 1])
    }
    try queue.close()
    say("filled \(versionCount) versions and schemas in \(seconds(since: fillStart))")

    let reopened = try SQLiteRegistryStore(path: path)
    let loadStart = ContinuousClock.now
    let contents = try await reopened.load()
    say("load(): \(contents.versions.count) versions, \(contents.schemas.count) schemas in \(seconds(since: loadStart))")
    if buildState {
        let stateStart = ContinuousClock.now
        let state = RegistryState(contents: contents)
        say("RegistryState(contents:): \(state.contexts.count) context(s) in \(seconds(since: stateStart))")
    }
    await reopened.close()
} catch {
    say("SQLiteLoadBench: \(error)")
    exit(1)
}
if arguments.count <= 2 {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

// Times loading a large SQLite store into the in-memory state (`SQLiteRegistryStore.loadState()`,
// what the server does before it is ready) and reports the memory that takes.
//
// Usage: SQLiteLoadBench [VERSIONS] [PATH]   fills a new file (default 1000000 versions, temporary
//                                            file, removed afterwards) with bulk SQL, then loads it
//        SQLiteLoadBench --existing PATH     loads a file as it is (e.g. one `scripts/bench-client.py
//                                            fill-sqlite` wrote); opening it migrates an older layout
//
// The fill writes what the server would (subjects of 10 versions, each version its own ~700-byte
// Avro schema, identity hashes stored) in one transaction, far faster than one `perform` each.
import Foundation
import GRDB
import SchemaRegistryCore
import SchemaRegistrySQLite

/// Prints a line at once (stdout to a file or pipe is otherwise buffered until exit).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func seconds(since start: ContinuousClock.Instant) -> String {
    let d = ContinuousClock.now - start
    let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    return String(format: "%.3f s", s)
}

/// VmRSS and VmHWM (peak) of this process in MB, from /proc (nil elsewhere).
func memory() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "n/a" }
    func mb(_ key: String) -> String {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
            let kb = line.split(separator: " ").compactMap({ Int($0) }).first
        else { return "?" }
        return "\(kb / 1024) MB"
    }
    return "RSS \(mb("VmRSS")), peak \(mb("VmHWM")) anon \(mb("RssAnon")) file \(mb("RssFile"))"
}

/// A realistic record schema of 10 fields (~700 bytes), distinct for each `n`.
func schemaText(_ n: Int) -> String {
    #"{"type":"record","name":"PageView\#(n)","namespace":"com.example.events","doc":"A page view","fields":[{"name":"event_id","type":{"type":"string","logicalType":"uuid"}},{"name":"occurred_at","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"user_id","type":"long"},{"name":"session_id","type":["null","string"],"default":null},{"name":"url","type":"string"},{"name":"referrer","type":["null","string"],"default":null},{"name":"user_agent","type":"string","doc":"Raw User-Agent header"},{"name":"country","type":{"type":"enum","name":"Country","symbols":["US","GB","DE","FR","JP","OTHER"]}},{"name":"duration_ms","type":"int","default":0},{"name":"tags","type":{"type":"map","values":"string"},"default":{}}]}"#
}

func fill(_ path: String, versions versionCount: Int) async throws {
    let versionsPerSubject = 10
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    // Creates the tables at the current layout.
    let store = try SQLiteRegistryStore(path: path)
    await store.close()
    let fillStart = ContinuousClock.now
    let queue = try DatabaseQueue(path: path)
    try await queue.write { db in
        let insertSchema = try db.makeStatement(
            sql: "INSERT INTO schemas (context, id, schema_type, text, references_json, identity_hash) VALUES ('.', ?, 'AVRO', ?, '[]', ?)")
        let insertVersion = try db.makeStatement(
            sql: "INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES ('.', ?, ?, ?, 0, ?)")
        for i in 0..<versionCount {
            let id = i + 1
            let text = schemaText(id)
            let hash = StoredSchema.identityHash(text: text, references: [], metadata: nil, ruleSet: nil)
            try insertSchema.execute(arguments: [id, text, Data(hash.bytes)])
            try insertVersion.execute(arguments: ["subject-\(i / versionsPerSubject)-value", i % versionsPerSubject + 1, id, Int64(i)])
        }
        try db.execute(sql: "INSERT INTO sequences (context, next_id) VALUES ('.', ?)", arguments: [versionCount + 1])
    }
    try queue.close()
    say("filled \(versionCount) versions and schemas in \(seconds(since: fillStart))")
}

let arguments = Array(CommandLine.arguments.dropFirst())
let existing = arguments.first == "--existing"
guard !existing || arguments.count == 2 else {
    say("usage: SQLiteLoadBench [VERSIONS] [PATH] | SQLiteLoadBench --existing PATH")
    exit(2)
}
let path: String
let removeAfterwards: Bool
if existing {
    path = arguments[1]
    removeAfterwards = false
} else {
    path = arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "sqlite-load-bench-\(getpid()).db"
    removeAfterwards = arguments.count <= 1
}
do {
    if !existing { try await fill(path, versions: arguments.first.flatMap { Int($0) } ?? 1_000_000) }
    say("before opening: \(memory())")
    let openStart = ContinuousClock.now
    let store = try SQLiteRegistryStore(path: path)
    say("open (and migrate): \(seconds(since: openStart))")
    let loadStart = ContinuousClock.now
    let state = try await store.loadState()
    let elapsed = seconds(since: loadStart)
    // Measured while the state is still alive (it is freed after its last use).
    withExtendedLifetime(state) {
        say("loadState(): \(state.versionCount) versions, \(state.schemaCount) schemas in \(elapsed); \(memory())")
    }
    await store.close()
} catch {
    say("SQLiteLoadBench: \(error)")
    exit(1)
}
if removeAfterwards {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

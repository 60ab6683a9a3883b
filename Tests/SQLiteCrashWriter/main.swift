// Test support for the crash-durability test: registers schemas in a SQLite store and prints
// "id version" for each write `perform` acknowledged, unbuffered, until done or killed. The
// test kills it with SIGKILL mid-way and checks every printed write is in the file.
//
// Usage: SQLiteCrashWriter PATH COUNT
import Foundation
import SchemaRegistryCore
import SchemaRegistrySQLite

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: SQLiteCrashWriter PATH COUNT\n".utf8))
    exit(2)
}
do {
    let store = try SQLiteRegistryStore(path: arguments[1])
    for i in 0..<count {
        let schema = StoredSchema(
            context: QualifiedSubject.defaultContext, id: 0, schemaType: .avro,
            text: #"{"type":"record","name":"R\#(i)","fields":[]}"#, references: [], metadata: nil, ruleSet: nil)
        let subject = QualifiedSubject(context: QualifiedSubject.defaultContext, name: "crash-\(i % 7)")
        let outcome = try await store.perform(
            .register(schema: schema, useGivenId: false, subject: subject, version: nil, timestamp: Int64(i), permanentlyRemove: []))
        guard case .registered(let id, let version) = outcome else { exit(3) }
        // write(2) directly: a line is out of the process once it is printed, even if killed.
        FileHandle.standardOutput.write(Data("\(id) \(version) \(subject.name)\n".utf8))
    }
    await store.close()
} catch {
    FileHandle.standardError.write(Data("SQLiteCrashWriter: \(error)\n".utf8))
    exit(1)
}

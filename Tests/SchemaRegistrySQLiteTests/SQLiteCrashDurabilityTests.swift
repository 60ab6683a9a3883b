import Foundation
import RegistryStoreConformance
import SchemaRegistryCore
import SchemaRegistrySQLite
import Testing

/// Every write `perform` acknowledged must be in the file after the writer is killed with
/// SIGKILL: a child process registers schemas and prints each acknowledged one; the test
/// kills it mid-way, reopens the file and looks for every printed registration.
@Suite("SQLite crash durability")
struct SQLiteCrashDurabilityTests {
    /// The writer executable, built beside the test bundle by `swift build --build-tests`.
    static var writerURL: URL? {
        let name = "SQLiteCrashWriter"
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let bundle = Bundle.main.executableURL { candidates.append(bundle.deletingLastPathComponent()) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        return candidates.map { $0.appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test("acknowledged writes survive SIGKILL of the writer", arguments: [25, 120])
    func acknowledgedWritesSurviveKill(killAfter: Int) async throws {
        let writer = try #require(Self.writerURL, "SQLiteCrashWriter not built; run swift build --build-tests first")
        let h = try StoreHarness(.sqlite)
        await h.store.close()

        let process = Process()
        process.executableURL = writer
        process.arguments = [h.path, "100000"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Read acknowledgements until `killAfter` lines arrived, then kill without warning.
        let reader = output.fileHandleForReading
        var received = Data()
        while received.count(where: { $0 == UInt8(ascii: "\n") }) < killAfter {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        // Lines already written before the kill are acknowledged too.
        received.append(reader.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the writer was killed, it did not finish")

        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        let acknowledged = lines.compactMap { line -> (id: Int, version: Int, subject: String)? in
            let parts = line.split(separator: " ")
            guard parts.count == 3, let id = Int(parts[0]), let version = Int(parts[1]) else { return nil }
            return (id, version, String(parts[2]))
        }
        #expect(acknowledged.count >= killAfter)
        #expect(acknowledged.count < 100000)

        let reopened = try SQLiteRegistryStore(path: h.path)
        let contents = try await reopened.load()
        let stored = Set(contents.versions.map { "\($0.schemaId) \($0.version) \($0.subject.name)" })
        let missing = acknowledged.filter { !stored.contains("\($0.id) \($0.version) \($0.subject)") }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(5))")
        #expect(acknowledged.map(\.id) == Array(1...acknowledged.count), "ids are allocated in order without gaps")
        // The file is usable after the crash and goes on from what it holds.
        let next = try await reopened.registered(Write.register("after-crash", under: "crash-0"))
        #expect(next.id == contents.versions.count + 1)
        await reopened.close()
    }
}

import Foundation
import JSONModel

/// An export as a folder, for registries too large to review or diff as one file: an index
/// `registry.json` (the file's members, with `subjectFiles` in place of `subjects`) and one
/// `subjects/<name>.json` per subject, each the subject's member of the one-file form.
extension RegistryExport {
    /// The index's file name.
    public static let directoryIndexName = "registry.json"

    /// Writes the export into `directory` (created if missing).
    public func write(toDirectory directory: String) throws(MigrationError) {
        let root = URL(fileURLWithPath: directory)
        let subjectsDirectory = root.appendingPathComponent("subjects")
        var files: [JSONValue] = []
        var used: Set<String> = []
        do {
            try FileManager.default.createDirectory(at: subjectsDirectory, withIntermediateDirectories: true)
            for subject in subjects {
                let path = "subjects/" + SchemaFolderWriter.uniqueFileName(subject.subject, used: &used) + ".json"
                try Data((JSONWriter.string(subject.json) + "\n").utf8).write(to: root.appendingPathComponent(path))
                files.append(.string(path))
            }
            var index = json.objectValue ?? JSONObject()
            index["subjects"] = nil
            index["subjectFiles"] = .array(files)
            try Data((JSONWriter.string(.object(index)) + "\n").utf8).write(to: root.appendingPathComponent(Self.directoryIndexName))
        } catch let error as MigrationError {
            throw error
        } catch {
            throw .malformedExport("\(directory): \(error)")
        }
    }

    /// Reads an export file, or a folder that `write(toDirectory:)` made.
    public init(contentsOf path: String) throws(MigrationError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .malformedExport("\(path): no such file or folder")
        }
        guard isDirectory.boolValue else {
            self = try RegistryExport(json: try Self.parse(URL(fileURLWithPath: path)))
            return
        }
        let root = URL(fileURLWithPath: path)
        var index = try Self.parse(root.appendingPathComponent(Self.directoryIndexName)).objectValue ?? JSONObject()
        guard let files = index["subjectFiles"]?.arrayValue else {
            throw .malformedExport("\(path)/\(Self.directoryIndexName): expected subjectFiles, a list of subject files")
        }
        var subjects: [JSONValue] = []
        for file in files {
            guard let relative = file.stringValue else { throw .malformedExport("\(path)/\(Self.directoryIndexName): subjectFiles holds a non-string") }
            subjects.append(try Self.parse(root.appendingPathComponent(relative)))
        }
        index["subjectFiles"] = nil
        index["subjects"] = .array(subjects)
        self = try RegistryExport(json: .object(index))
    }

    static func parse(_ url: URL) throws(MigrationError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .malformedExport("\(url.path): cannot be read") }
        do {
            return try JSONParser().parse(Array(data))
        } catch {
            throw .malformedExport("\(url.path): not JSON: \(error)")
        }
    }
}

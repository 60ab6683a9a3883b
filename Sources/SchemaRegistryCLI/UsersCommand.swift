import ArgumentParser
import Foundation
import HummingbirdBcrypt
import SchemaRegistryServer

/// `schema-registry users ...`: the users file of HTTP Basic authentication.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the users file of HTTP Basic authentication (auth.basic_users_file).",
        subcommands: [UsersAddCommand.self]
    )
}

/// `schema-registry users add NAME --file FILE`: adds a user, or changes its password.
struct UsersAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user to a users file (created when missing), or change a user's password.",
        discussion: "The password is read from standard input (its first line), so it never appears in the process list or the shell history."
    )

    @Argument(help: "The user name (no ':').")
    var name: String

    @Option(help: "The users file.")
    var file: String

    @Option(help: "bcrypt cost, 4 to 31: each step doubles the time a login check takes.")
    var cost = 10

    func validate() throws {
        guard !name.isEmpty, !name.contains(":"), !name.contains(where: \.isNewline) else { throw ValidationError("a user name cannot be empty or hold ':'") }
        guard (4...31).contains(cost) else { throw ValidationError("--cost must be from 4 to 31") }
    }

    func run() async throws {
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("give the password on standard input, e.g. printf '%s\\n' \"$PASSWORD\" | schema-registry users add \(name) --file \(file)")
        }
        var users = FileManager.default.fileExists(atPath: file) ? try UsersFile(contentsOf: file) : UsersFile()
        let existed = users.hashes[name] != nil
        users.set(name, hash: Bcrypt.hash(password, cost: UInt8(cost)))
        try Data(users.text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        print(existed ? "changed the password of \(name) in \(file)" : "added \(name) to \(file)")
    }
}

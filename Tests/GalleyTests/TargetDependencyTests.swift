import Foundation
import TestSupport
import Testing

@Suite("Every module a target imports is declared in Package.swift")
struct TargetDependencyTests {
    /// Modules that come with the toolchain and need no declaration.
    static let toolchain: Set<String> = [
        "Foundation", "FoundationEssentials", "Dispatch", "Synchronization", "Testing", "Glibc", "Darwin",
    ]

    /// Each target's declared dependencies (targets and products, by name), read from the manifest's text: the
    /// manifest lists them as `"Name"` or `.product(name: "Name", ...)`, and every product here is named as its
    /// module.
    static func declared(in manifest: String) throws -> [String: (folder: String, dependencies: Set<String>)] {
        var targets: [String: (folder: String, dependencies: Set<String>)] = [:]
        let declaration = #/\.(target|executableTarget|testTarget)\(\s*name:\s*"(\w[\w-]*)"/#
        let starts = manifest.matches(of: declaration)
        for (index, match) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].range.lowerBound : manifest.endIndex
            let text = manifest[match.range.upperBound..<end]
            var dependencies: Set<String> = []
            if let list = text.firstMatch(of: #/dependencies:\s*\[([^\]]*)\]/#) {
                for name in list.output.1.matches(of: #/"([\w-]+)"/#) { dependencies.insert(String(name.output.1)) }
            }
            let name = String(match.output.2)
            let path = text.firstMatch(of: #/path:\s*"([^"]+)"/#).map { String($0.output.1) }
            let folder = path ?? (match.output.1 == "testTarget" ? "Tests/\(name)" : "Sources/\(name)")
            targets[name] = (folder, dependencies)
        }
        return targets
    }

    @Test("no target imports a module it does not declare")
    func importsAreDeclared() throws {
        let root = TestDatabase.packageRoot
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let targets = try Self.declared(in: manifest)
        // The manifest was read: the library at the centre declares the store it works on.
        #expect(targets["Galley"]?.dependencies.contains("EventStore") == true)
        let importLine = #/^(?:@testable |public |internal |package )?import (?:struct |class |enum |func )?(\w+)/#
        var missing: [String] = []
        for (name, target) in targets.sorted(by: { $0.key < $1.key }) {
            let folder = root.appendingPathComponent(target.folder)
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let file = files?.nextObject() as? URL {
                guard file.pathExtension == "swift" else { continue }
                for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                    guard let found = line.firstMatch(of: importLine) else { continue }
                    let module = String(found.output.1)
                    if module != name, !Self.toolchain.contains(module), !target.dependencies.contains(module) {
                        missing.append("\(name) imports \(module) in \(file.lastPathComponent)")
                    }
                }
            }
        }
        #expect(missing.isEmpty, "declare these in Package.swift:\n\(Set(missing).sorted().joined(separator: "\n"))")
    }
}

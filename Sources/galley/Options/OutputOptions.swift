import ArgumentParser
import Coding

/// `--json` for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text for people.")
    var json = false

    /// Prints a list: with `--json` one object a line (JSON lines, so a script can read it as it comes), else
    /// the text for people.
    func show<Item>(_ items: [Item], json object: (Item) -> JSONValue, text: ([Item]) -> String) {
        if json {
            for item in items { print(object(item).canonicalText) }
        } else {
            print(text(items))
        }
    }
}

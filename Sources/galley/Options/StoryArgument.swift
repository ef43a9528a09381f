import ArgumentParser

/// The story a command acts on, declared once so that every command names and describes it alike.
struct StoryArgument: ParsableArguments {
    @Argument(help: "The story: its id, a unique start of it, or its slug.")
    var id: String
}

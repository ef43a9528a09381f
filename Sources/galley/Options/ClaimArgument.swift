import ArgumentParser

/// The claim of a story's checklist a fact-check command rules on, declared once for all of them.
struct ClaimArgument: ParsableArguments {
    // Shown as <claim>, beside the story's <id>.
    @Argument(help: ArgumentHelp("The claim's id, such as c1.", valueName: "claim"))
    var id: String
}

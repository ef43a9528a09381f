import Editorial

/// One control of the story page as `control.mustache` renders it: an `ActionForm` for one story (and one claim),
/// with where the action stands for the person. It carries every value its template looks up, so that only an
/// absent optional climbs to the page, which answers none of those names.
struct ControlView {
    /// One field, with its element id and its kind as flags a template can test.
    struct FieldView {
        var id: String
        var name: String
        var label: String
        var hint: String?
        var value: String
        var required: Bool
        var rows = 0
        var isText = false
        var isLine = false
        var isTime = false
        var isChoice = false
        var isCheck = false
        var checked = false
        var choices: [Choice] = []
    }

    var story: String
    /// The action's name: the last segment of the form's address.
    var action: String
    /// The control's element id: the action's name, and the claim's id after it for a claim's control.
    var id: String
    var claim: String?
    /// Which of the action's controls this is, sent with the form so that a failure is shown beside it.
    var variant: String?
    var summary: String?
    var label: String
    var style: String
    var fields: [FieldView]
    var csrf: String
    /// Why a rule refuses the action now; nil when nothing does.
    var refused: String?
    /// Why the person's last try of it failed.
    var error: String?
    /// Refused, with nothing to type or tick that could change that: the button is disabled.
    var disabled: Bool

    /// The control for `form`; `typed` is the form as the person sent it in a try that failed, shown again with
    /// every field as they left it.
    init(
        _ form: ActionForm, story: String, claim: String? = nil, frame: Frame, refused: String?, error: String?,
        typed: WebForm? = nil
    ) {
        self.story = story
        action = form.action.rawValue
        id = [form.action.rawValue, form.variant, claim].compactMap { $0 }.joined(separator: "-")
        self.claim = claim
        variant = form.variant
        summary = form.summary
        label = form.button ?? form.action.label
        style = form.style.rawValue
        self.refused = refused
        self.error = error
        csrf = frame.csrf
        let id = id
        fields = form.fields.map { field in
            let sent = typed.map { $0.fields[field.name]?.first ?? "" }
            var view = FieldView(
                id: "\(id)-\(field.name)", name: field.name, label: field.label, hint: field.hint,
                value: sent ?? field.value, required: field.required)
            switch field.kind {
            case .text(let rows): (view.isText, view.rows) = (true, rows)
            case .line: view.isLine = true
            case .time:
                view.isTime = true
                view.hint = [frame.zone, field.hint].compactMap { $0 }.joined(separator: "; ")
            case .choice(var choices):
                if let sent, choices.contains(where: { $0.value == sent }) {
                    for index in choices.indices { choices[index].selected = choices[index].value == sent }
                }
                (view.isChoice, view.choices) = (true, choices)
            case .check: (view.isCheck, view.checked) = (true, typed?.isChecked(field.name) ?? false)
            }
            return view
        }
        disabled =
            refused != nil
            && !form.fields.contains { field in
                if case .check = field.kind { return true }
                return field.required
            }
    }
}

import Mustache

// The views the board and the story page render many times over answer the templates' look-ups by name: the
// templates' default, reflection, made the board a few times slower than the JSON it shows (scripts/bench web).

extension Frame: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "user": user
        case "csrf": csrf
        case "notice": notice
        case "error": error
        case "zone": zone
        case "onBoard": onBoard
        case "onSearch": onSearch
        case "onPublic": onPublic
        case "onNew": onNew
        default: nil
        }
    }
}

extension UserView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "byline": byline
        case "roles": roles
        case "canDraft": canDraft
        default: nil
        }
    }
}

extension BoardPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": frame
        case "deskFilter": deskFilter
        case "assigneeFilter": assigneeFilter
        case "mine": mine
        case "filtered": filtered
        case "recentHours": recentHours
        case "columns": columns
        case "position": position
        default: nil
        }
    }
}

extension BoardPage.Column: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "title": title
        case "count": count
        case "cards": cards
        case "more": more
        default: nil
        }
    }
}

extension BoardPage.Card: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "slug": slug
        case "headline": headline
        case "desk": desk
        case "assignee": assignee
        case "author": author
        case "inStage": inStage
        case "stageSince": stageSince
        case "openNote": openNote
        case "moves": moves
        default: nil
        }
    }
}

extension BoardPage.Move: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "action": action
        case "label": label
        case "to": to
        case "note": note
        case "noteField": noteField
        case "needsTime": needsTime
        case "needsNote": needsNote
        case "plain": plain
        case "csrf": csrf
        case "zone": zone
        default: nil
        }
    }
}

extension Segment: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "added": added
        case "removed": removed
        case "mark": mark
        case "plain": plain
        default: nil
        }
    }
}

extension Note: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "text": text
        case "by": by
        case "at": at
        default: nil
        }
    }
}

extension Choice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension StoryPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": frame
        case "id": id
        case "slug": slug
        case "headline": headline
        case "kicker": kicker
        case "bylines": bylines
        case "body": body
        case "stage": stage
        case "stageLabel": stageLabel
        case "desk": desk
        case "language": language
        case "caption": caption
        case "author": author
        case "assignee": assignee
        case "version": version
        case "revision": revision
        case "updated": updated
        case "publicAt": publicAt
        case "embargoed": embargoed
        case "closingReason": closingReason
        case "openNote": openNote
        case "corrections": corrections
        case "comments": comments
        case "earlierComments": earlierComments
        case "earlierCount": earlierCount
        case "latestComments": latestComments
        case "claims": claims
        case "proposed": proposed
        case "signOff": signOff
        case "controls": controls
        case "edit": edit
        case "conflict": conflict
        case "position": position
        default: nil
        }
    }
}

extension StoryPage.Controls: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "edit": edit
        case "comments": comments
        case "story": story
        case "workflow": workflow
        case "hasWorkflow": hasWorkflow
        case "factCheck": factCheck
        case "hasFactCheck": hasFactCheck
        default: nil
        }
    }
}

extension ControlView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "story": story
        case "action": action
        case "id": id
        case "claim": claim
        case "summary": summary
        case "label": label
        case "style": style
        case "fields": fields
        case "csrf": csrf
        case "refused": refused
        case "error": error
        case "disabled": disabled
        default: nil
        }
    }
}

extension ControlView.FieldView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "label": label
        case "hint": hint
        case "value": value
        case "required": required
        case "rows": rows
        case "isText": isText
        case "isLine": isLine
        case "isTime": isTime
        case "isChoice": isChoice
        case "isCheck": isCheck
        case "choices": choices
        default: nil
        }
    }
}

extension StoryPage.ClaimView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "claim": claim
        case "text": text
        case "speaker": speaker
        case "source": source
        case "standing": standing
        case "standingLabel": standingLabel
        case "verdict": verdict
        case "withdrawn": withdrawn
        case "outdated": outdated
        case "controls": controls
        default: nil
        }
    }
}

extension StoryPage.VerdictView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rating": rating
        case "note": note
        case "evidence": evidence
        case "by": by
        case "at": at
        case "revision": revision
        case "confirmed": confirmed
        default: nil
        }
    }
}

extension StoryPage.EditForm: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "headline": headline
        case "kicker": kicker
        case "bylines": bylines
        case "desk": desk
        case "caption": caption
        case "body": body
        case "version": version
        default: nil
        }
    }
}

extension HistoryPage.Event: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "position": position
        case "version": version
        case "type": type
        case "summary": summary
        case "actor": actor
        case "at": at
        case "hash": hash
        case "shortHash": shortHash
        case "shown": shown
        default: nil
        }
    }
}

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
        case "ratings": ratings
        case "kinds": kinds
        case "publishAt": publishAt
        case "position": position
        default: nil
        }
    }
}

extension StoryPage.Controls: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "edit": edit
        case "submit": submit
        case "sendBack": sendBack
        case "sendToFactCheck": sendToFactCheck
        case "addClaim": addClaim
        case "recordVerdict": recordVerdict
        case "confirmVerdict": confirmVerdict
        case "withdrawClaim": withdrawClaim
        case "approve": approve
        case "reject": reject
        case "publish": publish
        case "correct": correct
        case "retract": retract
        case "spike": spike
        case "comment": comment
        case "assign": assign
        case "anyMove": anyMove
        default: nil
        }
    }
}

extension StoryPage.Control: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "refused": refused
        case "error": error
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

/// The write classes an AMI action needs (manager.c and the modules' `ast_manager_register_xml()` calls;
/// ami-protocol.md §1.3, §1.11). Asterisk checks them as any-of: one of the classes in `write =` suffices.
/// An empty list: anyone logged in may send it.
public enum AMIActionAuthority {
    /// Action name (lower-case) → any one of these classes.
    public static let byAction: [String: [String]] = [
        "ping": [], "events": [], "login": [], "logoff": [], "challenge": [], "queuestatus": [], "queuesummary": [],
        "originate": ["originate"], "redirect": ["call"], "setvar": ["call"], "getvar": ["call", "reporting"],
        "hangup": ["system", "call"], "coreshowchannels": ["system", "reporting"],
        "coresettings": ["system", "reporting"], "corestatus": ["system", "reporting"], "command": ["command"],
        "userevent": ["user"], "filter": ["system"], "queueadd": ["agent"], "queueremove": ["agent"],
        "queuepause": ["agent"], "blindtransfer": ["call"], "atxfer": ["call"],
        "status": ["system", "call", "reporting"],
    ]

    /// The classes (any one of them) `action` needs; nil for an action this table does not know.
    public static func writeClasses(for action: String) -> [String]? { byAction[action.lowercased()] }
}

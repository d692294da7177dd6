extension DiagnosticCode {
    /// The file could not be read.
    public static let fileUnreadable = DiagnosticCode(
        "E001",
        "file-unreadable",
        .error,
        summary: "the file or folder could not be read",
        explanation: """
            The path does not exist, is not readable by this user, or is neither a regular file nor a folder.
            Check the path given to `engine lint` (or `rules:` in engine.yaml) and the file's permissions.
            """
    )

    /// The file is larger than the loader accepts.
    public static let fileTooLarge = DiagnosticCode(
        "E002",
        "file-too-large",
        .error,
        summary: "the file is larger than a rules file may be",
        explanation: """
            Rule files are read whole into memory and checked before anything is applied, so their size is
            capped (1 MiB by default). A file this large is almost certainly not a hand-written rules file:
            split it into several files in the rules folder, or check that the right file is named.
            """
    )

    /// The file is not valid UTF-8.
    public static let invalidUTF8 = DiagnosticCode(
        "E003",
        "invalid-utf8",
        .error,
        summary: "the file is not valid UTF-8",
        explanation: """
            YAML files must be UTF-8. The byte at the reported position is not part of a valid UTF-8 sequence,
            which usually means the file was saved in a legacy code page (Windows-1251, KOI8-R, Latin-1).
            Re-save it as UTF-8, e.g. `iconv -f cp1251 -t utf-8 old.yaml > new.yaml`.
            """
    )
}

/// The registry of every diagnostic code: used by `engine lint --explain`, the SARIF rule table and the
/// tests that keep codes unique. A code declared anywhere must be listed here.
public enum DiagnosticCatalog {
    /// Every code, in id order.
    public static let all: [DiagnosticCode] = (fileCodes + yamlCodes + extraCodes)
        .sorted { $0.id < $1.id }

    static let fileCodes: [DiagnosticCode] = [.fileUnreadable, .fileTooLarge, .invalidUTF8]

    static let yamlCodes: [DiagnosticCode] = [
        .yamlSyntax, .duplicateKey, .yamlTag, .tabIndentation, .anchorOrAlias, .nestingTooDeep,
        .scalarCutAtColon, .scalarCutAtComment, .braceInFlowMapping, .indicatorAtStart,
        .multipleDocuments, .yamlBooleanWord,
    ]

    static let ruleCodes: [DiagnosticCode] = [
        .unknownKey, .wrongNodeKind, .missingKey, .unsupportedVersion, .duplicateID, .unknownEvent,
        .unknownEventField, .unknownAction, .unknownArgument, .missingArgument, .argumentType, .invalidID,
        .unknownReference, .unknownMatchModifier, .emptyActions, .reservedBinding, .invalidBoolean,
    ]

    static let semanticCodes: [DiagnosticCode] = [
        .unusedMacro, .unusedList, .unusedMap, .shadowedRule, .neverFires, .selfTriggeringRule,
    ]

    static let expressionCodes: [DiagnosticCode] = [
        .expressionSyntax, .expressionUnknownName, .expressionUnknownField, .expressionUnknownFunction,
        .expressionArgumentCount, .expressionArgumentType, .expressionOperatorType, .expressionInvalidHas,
        .expressionInvalidRegex, .expressionInvalidMacro, .expressionResultType, .expressionNotIndexable,
        .expressionUnguardedOptional, .expressionDynamicRegex,
    ]

    static let configCodes: [DiagnosticCode] = [
        .missingEnvironmentVariable, .invalidConfigValue, .insecureWebhook, .literalSecret,
    ]

    static let queueCodes: [DiagnosticCode] = [
        .invalidQueueSetting, .invalidQueueMember, .unknownOverflowQueue, .queueOverflowCycle, .ringLongerThanWait,
    ]

    /// Codes of later layers are appended here.
    static let extraCodes: [DiagnosticCode] =
        ruleCodes + expressionCodes + semanticCodes + configCodes + queueCodes

    /// Looks a code up by id (`E103`) or name (`yaml-tag-on-scalar`), case-insensitively.
    public static func code(named text: String) -> DiagnosticCode? {
        let wanted = text.uppercased()
        return all.first { $0.id == wanted || $0.name.uppercased() == wanted }
    }
}

extension DiagnosticCode {
    public static let missingEnvironmentVariable = DiagnosticCode(
        "E501",
        "missing-environment-variable",
        .error,
        summary: "`${NAME}` names an environment variable that is not set",
        explanation: """
            Secrets are kept out of engine.yaml by writing `secret: "${AMI_SECRET}"`: the value comes from the
            environment when the engine starts. Set the variable (for systemd: `Environment=` or
            `EnvironmentFile=`), or write the value itself. The message never shows a secret's value.
            """
    )
    public static let invalidConfigValue = DiagnosticCode(
        "E502",
        "invalid-config-value",
        .error,
        summary: "a configuration value has the right type but is not valid",
        explanation: """
            For example a port outside 1–65535, a listen address that is not `host:port`, a webhook URL that is
            not `https://PORTAL/rest/<user>/<secret>/`, or a rate limit of zero.
            """
    )
    public static let insecureWebhook = DiagnosticCode(
        "W501",
        "insecure-webhook",
        .warning,
        summary: "`bitrix24.webhook_url` is `http://`: its secret and every call's data travel in clear text",
        explanation: """
            The webhook URL carries its secret in the path; over plain HTTP anyone on the way reads it, and with it
            the whole CRM. Bitrix24 portals answer on https; write `https://`. (Redirects are not followed, so an
            `http://` address a portal redirects to https fails rather than leaks.)
            """
    )
    public static let literalSecret = DiagnosticCode(
        "W502",
        "literal-secret",
        .warning,
        summary: "a secret is written in engine.yaml itself",
        explanation: """
            `ami.secret`, `bitrix24.webhook_url` and `bitrix24.application_token` are secrets: a file ends up in
            backups, tickets and version control. Write `secret: "${AMI_SECRET}"` and set the variable in the
            engine's environment (systemd `EnvironmentFile=` with mode 0600). The message never shows the value.
            """
    )
}

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
}

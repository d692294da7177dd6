import Foundation

/// The console's HTML: one stylesheet, pages built from escaped text. Tables turn into stacked cards on a narrow
/// screen (each cell labelled), long values wrap, nothing scrolls sideways.
enum ConsoleHTML {
    /// A whole page.
    static func page(title: String, body: String, script: String = "") -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Switchboard</title>
        <style>\(style)</style>
        </head>
        <body>
        <header><a class="brand" href="/">Switchboard</a>
        <nav><a href="/">console</a> <a href="/api/calls">calls JSON</a> <a href="/metrics">metrics</a> \
        <a href="/healthz">health</a></nav></header>
        <main id="main">
        \(body)
        </main>
        \(script.isEmpty ? "" : "<script>\(script)</script>")
        </body>
        </html>

        """
    }

    /// Text made safe for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `14:03:27.412`, local time.
    static func clock(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute, .second, .nanosecond], from: date)
        return String(
            format: "%02d:%02d:%02d.%03d",
            parts.hour ?? 0,
            parts.minute ?? 0,
            parts.second ?? 0,
            (parts.nanosecond ?? 0) / 1_000_000
        )
    }

    /// `2026-11-25 14:03:27`, local time.
    static func dateTime(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            + clock(date).prefix(8)
    }

    /// `1 m 05 s`, `12 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds.rounded()))
        return whole >= 60 ? "\(whole / 60) m \(String(format: "%02d", whole % 60)) s" : "\(whole) s"
    }

    /// A table whose cells carry their column's name (shown before the value on narrow screens).
    static func table(_ columns: [String], _ rows: [[String]], attributes: [String] = []) -> String {
        var html = "<div class=\"table\"><table><thead><tr>"
        html += columns.map { "<th>\(escape($0))</th>" }.joined()
        html += "</tr></thead><tbody>"
        for (index, row) in rows.enumerated() {
            html += "<tr\(index < attributes.count ? " " + attributes[index] : "")>"
            for (column, cell) in zip(columns, row) { html += "<td data-label=\"\(escape(column))\">\(cell)</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    static let style = """
        :root{color-scheme:light dark;--fg:#1b1f24;--muted:#5b6570;--bg:#fff;--panel:#f4f6f8;--ok:#1a7f37;\
        --bad:#c62828;--line:#d6dbe0;--accent:#0b5cad}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e9ec;--muted:#9aa4ae;--bg:#111417;--panel:#1b2026;\
        --line:#2d343b;--accent:#6cb6ff;--ok:#57c26a;--bad:#ff6b6b}}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;padding:.6rem 1rem;\
        border-bottom:1px solid var(--line);background:var(--panel)}
        header nav a{margin-right:.6rem}
        a{color:var(--accent)}
        .brand{font-weight:700;font-size:1.1rem;text-decoration:none;color:var(--fg)}
        main{padding:.5rem 1rem 2rem;max-width:72rem;margin:0 auto}
        h1{font-size:1.3rem;overflow-wrap:anywhere}
        h2{font-size:1.1rem;margin:1.4rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
        code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere;white-space:pre-wrap}
        pre{background:var(--panel);padding:.5rem;border-radius:4px;margin:.3rem 0}
        .muted{color:var(--muted)}
        .ok{color:var(--ok)}
        .bad{color:var(--bad)}
        .badge{display:inline-block;padding:0 .4rem;border-radius:.6rem;border:1px solid var(--line);\
        font-size:.85rem;margin:.1rem .2rem .1rem 0}
        .badge.ok{border-color:var(--ok)}
        .badge.bad{border-color:var(--bad)}
        .table{width:100%}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;\
        overflow-wrap:anywhere}
        th{font-size:.85rem;color:var(--muted)}
        ol.timeline{list-style:none;padding:0;margin:0}
        .step{border-left:3px solid var(--line);padding:.25rem 0 .25rem .6rem;margin:.15rem 0}
        .step.evaluation{border-color:var(--accent)}
        .step.execution{border-color:var(--ok)}
        .step.portal.failed,.step.execution.failed{border-color:var(--bad)}
        .step time{color:var(--muted);font:12px ui-monospace,monospace;margin-right:.4rem}
        ul.rules{list-style:none;padding-left:.6rem;margin:.2rem 0}
        ul.rules li{margin:.1rem 0}
        .intent{padding-left:1.2rem}
        details summary{cursor:pointer;color:var(--muted)}
        @media (max-width:640px){
        main{padding:.4rem .6rem 2rem}
        thead{display:none}
        table,tbody,tr,td{display:block;width:100%}
        tr{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.2rem}
        td{border:none;padding:.15rem .3rem}
        td::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
        }
        """
}

import Platform

/// The page `GET /` answers while the dashboard has not been built: it says so, says how to build it, and points
/// at what the gateway already serves, instead of a bare 404.
enum DashboardNotBuiltPage {
    static func html(directory: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>M-PESA Analytics — dashboard not built</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}code{background:#f2f2f2;padding:0 .25rem}</style>
        </head>
        <body>
        <h1>The dashboard is not built yet</h1>
        <p>This gateway serves the web dashboard from <code>\(escaped(directory))</code>, and there is no <code>index.html</code> there.</p>
        <p>The dashboard is still being written (issue #8). Once it lands, <code>make run</code> builds it before starting the platform.
        To serve a build from elsewhere, point <code>\(GatewaySettings.staticDirectoryKey.environmentVariable)</code> at the directory holding its <code>index.html</code>.</p>
        <p>The API works without it:</p>
        <ul>
        <li><a href="/openapi.json">/openapi.json</a> — the gateway's API description</li>
        <li><a href="/ready">/ready</a> — whether every service is up</li>
        </ul>
        </body>
        </html>

        """
    }

    /// `text` safe inside HTML element content.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

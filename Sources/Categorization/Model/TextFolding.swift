/// How the categorizer compares text: upper case, runs of whitespace as one space, no leading or trailing space.
/// Non-ASCII letters keep their case-folded upper form, so "Café" and "CAFÉ" compare equal.
public enum TextFolding {
    public static func normalized(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(" ")
                pendingSpace = false
            }
            if scalar.isASCII {
                let value = scalar.value
                output.append(value >= 97 && value <= 122 ? Unicode.Scalar(value - 32)! : scalar)
            } else {
                output.append(contentsOf: scalar.properties.uppercaseMapping.unicodeScalars)
            }
        }
        return String(output)
    }
}
